// HOST and the demo ledger's defaults, and the one-line shape of environment mistakes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBootConfig } from '../../../src/config/boot';
import { DEMO_DATABASE_URL, loadConfig } from '../../../src/config/env';

const remote = { DIGIT_URL: 'https://digit.example', DIGIT_USERNAME: 'u', DIGIT_PASSWORD: 'p' };

test('HOST: 0.0.0.0 with a real DIGIT, loopback for the demo, as set otherwise', () => {
  expect(loadConfig(remote).host).toBe('0.0.0.0');
  expect(loadConfig({}).host).toBe('127.0.0.1');
  expect(loadConfig({ ...remote, HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
  expect(loadConfig({ HOST: '::' }).host).toBe('::');
});

test('the demo (neither DIGIT_URL nor DATABASE_URL) gets its own ledger file; otherwise DATABASE_URL rules', () => {
  expect(loadConfig({})).toMatchObject({ databaseUrl: DEMO_DATABASE_URL, demoLedger: true });
  expect(loadConfig(remote)).toMatchObject({ databaseUrl: 'sqlite:./data/ledger.db', demoLedger: false });
  expect(loadConfig({ DATABASE_URL: 'sqlite:/x/l.db' })).toMatchObject({ databaseUrl: 'sqlite:/x/l.db', demoLedger: false });
});

test.each([
  [{ PORT: 'x', DIGIT_USER_TYPE: 'ROOT' }, 'PORT: must be a number; DIGIT_USER_TYPE: must be one of EMPLOYEE, SYSTEM'],
  [{ TLS_CERT_FILE: 'c' }, 'TLS_CERT_FILE: needs TLS_KEY_FILE as well'],
  [{ DIGIT_PASSWORD: 'a', DIGIT_PASSWORD_FILE: 'b' }, 'DIGIT_PASSWORD, DIGIT_PASSWORD_FILE: set only one of them'],
  [{ DIGIT_URL: 'https://d.example' }, 'DIGIT_USERNAME, DIGIT_PASSWORD (or DIGIT_PASSWORD_FILE): required when DIGIT_URL is set'],
  [{ DATABASE_URL: 'mysql://root:hunter2@db/x' }, 'DATABASE_URL: must be sqlite:<path> or postgres://…'],
  [{ CONSOLE_SESSION_SECRET: 'short-secret' }, 'CONSOLE_SESSION_SECRET: must be at least 32 characters (e.g. openssl rand -base64 48)'],
  [{ CONSOLE_SESSION_SECRET: 'x'.repeat(32), CONSOLE_SESSION_SECRET_FILE: 'f' }, 'CONSOLE_SESSION_SECRET, CONSOLE_SESSION_SECRET_FILE: set only one of them'],
  [{ DIGIT_PERSIST_BOUND_MS: '30000' }, 'DIGIT_PERSIST_BOUND_MS (30000): must be at least the payment lease, 4 × DIGIT_TIMEOUT_MS + 5000 = 45000 ms (a _create may still be on its way to DIGIT that long)'],
])('%j → %s (one line, no secret echoed)', (env, message) => {
  expect(() => loadConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message }));
});

test('DIGIT_PERSIST_BOUND_MS equal to the payment lease is accepted', () => {
  expect(loadConfig({ DIGIT_TIMEOUT_MS: '1000', DIGIT_PERSIST_BOUND_MS: '9000' }).digitPersistBoundMs).toBe(9000);
});

test('the console session secret: from CONSOLE_SESSION_SECRET or the file CONSOLE_SESSION_SECRET_FILE names (trimmed, at least 32 characters)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'env-secret-'));
  try {
    expect(loadConfig({}).consoleSessionSecret).toBeUndefined();
    expect(loadConfig({ CONSOLE_SESSION_SECRET: 's'.repeat(40) }).consoleSessionSecret).toBe('s'.repeat(40));
    const good = join(dir, 'good');
    writeFileSync(good, `${'f'.repeat(48)}\n`);
    expect(loadBootConfig({ CONSOLE_SESSION_SECRET_FILE: good }).config.consoleSessionSecret).toBe('f'.repeat(48));
    const short = join(dir, 'short');
    writeFileSync(short, 'REPLACE_ME\n');
    expect(() => loadBootConfig({ CONSOLE_SESSION_SECRET_FILE: short })).toThrow(`CONSOLE_SESSION_SECRET_FILE (${short}): must hold at least 32 characters (e.g. openssl rand -base64 48)`);
    expect(() => loadBootConfig({ CONSOLE_SESSION_SECRET_FILE: join(dir, 'absent') })).toThrow(/^CONSOLE_SESSION_SECRET_FILE \(.*absent\): cannot be read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
