import { POSTGRES_MIGRATIONS } from '../../../src/ledger/migrations/postgres';
import { SQLITE_MIGRATIONS } from '../../../src/ledger/migrations/sqlite';
import { pendingMigrations, type Migration } from '../../../src/ledger/migrations/types';

const m = (version: number): Migration => ({ version, name: `m${version}`, sql: '' });

describe('migrations', () => {
  it('number both dialects alike, strictly increasing: one logical schema', () => {
    for (const list of [SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS]) {
      const versions = list.map((x) => x.version);
      expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    }
    expect(POSTGRES_MIGRATIONS.map((x) => x.version)).toEqual(SQLITE_MIGRATIONS.map((x) => x.version));
    // one name per step; PostgreSQL's may name what it adds beyond the shared schema (heartbeats)
    SQLITE_MIGRATIONS.forEach((m, i) => expect(POSTGRES_MIGRATIONS[i].name.startsWith(m.name)).toBe(true));
  });

  it('create the same tables and indexes in both dialects, and add the same columns', () => {
    // SQLite's step 10 is storage only (compressed payment documents, the columns SQL reads in them):
    // PostgreSQL records the step and keeps JSONB
    const shared = (x: Migration) => !(SQLITE_MIGRATIONS.includes(x) && x.version === 10);
    const names = (list: readonly Migration[], what: RegExp) =>
      list.filter(shared).flatMap((x) => [...x.sql.matchAll(what)].map((r) => r[1])).sort();
    const created = /CREATE (?:TABLE|INDEX) (\w+)/g;
    // PostgreSQL alone keeps instance heartbeats (SQLite: one process per file frees leases at open)
    expect(names(POSTGRES_MIGRATIONS, created).filter((n) => n !== 'ledger_instances')).toEqual(names(SQLITE_MIGRATIONS, created));
    expect(names(POSTGRES_MIGRATIONS, created)).toContain('ledger_instances');
    const added = /ALTER TABLE (\w+ ADD COLUMN \w+)/g;
    expect(names(POSTGRES_MIGRATIONS, added)).toEqual(names(SQLITE_MIGRATIONS, added));
    expect(names(SQLITE_MIGRATIONS, added)).toEqual(expect.arrayContaining([
      'payments ADD COLUMN lease_owner', 'payments ADD COLUMN lease_token', 'payments ADD COLUMN last_post_at',
      'payments ADD COLUMN reversal_requested_at', 'outbox ADD COLUMN lease_owner',
    ]));
  });

  it('SQLite step 10 moves what SQL reads in the documents to columns, and PostgreSQL changes nothing', () => {
    const lite = SQLITE_MIGRATIONS.find((x) => x.version === 10)!.sql;
    for (const c of ['request_z BLOB', 'plan_z BLOB', 'outcome_z BLOB', 'consumer_code TEXT', 'receipt_number TEXT', 'amount_paise INTEGER']) {
      expect(lite).toContain(`ALTER TABLE payments ADD COLUMN ${c}`);
    }
    // the same two search indexes as step 8, on the columns now
    expect([...lite.matchAll(/DROP INDEX (\w+)/g)].map((r) => r[1]).sort()).toEqual(['payments_by_consumer_code', 'payments_by_receipt']);
    expect(lite).not.toContain('json_extract(plan, \'$.bills[0].consumerCode\'))');
    expect(POSTGRES_MIGRATIONS.find((x) => x.version === 10)!.sql).toBe('SELECT 1');
  });

  it('pendingMigrations returns what is missing, in order', () => {
    const all = [m(1), m(2), m(3)];
    expect(pendingMigrations(all, [])).toEqual(all);
    expect(pendingMigrations(all, [1])).toEqual([m(2), m(3)]);
    expect(pendingMigrations(all, [1, 2, 3])).toEqual([]);
  });

  it('pendingMigrations refuses a store newer than the build', () => {
    expect(() => pendingMigrations([m(1)], [1, 2])).toThrow(/version 2, newer than this build knows \(1\)/);
  });
});
