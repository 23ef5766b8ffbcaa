// Applies the SQLite migrations in one write transaction: two processes opening the same new file
// at once are serialised by the write lock, and the second finds nothing left to do.
import type { DatabaseSync } from 'node:sqlite';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite';
import { pendingMigrations, type Migration } from '../migrations/types';

/**
 * Returns the versions applied by this call (empty when the file was already current). `existingOnly`:
 * a tool beside a running service (recon) never migrates a ledger that has a schema already — the
 * service's prepared statements would go on writing the old layout under the new one (after migration 10:
 * rows with no amount_paise, consumer_code or receipt_number, missing from totals and search for good).
 */
export function migrateSqlite(db: DatabaseSync, now: number, migrations: readonly Migration[] = SQLITE_MIGRATIONS, existingOnly = false): number[] {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
    const applied = db.prepare('SELECT version FROM schema_migrations').all().map((r) => Number(r.version));
    const todo = pendingMigrations(migrations, applied);
    if (existingOnly && applied.length > 0 && todo.length > 0) {
      throw new Error(
        `the ledger is at schema version ${Math.max(...applied)} and this build needs ${todo[todo.length - 1].version}: ` +
          'stop the service, start the new release (or run `npm run migrate`), then run this again',
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of todo) {
      db.exec(m.sql);
      record.run(m.version, m.name, now);
    }
    db.exec('COMMIT');
    return todo.map((m) => m.version);
  } catch (e) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
