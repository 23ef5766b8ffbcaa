// A tool beside the running service (recon: besideService) must not migrate the service's ledger: the
// running process's prepared statements would go on writing the old layout under the new schema (after
// migration 10, rows without amount_paise / consumer_code / receipt_number: missing from totals and
// search for good; found by a cold review). It refuses, saying what to do, and changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SQLITE_MIGRATIONS } from '../../../src/ledger/migrations/sqlite';
import { migrateSqlite } from '../../../src/ledger/sqlite/migrate';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';

const dir = mkdtempSync(join(tmpdir(), 'ledger-beside-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version;
const versions = (path: string) => {
  const db = new DatabaseSync(path);
  try {
    return db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => Number(r.version));
  } finally {
    db.close();
  }
};

describe('a ledger opened beside the service', () => {
  it('is never migrated: refused with what to do, the schema left as it was', async () => {
    const path = join(dir, 'v9.db');
    const old = new DatabaseSync(path);
    migrateSqlite(old, 1, SQLITE_MIGRATIONS.filter((m) => m.version <= 9));
    old.close();
    await expect(openSqliteLedger(path, { besideService: true })).rejects.toThrow(
      new RegExp(`schema version 9 and this build needs ${latest}: stop the service`),
    );
    expect(versions(path)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // the service itself (or npm run migrate) migrates it; then the tool opens it
    await (await openSqliteLedger(path)).close();
    await (await openSqliteLedger(path, { besideService: true })).close();
    expect(versions(path).at(-1)).toBe(latest);
  });

  it('a current or brand-new file opens as before', async () => {
    const path = join(dir, 'new.db');
    await (await openSqliteLedger(path, { besideService: true })).close();
    expect(versions(path).at(-1)).toBe(latest);
  });
});
