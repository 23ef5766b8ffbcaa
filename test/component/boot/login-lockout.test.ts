// A crash-looping or restarted adapter never locks the DIGIT account (issue 15), on the built process
// against a separately started sandbox: six boots with a wrong password send at most one refused
// login (the refusal is remembered in the ledger), readiness says why it waits and until when, six
// boots with a bad key file send nothing at all, and the account still logs in with its password.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDigitSandbox, SANDBOX_USER, type DigitSandbox } from '../../../src/simulators/digit';
import { describePg, dropSchema, pgExec, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';
import { killAdapter, sandboxEnv, startAdapter, type AdapterProcess } from '../multi-instance/adapter-process';
import { schemaUrl } from '../multi-instance/schema-url';
import { bootToExit } from './boot-process';

let sandbox: DigitSandbox;
let sandboxServer: { url: string; close(): Promise<void> };
let dir: string;
const running = new Set<AdapterProcess>();

beforeAll(async () => {
  sandbox = createDigitSandbox();
  sandboxServer = await sandbox.listen(0, '127.0.0.1');
  dir = mkdtempSync(join(tmpdir(), 'lockout-'));
});
afterAll(async () => {
  await Promise.all([...running].map(killAdapter));
  await sandboxServer.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sandbox.reset());

const wrongPassword = () => ({ ...sandboxEnv(sandboxServer.url), DIGIT_PASSWORD: 'REPLACE_ME' });

/** The sandbox's own count of refused logins, and whether the right password still logs in. */
async function accountState(): Promise<{ failedLogins: number; rightPasswordWorks: boolean }> {
  const form = new URLSearchParams({ grant_type: 'password', scope: 'read', username: SANDBOX_USER.username, password: SANDBOX_USER.password, tenantId: SANDBOX_USER.tenantId, userType: 'EMPLOYEE' });
  const failedLogins = sandbox.stats().failedLogins;
  const res = await fetch(`${sandboxServer.url}/user/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('egov-user-client:').toString('base64')}` },
    body: form.toString(),
  });
  return { failedLogins, rightPasswordWorks: res.status === 200 };
}

/** Boots, waits for the adapter to say its login waits, reads readiness, stops it with SIGTERM. */
async function bootAndStop(env: Record<string, string>): Promise<{ ready: { status: number; body: Record<string, string> } }> {
  const a = await startAdapter(env);
  running.add(a);
  try {
    await a.waitFor('DIGIT login waiting', 15_000);
    const res = await fetch(`${a.url}/health/ready`);
    const ready = { status: res.status, body: (await res.json()) as Record<string, string> };
    a.child.kill('SIGTERM');
    expect(await a.exited).toEqual({ code: 0, signal: null });
    return { ready };
  } finally {
    await killAdapter(a);
    running.delete(a);
  }
}

test('six boots with a wrong password: one refused login in all, readiness says why and until when', async () => {
  const env = { ...wrongPassword(), DATABASE_URL: `sqlite:${join(dir, 'wrong-password.db')}` };
  for (let boot = 1; boot <= 6; boot++) {
    const { ready } = await bootAndStop(env);
    expect(ready.status).toBe(503);
    expect(ready.body.digit).toMatch(/^waiting: DIGIT refused this account's login \(invalid_request: Invalid login credentials\); next login at \d{4}-\d\d-\d\dT/);
    expect(Date.parse(ready.body.digitNextLoginAt)).toBeGreaterThan(Date.now());
    expect(sandbox.stats().failedLogins).toBe(1);
  }
  expect(await accountState()).toEqual({ failedLogins: 1, rightPasswordWorks: true });
});

test('six boots with a bad signing key: each stops at the configuration with one line, DIGIT never contacted', async () => {
  const key = join(dir, 'key.pem');
  writeFileSync(key, 'REPLACE_ME: paste the PEM private key here (-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----)\n');
  const env = { ...wrongPassword(), DATABASE_URL: `sqlite:${join(dir, 'bad-key.db')}`, BBPS_SIGNING_KEY_FILE: key };
  for (let boot = 1; boot <= 6; boot++) {
    const r = await bootToExit(env);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: `CONFIG_INVALID: BBPS_SIGNING_KEY_FILE (${key}): not a PEM private key\n` });
  }
  expect(sandbox.stats()).toMatchObject({ logins: 0, failedLogins: 0 });
  expect(await accountState()).toEqual({ failedLogins: 0, rightPasswordWorks: true });
});

describePg('two instances on one PostgreSQL ledger', () => {
  const schema = uniqueSchema('lockout');
  beforeAll(() => pgExec(`CREATE SCHEMA ${schema}`));
  afterAll(() => dropSchema(schema));

  test('three rounds of two instances booting at once with a wrong password: at most one refused login', async () => {
    const env = { ...wrongPassword(), DATABASE_URL: schemaUrl(TEST_DATABASE_URL, schema) };
    for (let round = 1; round <= 3; round++) {
      const results = await Promise.all([bootAndStop(env), bootAndStop(env)]);
      for (const { ready } of results) {
        expect(ready.status).toBe(503);
        expect(ready.body.digit).toMatch(/^waiting: DIGIT refused this account's login .*; next login at /);
      }
    }
    const state = await accountState();
    expect(state.failedLogins).toBe(1);
    expect(state.rightPasswordWorks).toBe(true);
  });

  test('an instance on the shared ledger without DIGIT_URL says loudly that its DIGIT is its own', async () => {
    const a = await startAdapter({ DATABASE_URL: schemaUrl(TEST_DATABASE_URL, schema) });
    running.add(a);
    try {
      expect(a.output()).toMatch(/"level":"error","message":"SHARED LEDGER WITH A PRIVATE DIGIT: DATABASE_URL is PostgreSQL but DIGIT_URL is not set.*npm run sandbox:digit.*DIGIT_URL/);
    } finally {
      await killAdapter(a);
      running.delete(a);
    }
  });
});
