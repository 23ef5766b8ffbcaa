// The ledger adapters: SQLite (embedded default) and PostgreSQL, chosen by DATABASE_URL.
import type { Clock, Ledger } from '../core/ports';
import { openPostgresLedger } from './postgres/open';
import { openSqliteLedger, type SqliteLedgerOptions } from './sqlite/open';
import { parseDatabaseUrl } from './url';

export { openSqliteLedger, type SqliteLedgerOptions } from './sqlite/open';
export { SqliteLedger } from './sqlite/ledger';
export { openPostgresLedger, type PostgresLedgerOptions } from './postgres/open';
export { PostgresLedger } from './postgres/ledger';
export { runMigrations } from './postgres/migrate';
export { parseDatabaseUrl, type LedgerTarget } from './url';

export interface OpenLedgerOptions {
  clock?: Clock;
  /** SQLite only: SQLITE_SYNCHRONOUS (see SqliteLedgerOptions.synchronous) */
  sqliteSynchronous?: SqliteLedgerOptions['synchronous'];
}

export async function openLedger(databaseUrl: string, opts: OpenLedgerOptions = {}): Promise<Ledger> {
  const target = parseDatabaseUrl(databaseUrl);
  return target.kind === 'sqlite'
    ? openSqliteLedger(target.path, { clock: opts.clock, synchronous: opts.sqliteSynchronous })
    : openPostgresLedger(target.url, { clock: opts.clock });
}
