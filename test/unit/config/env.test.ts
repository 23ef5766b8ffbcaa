// HOST and the demo ledger's defaults, and the one-line shape of environment mistakes.
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
  [{ DIGIT_PERSIST_BOUND_MS: '30000' }, 'DIGIT_PERSIST_BOUND_MS (30000): must be at least the payment lease, 4 × DIGIT_TIMEOUT_MS + 5000 = 45000 ms (a _create may still be on its way to DIGIT that long)'],
])('%j → %s (one line, no secret echoed)', (env, message) => {
  expect(() => loadConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message }));
});

test('DIGIT_PERSIST_BOUND_MS equal to the payment lease is accepted', () => {
  expect(loadConfig({ DIGIT_TIMEOUT_MS: '1000', DIGIT_PERSIST_BOUND_MS: '9000' }).digitPersistBoundMs).toBe(9000);
});
