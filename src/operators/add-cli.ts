// `npm run operator:add -- --id ops-01 --role operator|viewer [--name "…"]`
// Adds an operator to OPERATORS_FILE (default config/operators.json), printing its new key once:
// only the key's SHA-256 is stored.
import { parseArgs } from 'node:util';
import { appendEntry } from '../config/json-file';
import { isAppError } from '../core/errors';
import { newKey, sha256Hex } from '../clients/keys';
import { OPERATOR_KEY_PREFIX } from './demo';
import { parseOperators } from './load';

export interface AddOperatorResult {
  file: string;
  id: string;
  role: string;
  key: string;
}

/** Adds the operator to the file (created when missing), re-validating the whole file before writing it. */
export function addOperator(argv: string[], env: NodeJS.ProcessEnv = process.env): AddOperatorResult {
  const { values } = parseArgs({
    args: argv,
    options: { id: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  if (!values.id) throw new Error('--id is required (e.g. --id ops-01)');
  if (values.role !== 'viewer' && values.role !== 'operator') throw new Error('--role is required: viewer (read only) or operator (read and act)');
  const file = env.OPERATORS_FILE || 'config/operators.json';
  const key = newKey(OPERATOR_KEY_PREFIX);
  const entry = { id: values.id, name: values.name ?? values.id, keySha256: sha256Hex(key), role: values.role };
  appendEntry(file, 'operators', entry, (next) => parseOperators(next, file));
  return { file, id: values.id, role: values.role, key };
}

if (require.main === module) {
  try {
    const r = addOperator(process.argv.slice(2));
    process.stdout.write(`operator ${r.id} (${r.role}) added to ${r.file}\noperator key (shown once; only its SHA-256 is stored): ${r.key}\n`);
  } catch (e) {
    process.stderr.write(`operator:add: ${isAppError(e) ? `${e.code}: ${e.message}` : (e as Error).message}\n`);
    process.exit(2);
  }
}
