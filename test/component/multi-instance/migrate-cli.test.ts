// `npm run migrate` (the built dist/src/ledger/migrate-cli.js): what operators run before rolling out
// several instances. It says what it applied, is a no-op the second time, and fails in one line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { describePg, dropSchema, pgExec, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';
import { schemaUrl } from './schema-url';
import { POSTGRES_MIGRATIONS } from '../../../src/ledger/migrations/postgres';
import { SQLITE_MIGRATIONS } from '../../../src/ledger/migrations/sqlite';

// what a new store gets: every migration this build knows (a new one added later keeps these true)
const sqliteAll = `applied migration(s) ${SQLITE_MIGRATIONS.map((m) => m.version).join(', ')}; schema at version ${SQLITE_MIGRATIONS.at(-1)!.version}`;
const sqliteNone = `nothing to apply; schema at version ${SQLITE_MIGRATIONS.at(-1)!.version}`;
const pgAll = `applied migration(s) ${POSTGRES_MIGRATIONS.map((m) => m.version).join(', ')}; schema at version ${POSTGRES_MIGRATIONS.at(-1)!.version}`;
const pgNone = `nothing to apply; schema at version ${POSTGRES_MIGRATIONS.at(-1)!.version}`;

const CLI = join(__dirname, '..', '..', '..', 'dist', 'src', 'ledger', 'migrate-cli.js');

function migrate(databaseUrl: string | undefined, cwd?: string) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm test runs tsc -b)`);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }) };
  const r = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', CLI], { env, cwd, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run migrate on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('applies every migration to a new file, then finds nothing to do', () => {
    const file = join(dir, 'sub', 'ledger.db');
    const first = migrate(`sqlite:${file}`);
    expect(first).toEqual({ status: 0, stderr: '', stdout: `ledger sqlite:${file}: ${sqliteAll}\n` });
    expect(existsSync(file)).toBe(true);
    expect(migrate(`sqlite:${file}`).stdout).toBe(`ledger sqlite:${file}: ${sqliteNone}\n`);
  });

  test('without DATABASE_URL it migrates the default file of npm start, relative to the working directory', () => {
    const r = migrate(undefined, dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`ledger sqlite:${join(dir, 'data', 'ledger.db')}: ${sqliteAll}\n`);
  });

  test.each(['mysql://db/x', 'ledger.db', 'postgres:/nohost'])('a bad DATABASE_URL %p: exit 1, one line naming the key', (url) => {
    const r = migrate(url);
    expect(r).toEqual({ status: 1, stdout: '', stderr: 'migrate failed: CONFIG_INVALID: DATABASE_URL must be sqlite:<path> or postgres://…\n' });
  });
});

describe('npm run migrate, PostgreSQL unreachable', () => {
  test('exit 1 with LEDGER_UNAVAILABLE and no password in the output', () => {
    // port 1 on loopback: nothing listens there, the connection is refused at once
    const r = migrate('postgres://ops:s3cret-pw@127.0.0.1:1/ledger');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^migrate failed: LEDGER_UNAVAILABLE: ledger: cannot migrate: .*ECONNREFUSED.*\n$/);
    expect(r.stderr + r.stdout).not.toContain('s3cret-pw');
  });
});

describePg('npm run migrate on PostgreSQL', () => {
  const schema = uniqueSchema('migrate_cli');
  afterAll(() => dropSchema(schema));

  test('migrates the schema named in the URL, then finds nothing to do; the password is never printed', async () => {
    await pgExec(`CREATE SCHEMA ${schema}`);
    // with trust authentication the password is ignored: it is here to be hidden
    const withPassword = TEST_DATABASE_URL.replace(/^(postgres(?:ql)?:\/\/)([^:@/]+)(:[^@/]*)?@/, '$1$2:hide-me@');
    const url = schemaUrl(withPassword, schema);
    const first = migrate(url);
    expect(first.stderr).toBe('');
    expect(first.stdout.endsWith(`: ${pgAll}\n`)).toBe(true);
    expect(first.stdout).not.toContain('hide-me');

    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
      expect(rows.map((r) => r.table_name)).toEqual(['api_idempotency_keys', 'api_payments', 'digit_login_guard', 'fetches', 'ledger_instances', 'messages', 'outbox', 'payment_bills', 'payments', 'schema_migrations']);
    } finally {
      await client.end();
    }
    expect(migrate(url).stdout.endsWith(`: ${pgNone}\n`)).toBe(true);
  });

  test('a search_path naming a schema that does not exist: exit 1 with a hint', () => {
    const r = migrate(schemaUrl(TEST_DATABASE_URL, `${schema}_missing`));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no schema has been selected to create in \(create the schema named in search_path first\)\n$/);
  });
});
