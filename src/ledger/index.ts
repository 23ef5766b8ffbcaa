// The ledger adapters: SQLite (embedded default) and PostgreSQL, chosen by DATABASE_URL.
import { MemoryLoginGuard, type LoginGuardStore } from '../core/login-guard';
import { systemClock, type Clock, type Ledger } from '../core/ports';
import { PostgresLoginGuard } from './postgres/login-guard';
import { SqliteLoginGuard } from './sqlite/login-guard';
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
  /** SQLite only: a tool beside the running service, which keeps its leases (see SqliteLedgerOptions.besideService) */
  besideService?: boolean;
  /** SQLite only: the service's WAL checkpoints from a worker thread (see SqliteLedgerOptions.backgroundCheckpoint) */
  backgroundCheckpoint?: boolean;
  /** SQLite only: see SqliteLedgerOptions.onCheckpointLost */
  onCheckpointLost?: (why: string) => void;
}

export async function openLedger(databaseUrl: string, opts: OpenLedgerOptions = {}): Promise<Ledger> {
  const target = parseDatabaseUrl(databaseUrl);
  return target.kind === 'sqlite'
    ? openSqliteLedger(target.path, {
      clock: opts.clock, synchronous: opts.sqliteSynchronous, besideService: opts.besideService, backgroundCheckpoint: opts.backgroundCheckpoint,
      onCheckpointLost: opts.onCheckpointLost,
    })
    : openPostgresLedger(target.url, { clock: opts.clock });
}

/** The DIGIT login guard on the same ledger (after openLedger: its migration made the table). */
export function openLoginGuard(databaseUrl: string, opts: { clock?: Clock } = {}): LoginGuardStore {
  const target = parseDatabaseUrl(databaseUrl);
  const clock = opts.clock ?? systemClock;
  // an in-memory SQLite ledger is one process's anyway: nothing to share or outlive
  if (target.kind === 'sqlite') return target.path === ':memory:' ? new MemoryLoginGuard(() => clock.now()) : new SqliteLoginGuard(target.path, clock);
  return new PostgresLoginGuard(target.url);
}
