// Every configuration mistake stops the built process with one line naming the setting (and its
// file), before any network call; a port in use likewise; a ledger path that cannot exist ends the
// process within seconds (no mkdir spin); HOST decides the address bound, and the log says which.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteLedger } from '../../../src/ledger';
import { createDigitSandbox, type DigitSandbox } from '../../../src/simulators/digit';
import { killAdapter, sandboxEnv, startAdapter, type AdapterProcess } from '../multi-instance/adapter-process';
import { bootToExit, ROOT } from './boot-process';

let dir: string;
let sandbox: DigitSandbox;
let sandboxServer: { url: string; close(): Promise<void> };
let ledger: () => string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'config-errors-'));
  sandbox = createDigitSandbox();
  sandboxServer = await sandbox.listen(0, '127.0.0.1');
  let n = 0;
  ledger = () => `sqlite:${join(dir, `ledger-${n++}.db`)}`;
});
afterAll(async () => {
  await sandboxServer.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('one line per mistake, naming the setting, and DIGIT never contacted', () => {
  // a variable set to undefined is left out (DIGIT_PASSWORD when the case uses DIGIT_PASSWORD_FILE)
  const cases: Array<[string, () => Record<string, string | undefined>, (d: string) => string[]]> = [
    ['PORT not a number', () => ({ PORT: 'eighty' }), () => ['CONFIG_INVALID: PORT: must be a number']],
    ['HOST not an address', () => ({ HOST: 'not a host!' }), () => ['CONFIG_INVALID: HOST: must be an IP address or a host name']],
    ['BBPS_CU_CERT_FILE missing', () => ({ BBPS_CU_CERT_FILE: join(dir, 'none.pem') }), (d) => [`CONFIG_INVALID: BBPS_CU_CERT_FILE (${join(d, 'none.pem')}): cannot be read (ENOENT)`]],
    ['BBPS_CU_CERT_FILE a placeholder', () => ({ BBPS_CU_CERT_FILE: file('cu.pem', 'REPLACE_ME\n') }), (d) => [`CONFIG_INVALID: BBPS_CU_CERT_FILE (${join(d, 'cu.pem')}): not a PEM certificate or public key`]],
    ['DIGIT_PASSWORD_FILE empty', () => ({ DIGIT_PASSWORD: undefined, DIGIT_PASSWORD_FILE: file('pw', '\n') }), (d) => [`CONFIG_INVALID: DIGIT_PASSWORD_FILE (${join(d, 'pw')}): is empty`]],
    ['BBPS_ALLOWED_IPS with a bad entry', () => ({ BBPS_ALLOWED_IPS: '10.0.0.0/8,not-an-ip' }), () => [expect.stringMatching(/^CONFIG_INVALID: BBPS_ALLOWED_IPS: invalid entry "not-an-ip"/) as unknown as string]],
    [
      // the design's example with the mobile optional: a mobile fetch would answer BFR002 with no reason
      'a mandatory search parameter beside another: the biller and both parameters named',
      () => {
        const billers = JSON.parse(readFileSync(join(ROOT, 'config', 'billers.json'), 'utf8')) as { billers: Array<{ customerParams: Array<{ name: string; optional?: boolean }> }> };
        billers.billers[0].customerParams.find((p) => p.name === 'Property ID')!.optional = false;
        return { BILLERS_FILE: file('dead-param.json', JSON.stringify(billers)) };
      },
      (d) => [`CONFIG_INVALID: BILLERS_FILE (${join(d, 'dead-param.json')}): biller PBMC00000PUN01, field customerParams: "Property ID" is mandatory beside the search parameter "Registered Mobile Number"; search parameters are alternatives: mark both "optional" (exactly one is sent per request)`],
    ],
    [
      'an operator with a bad key hash: the file, the operator and the field named',
      () => ({ OPERATORS_FILE: file('operators.json', JSON.stringify({ operators: [{ id: 'ops-01', name: 'Night desk', keySha256: 'REPLACE_ME', role: 'operator' }] })) }),
      (d) => [`CONFIG_INVALID: OPERATORS_FILE (${join(d, 'operators.json')}): operator ops-01, field keySha256: must be 64 lower-case hex digits (the SHA-256 of the key)`],
    ],
    [
      'an operator with an unknown role',
      () => ({ OPERATORS_FILE: file('operators-role.json', JSON.stringify({ operators: [{ id: 'ops-02', name: 'Desk', keySha256: 'a'.repeat(64), role: 'admin' }] })) }),
      (d) => [`CONFIG_INVALID: OPERATORS_FILE (${join(d, 'operators-role.json')}): operator ops-02, field role: "operators[0].role" must be one of [viewer, operator]`],
    ],
    [
      'several files wrong at once: every one named',
      () => ({ BILLERS_FILE: file('billers.json', '{ "billers": [ '), BBPS_SIGNING_KEY_FILE: file('key.pem', 'REPLACE_ME\n'), TLS_CERT_FILE: join(dir, 'no.crt'), TLS_KEY_FILE: file('tls.key', 'x') }),
      (d) => [
        expect.stringMatching(new RegExp(`^CONFIG_INVALID: BILLERS_FILE \\(${join(d, 'billers.json')}\\): is not valid JSON`)) as unknown as string,
        `CONFIG_INVALID: BBPS_SIGNING_KEY_FILE (${join(d, 'key.pem')}): not a PEM private key`,
        `CONFIG_INVALID: TLS_CERT_FILE (${join(d, 'no.crt')}): cannot be read (ENOENT)`,
        `CONFIG_INVALID: TLS_KEY_FILE (${join(d, 'tls.key')}): not a PEM private key`,
      ],
    ],
  ];
  test.each(cases)('%s', async (_name, env, lines) => {
    const before = sandbox.stats();
    const all = { ...sandboxEnv(sandboxServer.url), DATABASE_URL: ledger(), ...env() };
    const r = await bootToExit(Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined)));
    expect({ code: r.code, lines: r.stderr.split('\n').filter(Boolean) }).toEqual({ code: 1, lines: lines(dir) });
    const after = sandbox.stats();
    expect([after.logins, after.failedLogins]).toEqual([before.logins, before.failedLogins]);
  });
});

test('a port in use: one line naming PORT and HOST, no stack, no DIGIT login', async () => {
  const taken: Server = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as { port: number }).port;
  try {
    const before = sandbox.stats().logins;
    const r = await bootToExit({ ...sandboxEnv(sandboxServer.url), DATABASE_URL: ledger(), PORT: String(port), HOST: '127.0.0.1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`CONFIG_INVALID: PORT (${port}) on HOST (127.0.0.1): cannot listen: the address is already in use (another process listens there)\n`);
    expect(sandbox.stats().logins).toBe(before);
  } finally {
    await new Promise((r) => taken.close(r));
  }
});

test('DATABASE_URL under /proc: exits within seconds with a message (no mkdir spin)', async () => {
  const r = await bootToExit({ DATABASE_URL: 'sqlite:/proc/x/ledger.db' }, 10_000);
  expect(r.signal).toBeNull();
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('CONFIG_INVALID: DATABASE_URL (sqlite:/proc/x/ledger.db): cannot create the directory /proc/x (ENOENT)\n');
  expect(r.ms).toBeLessThan(10_000);
});

describe('HOST', () => {
  let a: AdapterProcess | undefined;
  afterEach(async () => {
    await killAdapter(a);
    a = undefined;
  });
  const listening = (p: AdapterProcess) => JSON.parse(p.output().split('\n').find((l) => l.includes('"adapter listening"')) as string) as { url: string; host: string; port: number };
  const refused = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const s = connect(port, host);
      s.once('connect', () => (s.destroy(), resolve(false)));
      s.once('error', () => resolve(true));
    });
  /** an IPv4 address of this machine other than loopback, if it has one */
  const outside = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  test('HOST=127.0.0.1 binds loopback only, and the log says so', async () => {
    a = await startAdapter({ ...sandboxEnv(sandboxServer.url), DATABASE_URL: ledger(), HOST: '127.0.0.1' });
    const l = listening(a);
    expect(l).toMatchObject({ host: '127.0.0.1', url: `http://127.0.0.1:${l.port}` });
    expect((await fetch(`${a.url}/health/live`)).status).toBe(200);
    if (outside) expect(await refused(outside, l.port)).toBe(true);
  });

  test('with DIGIT_URL the default is 0.0.0.0 (every IPv4 interface), logged as bound', async () => {
    a = await startAdapter({ ...sandboxEnv(sandboxServer.url), DATABASE_URL: ledger() });
    const l = listening(a);
    expect(l).toMatchObject({ host: '0.0.0.0', url: `http://0.0.0.0:${l.port}` });
    if (outside) expect(await refused(outside, l.port)).toBe(false);
  });

  test('the demo (no DIGIT_URL) binds loopback by default', async () => {
    a = await startAdapter({ DATABASE_URL: ledger() });
    expect(listening(a)).toMatchObject({ host: '127.0.0.1' });
  });
});

test('the demo ledger starts empty on every start, like its in-process sandbox', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'demo-'));
  const env = { BILLERS_FILE: join(ROOT, 'config', 'billers.json') };
  const pay = async (url: string) => {
    const res = await fetch(`${url}/bbps/sync/BillPaymentRequest`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: readFileSync(join(ROOT, 'examples', 'payment.xml')) });
    return { status: res.status, body: await res.text() };
  };
  const txn = /txnReferenceId="([^"]+)"/.exec(readFileSync(join(ROOT, 'examples', 'payment.xml'), 'utf8'))?.[1] as string;
  const paymentInLedger = async (path: string) => {
    const l = await openSqliteLedger(path);
    try {
      return (await l.getPayment(txn)) !== undefined;
    } finally {
      await l.close();
    }
  };
  let a: AdapterProcess | undefined;
  try {
    for (let run = 1; run <= 2; run++) {
      a = await startAdapter(env, 20_000, cwd);
      expect(a.output()).toContain('"ledger":"sqlite:./data/demo-ledger.db"');
      // the first run's payment is gone with its sandbox: a kept ledger would replay its old receipt
      // and pay nothing in this run's (fresh) sandbox
      expect(await paymentInLedger(join(cwd, 'data', 'demo-ledger.db'))).toBe(false);
      const answer = await pay(a.url);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatch(/responseCode="000"/);
      expect(await paymentInLedger(join(cwd, 'data', 'demo-ledger.db'))).toBe(true);
      a.child.kill('SIGTERM');
      await a.exited;
      a = undefined;
    }
  } finally {
    await killAdapter(a);
    rmSync(cwd, { recursive: true, force: true });
  }
});
