// `npm run client:add -- --id agent-01 --billers PBMC00000PUN01[,AMRW00000PUN01] [--name "…"] [--rate 600]`
// Adds a JSON API client to CLIENTS_FILE (default config/clients.json), printing its new key once:
// only the key's SHA-256 is stored.
import { parseArgs } from 'node:util';
import { loadBillersFile } from '../billers/load';
import { BillerRegistry } from '../billers/registry';
import { appendEntry } from '../config/json-file';
import { isAppError } from '../core/errors';
import { newApiKey, sha256Hex } from './keys';
import { parseClients } from './load';

export interface AddClientResult {
  file: string;
  id: string;
  key: string;
}

/** Adds the client to the file (created when missing), re-validating the whole file before writing it. */
export function addClient(argv: string[], env: NodeJS.ProcessEnv = process.env): AddClientResult {
  const { values } = parseArgs({
    args: argv,
    options: {
      id: { type: 'string' },
      billers: { type: 'string', multiple: true },
      name: { type: 'string' },
      rate: { type: 'string' },
    },
    strict: true,
  });
  if (!values.id) throw new Error('--id is required (e.g. --id agent-01)');
  const billerIds = (values.billers ?? []).flatMap((b) => b.split(',')).map((b) => b.trim()).filter(Boolean);
  if (billerIds.length === 0) throw new Error('--billers is required (e.g. --billers PBMC00000PUN01,AMRW00000PUN01)');
  const rate = values.rate === undefined ? 600 : Number(values.rate);
  const file = env.CLIENTS_FILE || 'config/clients.json';
  const billers = new BillerRegistry(loadBillersFile(env.BILLERS_FILE || 'config/billers.json'));

  const key = newApiKey();
  const entry = { id: values.id, name: values.name ?? values.id, keySha256: sha256Hex(key), billers: billerIds, ratePerMinute: rate };
  appendEntry(file, 'clients', entry, (next) => parseClients(next, billers, file));
  return { file, id: values.id, key };
}

if (require.main === module) {
  try {
    const r = addClient(process.argv.slice(2));
    process.stdout.write(`client ${r.id} added to ${r.file}\nAPI key (shown once; only its SHA-256 is stored): ${r.key}\n`);
  } catch (e) {
    process.stderr.write(`client:add: ${isAppError(e) ? `${e.code}: ${e.message}` : (e as Error).message}\n`);
    process.exit(2);
  }
}
