// `npm run migrate`: brings the ledger of DATABASE_URL up to date and says what it applied, so an
// operator can migrate once before rolling out several instances (each instance also migrates at
// start; the advisory lock / SQLite write lock makes concurrent runs safe).
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { isAppError } from '../core/errors';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import type { Migration } from './migrations/types';
import { runMigrations } from './postgres/migrate';
import { openSqliteLedger } from './sqlite/open';
import { parseDatabaseUrl, redactUrlsIn } from './url';

/** The same default as config/env.ts: `npm run migrate` and `npm start` must agree on the file. */
const DEFAULT_DATABASE_URL = 'sqlite:./data/ledger.db';

export interface MigrateReport {
  /** where, password hidden */
  target: string;
  applied: number[];
  /** the version the store is at now */
  version: number;
}

/** Hides the password of every postgres:// URL in a text (it must never reach a terminal or a CI log). */
export const redactUrl = redactUrlsIn;

/** Versions already in an SQLite file, read without creating or changing anything. */
function sqliteVersions(path: string): number[] {
  if (path === ':memory:' || !existsSync(path)) return [];
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!table) return [];
    return db.prepare('SELECT version FROM schema_migrations').all().map((r) => Number(r.version));
  } finally {
    db.close();
  }
}

const latest = (migrations: readonly Migration[]) => Math.max(0, ...migrations.map((m) => m.version));

export async function migrate(databaseUrl: string): Promise<MigrateReport> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'postgres') {
    // a schema other than public comes in the URL: ?options=-c%20search_path%3D<schema>
    const applied = await runMigrations(target.url);
    return { target: redactUrl(target.url), applied, version: latest(POSTGRES_MIGRATIONS) };
  }
  // opening runs the migrations exactly as the service does (same pragmas, same write lock)
  const before = new Set(sqliteVersions(target.path));
  await (await openSqliteLedger(target.path)).close();
  const applied = sqliteVersions(target.path).filter((v) => !before.has(v)).sort((a, b) => a - b);
  return { target: `sqlite:${target.path}`, applied, version: latest(SQLITE_MIGRATIONS) };
}

export function describeReport(r: MigrateReport): string {
  const what = r.applied.length ? `applied migration(s) ${r.applied.join(', ')}` : 'nothing to apply';
  return `ledger ${r.target}: ${what}; schema at version ${r.version}`;
}

if (require.main === module) {
  migrate(process.env.DATABASE_URL || DEFAULT_DATABASE_URL).then(
    (report) => process.stdout.write(`${describeReport(report)}\n`),
    (e: unknown) => {
      // one clear line (the code says which kind of problem), never a stack or a password
      const text = isAppError(e) ? `${e.code}: ${e.message}` : String((e as Error)?.message ?? e);
      // PostgreSQL's words for a search_path naming a schema that does not exist yet
      const hint = /no schema has been selected/.test(text) ? ' (create the schema named in search_path first)' : '';
      process.stderr.write(`migrate failed: ${redactUrl(text)}${hint}\n`);
      process.exitCode = 1;
    },
  );
}
