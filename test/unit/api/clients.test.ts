// CLIENTS_FILE checked at boot (clear errors naming client and field), keys stored as SHA-256, and
// `npm run client:add` printing a new key once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBillersFile } from '../../../src/billers/load';
import { BillerRegistry } from '../../../src/billers/registry';
import { addClient } from '../../../src/clients/add-cli';
import { sha256Hex } from '../../../src/clients/keys';
import { loadClientsFile, parseClients } from '../../../src/clients/load';
import { ClientRegistry } from '../../../src/clients/registry';
import { OUTCOME_CODES, outcomeCode } from '../../../src/core/outcome-codes';
import { statusOfCode } from '../../../src/http/error-map';

const billers = new BillerRegistry(loadBillersFile('config/billers.json'));
const dir = mkdtempSync(join(tmpdir(), 'bbps-clients-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = { id: 'agent-01', name: 'Agent', keySha256: sha256Hex('k1'), billers: ['PBMC00000PUN01'], ratePerMinute: 60 };

test('a valid file loads; ratePerMinute defaults to 600; a missing file is "no client"', () => {
  const [c] = parseClients({ clients: [{ ...good, ratePerMinute: undefined }] }, billers);
  expect(c).toEqual({ ...good, ratePerMinute: 600 });
  expect(loadClientsFile(join(dir, 'absent.json'), billers)).toBeUndefined();
});

test.each([
  [{ clients: [{ ...good, keySha256: 'abc' }] }, /client agent-01, field keySha256: must be 64 lower-case hex/],
  [{ clients: [{ ...good, id: 'Agent:1' }] }, /client Agent:1, field id: must be 1-32 of a-z/],
  [{ clients: [{ ...good, billers: ['NOPE00000000001'] }] }, /client agent-01, field billers: NOPE00000000001 is not in BILLERS_FILE/],
  [{ clients: [{ ...good, billers: [] }] }, /client agent-01, field billers: .*at least 1/],
  [{ clients: [good, { ...good, keySha256: sha256Hex('k2') }] }, /client agent-01: id is repeated/],
  [{ clients: [good, { ...good, id: 'agent-02' }] }, /client agent-02, field keySha256: another client has the same key/],
  [{ clients: [{ ...good, ratePerMinute: 0 }] }, /field ratePerMinute/],
  [{ client: [] }, /field clients: "clients" is required/],
])('an invalid file stops the boot naming the client and field (%#)', (json, message) => {
  expect(() => parseClients(json, billers, 'x.json')).toThrow(message);
  try {
    parseClients(json, billers, 'x.json');
  } catch (e) {
    expect((e as { code: string }).code).toBe('CONFIG_INVALID');
    expect((e as Error).message).toMatch(/^CLIENTS_FILE x\.json: /);
  }
});

test('a file that is not JSON is refused with its name', () => {
  const file = join(dir, 'broken.json');
  writeFileSync(file, '{"clients": [');
  expect(() => loadClientsFile(file, billers)).toThrow(/CLIENTS_FILE .*broken\.json: is not valid JSON/);
});

test('client:add writes only the SHA-256 of a fresh key, and the file loads; a second add keeps the first', () => {
  const file = join(dir, 'clients.json');
  const env = { CLIENTS_FILE: file, BILLERS_FILE: 'config/billers.json' };
  const first = addClient(['--id', 'agent-01', '--billers', 'PBMC00000PUN01,AMRW00000PUN01'], env);
  const second = addClient(['--id', 'agent-02', '--billers', 'PBTL00000PUN01', '--rate', '120', '--name', 'Counter 2'], env);
  expect(first.key).toMatch(/^bbk_[A-Za-z0-9_-]{43}$/);
  expect(first.key).not.toBe(second.key);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain(first.key);
  const clients = loadClientsFile(file, billers)!;
  expect(clients.map((c) => [c.id, c.billers, c.ratePerMinute])).toEqual([
    ['agent-01', ['PBMC00000PUN01', 'AMRW00000PUN01'], 600],
    ['agent-02', ['PBTL00000PUN01'], 120],
  ]);
  const registry = new ClientRegistry(clients);
  expect(registry.byKey(first.key)?.id).toBe('agent-01');
  expect(registry.byKey(second.key)?.name).toBe('Counter 2');
  expect(registry.byKey('bbk_guess')).toBeUndefined();
  // refused: a repeated id, an unknown biller; the file is left as it was
  expect(() => addClient(['--id', 'agent-01', '--billers', 'PBMC00000PUN01'], env)).toThrow(/id is repeated/);
  expect(() => addClient(['--id', 'agent-03', '--billers', 'NOPE'], env)).toThrow(/NOPE is not in BILLERS_FILE/);
  expect(() => addClient(['--id', 'agent-03'], env)).toThrow(/--billers is required/);
  expect(readFileSync(file, 'utf8')).toBe(text);
});

test('one table: every BBPS code the core answers with has a domain code, none of them "unknown consumer" but BFR001/BPR001', () => {
  const produced = ['BFR001', 'BFR002', 'BFR004', 'BFR008', 'BPR001', 'BPR002', 'BPR005', 'BPR007', 'BPR008', 'BPR010', 'BPR011'];
  const mapped = new Set(OUTCOME_CODES.flatMap((r) => [r.fetch, r.payment, r.validation]).filter(Boolean));
  for (const c of produced) expect(mapped.has(c)).toBe(true);
  expect(produced.filter((c) => outcomeCode(c) === 'UNKNOWN_CONSUMER')).toEqual(['BFR001', 'BPR001']);
  // DIGIT unreachable is a 503 to retry, never a 404
  expect(outcomeCode('BFR008')).toBe('BILLER_UNAVAILABLE');
  expect(statusOfCode(outcomeCode('BPR010'))).toBe(503);
  expect(outcomeCode('BPR999')).toBe('PAYMENT_REFUSED');
});
