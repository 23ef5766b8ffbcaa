// OPERATORS_FILE checked at boot (clear errors naming operator and field), keys stored as SHA-256,
// `npm run operator:add` printing a new key once, and the registry resolving a key to its operator.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../../src/clients/keys';
import { loadBootConfig } from '../../../src/config/boot';
import { addOperator } from '../../../src/operators/add-cli';
import { loadOperatorsFile, parseOperators } from '../../../src/operators/load';
import { OperatorRegistry } from '../../../src/operators/registry';

const dir = mkdtempSync(join(tmpdir(), 'bbps-operators-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = { id: 'ops-01', name: 'Night desk', keySha256: sha256Hex('k1'), role: 'operator' };

test('a valid file loads; a missing file is "no operator"', () => {
  expect(parseOperators({ operators: [good, { ...good, id: 'viewer-1', keySha256: sha256Hex('k2'), role: 'viewer' }] })).toEqual([
    good,
    { id: 'viewer-1', name: 'Night desk', keySha256: sha256Hex('k2'), role: 'viewer' },
  ]);
  expect(loadOperatorsFile(join(dir, 'absent.json'))).toBeUndefined();
});

test.each([
  [{ operators: [{ ...good, keySha256: 'abc' }] }, /operator ops-01, field keySha256: must be 64 lower-case hex/],
  [{ operators: [{ ...good, id: 'Ops 1' }] }, /operator Ops 1, field id: must be 1-32 of a-z/],
  [{ operators: [{ ...good, role: 'admin' }] }, /operator ops-01, field role: .*must be one of \[viewer, operator\]/],
  [{ operators: [{ ...good, role: undefined }] }, /operator ops-01, field role: .*is required/],
  [{ operators: [{ ...good, name: '' }] }, /operator ops-01, field name/],
  [{ operators: [good, { ...good, keySha256: sha256Hex('k2') }] }, /operator ops-01: id is repeated/],
  [{ operators: [good, { ...good, id: 'ops-02' }] }, /operator ops-02, field keySha256: another operator has the same key/],
  [{ operators: [{ ...good, extra: 1 }] }, /operator ops-01, field extra: .*is not allowed/],
  [{ operator: [] }, /field operators: "operators" is required/],
])('an invalid file stops the boot naming the operator and field (%#)', (json, message) => {
  let caught: unknown;
  try {
    parseOperators(json, 'x.json');
  } catch (e) {
    caught = e;
  }
  expect((caught as { code: string }).code).toBe('CONFIG_INVALID');
  expect((caught as Error).message).toMatch(/^OPERATORS_FILE \(x\.json\): /);
  expect((caught as Error).message).toMatch(message);
});

test('the boot refuses a bad OPERATORS_FILE, naming it, before anything else starts', () => {
  const file = join(dir, 'broken.json');
  writeFileSync(file, '{"operators": [');
  expect(() => loadBootConfig({ OPERATORS_FILE: file })).toThrow(/^OPERATORS_FILE \(.*broken\.json\): is not valid JSON/);
  const ok = join(dir, 'ok.json');
  writeFileSync(ok, JSON.stringify({ operators: [good] }));
  expect(loadBootConfig({ OPERATORS_FILE: ok }).operators).toEqual([good]);
  expect(loadBootConfig({ OPERATORS_FILE: join(dir, 'none.json') }).operators).toBeUndefined();
});

test('operator:add writes only the SHA-256 of a fresh key, and the file loads; a second add keeps the first', () => {
  const file = join(dir, 'operators.json');
  const env = { OPERATORS_FILE: file };
  const first = addOperator(['--id', 'ops-01', '--role', 'operator'], env);
  const second = addOperator(['--id', 'audit-1', '--role', 'viewer', '--name', 'Audit'], env);
  expect(first.key).toMatch(/^bbo_[A-Za-z0-9_-]{43}$/);
  expect(first.key).not.toBe(second.key);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain(first.key);
  const operators = loadOperatorsFile(file)!;
  expect(operators.map((o) => [o.id, o.name, o.role])).toEqual([['ops-01', 'ops-01', 'operator'], ['audit-1', 'Audit', 'viewer']]);
  const registry = new OperatorRegistry(operators);
  expect(registry.resolve(first.key)).toEqual({ id: 'ops-01', name: 'ops-01', role: 'operator' });
  expect(registry.resolve(second.key)).toEqual({ id: 'audit-1', name: 'Audit', role: 'viewer' });
  expect(registry.resolve('bbo_guess')).toBeNull();
  expect(registry.resolve('')).toBeNull();
  // refused: a repeated id, a missing or unknown role; the file is left as it was
  expect(() => addOperator(['--id', 'ops-01', '--role', 'viewer'], env)).toThrow(/id is repeated/);
  expect(() => addOperator(['--id', 'ops-03'], env)).toThrow(/--role is required/);
  expect(() => addOperator(['--id', 'ops-03', '--role', 'root'], env)).toThrow(/--role is required: viewer .* or operator/);
  expect(() => addOperator(['--role', 'viewer'], env)).toThrow(/--id is required/);
  expect(() => addOperator(['--id', 'Bad Id', '--role', 'viewer'], env)).toThrow(/field id/);
  expect(readFileSync(file, 'utf8')).toBe(text);
});

test('the built CLI prints the key once and stores its hash (npm run operator:add)', () => {
  const file = join(dir, 'cli.json');
  const out = execFileSync(process.execPath, [join(__dirname, '../../../dist/src/operators/add-cli.js'), '--id', 'ops-09', '--role', 'viewer', '--name', 'Ledger desk'], {
    env: { PATH: process.env.PATH ?? '', OPERATORS_FILE: file },
    encoding: 'utf8',
  });
  const key = /operator key \(shown once; only its SHA-256 is stored\): (bbo_\S+)/.exec(out)![1];
  expect(out).toContain(`operator ops-09 (viewer) added to ${file}`);
  expect(new OperatorRegistry(loadOperatorsFile(file)!).resolve(key)).toEqual({ id: 'ops-09', name: 'Ledger desk', role: 'viewer' });
  let failed: { status: number; stderr: string } | undefined;
  try {
    execFileSync(process.execPath, [join(__dirname, '../../../dist/src/operators/add-cli.js'), '--id', 'ops-09', '--role', 'viewer'], { env: { PATH: process.env.PATH ?? '', OPERATORS_FILE: file }, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    failed = e as { status: number; stderr: string };
  }
  expect(failed?.status).toBe(2);
  expect(failed?.stderr).toMatch(/^operator:add: CONFIG_INVALID: OPERATORS_FILE .*: operator ops-09: id is repeated/);
});
