// `npm run recon -- --from 2026-11-01 --to 2026-11-24 [--tenant pb.amritsar] [--format table|json|csv]
// [--out file] [--repair]` (docs/reconciliation.md): the ledger of DATABASE_URL against the DIGIT of
// DIGIT_URL, the service need not run. Exit 0: nothing needs action; 1: something does; 2: it could
// not run (bad arguments, configuration, DIGIT or the ledger unreadable), with one line saying why.
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { loadBillersFile } from '../billers/load';
import { BillerRegistry } from '../billers/registry';
import { loadConfig } from '../config/env';
import { AppError, isAppError } from '../core/errors';
import { silentLogger } from '../core/logger';
import { DigitCallError, systemClock } from '../core/ports';
import { reconCsv } from '../core/recon-csv';
import { reconTable, repairTable } from '../core/recon-table';
import { reconcile, repairReconciliation, type ReconDeps, type ReconReport, type RepairResult } from '../core/reconcile';
import { createDigitGateway, paymentLeaseMs } from '../digit';
import { OpsLog } from '../jobs/ops-log';
import { openLedger, openLoginGuard, parseDatabaseUrl } from '../ledger';

const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export interface ReconArgs {
  from: string;
  to: string;
  tenant?: string;
  format: Format;
  out?: string;
  repair: boolean;
}

const usage = 'usage: npm run recon -- --from yyyy-MM-dd --to yyyy-MM-dd [--tenant pb.amritsar] [--format table|json|csv] [--out file] [--repair]';

export function parseReconArgs(argv: string[]): ReconArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' }, to: { type: 'string' }, tenant: { type: 'string' }, format: { type: 'string' },
        out: { type: 'string' }, repair: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new AppError('REQUEST_INVALID', `${(e as Error).message}; ${usage}`);
  }
  if (!values.from || !values.to) throw new AppError('REQUEST_INVALID', `--from and --to are required; ${usage}`);
  const format = (values.format ?? 'table') as Format;
  if (!FORMATS.includes(format)) throw new AppError('REQUEST_INVALID', `--format must be table, json or csv (got ${JSON.stringify(values.format)})`);
  return { from: values.from, to: values.to, ...(values.tenant ? { tenant: values.tenant } : {}), format, ...(values.out ? { out: values.out } : {}), repair: values.repair ?? false };
}

export function render(format: Format, report: ReconReport, repaired?: RepairResult): string {
  if (format === 'json') return `${JSON.stringify(repaired ? { ...report, repair: repaired } : report, null, 2)}\n`;
  if (format === 'csv') return reconCsv(report);
  return reconTable(report) + (repaired ? `\n${repairTable(repaired)}` : '');
}

/** A progress bar on stderr, only when stderr is a terminal (never in a pipe, a file or CI logs). */
function progressBar(): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ stream: process.stderr, format: 'reconciling [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true });
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, done);
      else {
        bar.setTotal(total);
        bar.update(done);
      }
      started = true;
    },
    stop: () => started && bar.stop(),
  };
}

export async function runRecon(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: 0 | 1; output: string; args: ReconArgs }> {
  const args = parseReconArgs(argv);
  const config = loadConfig(env);
  if (!config.digitUrl) throw new AppError('CONFIG_INVALID', 'DIGIT_URL is not set: the reconciliation reads a running DIGIT (with DIGIT_USERNAME and DIGIT_PASSWORD)');
  const target = parseDatabaseUrl(config.databaseUrl);
  if (target.kind === 'sqlite' && (target.path === ':memory:' || !existsSync(target.path))) {
    throw new AppError('LEDGER_UNAVAILABLE', `no ledger at ${target.path} (DATABASE_URL)`);
  }
  const billers = new BillerRegistry(loadBillersFile(config.billersFile));
  const ledger = await openLedger(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous, besideService: true });
  const loginGuard = openLoginGuard(config.databaseUrl);
  const digit = createDigitGateway({
    baseUrl: config.digitUrl, username: config.digitUsername ?? '', password: config.digitPassword ?? '', loginTenant: config.digitLoginTenant,
    userType: config.digitUserType, timeoutMs: config.digitTimeoutMs, logger: silentLogger, loginGuard,
  });
  const deps: ReconDeps = {
    ledger, digit, billers, reversals: new OpsLog(ledger), clock: systemClock, log: silentLogger, leaseMs: paymentLeaseMs(config.digitTimeoutMs),
  };
  const bar = progressBar();
  try {
    const q = { from: args.from, to: args.to, ...(args.tenant ? { tenant: args.tenant } : {}) };
    let report = await reconcile(deps, q, (d, t) => bar.update(d, t));
    let repaired: RepairResult | undefined;
    if (args.repair) {
      repaired = await repairReconciliation(deps, report);
      // what is true now: the settled items read MATCHED
      if (repaired.repaired.length) report = await reconcile(deps, q, (d, t) => bar.update(d, t));
    }
    bar.stop();
    return { code: report.needsAction ? 1 : 0, output: render(args.format, report, repaired), args };
  } finally {
    bar.stop();
    digit.close();
    await loginGuard.close();
    await ledger.close();
  }
}

/** One line for a run that could not be made. */
export function failureLine(e: unknown): string {
  if (e instanceof DigitCallError) return `recon: DIGIT could not be read (${e.kind}): ${e.message}`;
  if (isAppError(e)) return `recon: ${e.code}: ${e.message.replace(/\s*[\r\n]+\s*/g, ' ')}`;
  return `recon: ${(e as Error)?.message ?? String(e)}`;
}

if (require.main === module) {
  runRecon(process.argv.slice(2), process.env).then(
    ({ code, output, args }) => {
      if (args.out) writeFileSync(args.out, output);
      else process.stdout.write(output);
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${failureLine(e)}\n`);
      process.exitCode = 2;
    },
  );
}
