// The configuration phase of boot: the environment, then every file it names (billers, operators, keys,
// certificates, the SQLite ledger's directory), all before any network call — DIGIT is contacted
// only by a process whose configuration is whole. Every mistake found is one line naming its setting.
import { dirname } from 'node:path';
import { loadBillersFile } from '../billers/load';
import type { BillerConfig } from '../billers/types';
import { AppError, isAppError } from '../core/errors';
import { ensureDir } from '../ledger/ensure-dir';
import { loadOperatorsFile } from '../operators/load';
import type { Operator } from '../operators/types';
import { parseDatabaseUrl } from '../ledger/url';
import { loadConfig, readSessionSecretFile, type Config } from './env';
import { checkBbpsKeys, loadTls, type Problems, type TlsMaterial } from './key-files';

export interface BootConfig {
  config: Config;
  billers: BillerConfig[];
  /** OPERATORS_FILE's operators; undefined when the file does not exist */
  operators?: Operator[];
  /** HTTPS material when TLS_CERT_FILE/TLS_KEY_FILE are set */
  tls?: TlsMaterial;
}

/** The SQLite ledger's directory exists or can be made (postgres: nothing to check before connecting). */
function checkLedgerLocation(config: Config, problems: Problems): void {
  const target = parseDatabaseUrl(config.databaseUrl);
  if (target.kind !== 'sqlite' || target.path === ':memory:') return;
  try {
    ensureDir(dirname(target.path));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    problems.push(`DATABASE_URL (${config.databaseUrl}): cannot create the directory ${dirname(target.path)} (${err.code ?? err.message})`);
  }
}

/**
 * Throws one CONFIG_INVALID whose `details.problems` lists every mistake (one line each; the message
 * is the first). Environment mistakes stop before the files, which the environment names.
 */
export function loadBootConfig(env: NodeJS.ProcessEnv = process.env): BootConfig {
  const config = loadConfig(env);
  const problems: Problems = [];
  let billers: BillerConfig[] = [];
  let operators: Operator[] | undefined;
  const collect = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!isAppError(e)) throw e;
      problems.push(e.message);
    }
  };
  collect(() => (billers = loadBillersFile(config.billersFile)));
  collect(() => (operators = loadOperatorsFile(config.operatorsFile)));
  collect(() => checkLedgerLocation(config, problems));
  checkBbpsKeys(config, problems);
  const secretFile = config.consoleSessionSecretFile;
  if (secretFile) collect(() => (config.consoleSessionSecret = readSessionSecretFile(secretFile)));
  const tls = loadTls(config, problems);
  if (problems.length) throw new AppError('CONFIG_INVALID', problems[0] as string, { problems });
  return { config, billers, ...(operators ? { operators } : {}), ...(tls ? { tls } : {}) };
}

/** The lines main.ts prints for a boot error: one per problem, each with its code. */
export function bootErrorLines(e: AppError): string[] {
  const problems = Array.isArray(e.details.problems) ? (e.details.problems as string[]) : [e.message];
  // a parser's message may quote the file across lines: each problem stays one line
  return problems.map((p) => `${e.code}: ${p.replace(/\s*[\r\n]+\s*/g, ' ')}`);
}
