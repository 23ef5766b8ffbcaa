import type { Clock, Ledger } from '../../../../src/core/ports';

/** How a conformance case opens a ledger. Each store honours what applies to it. */
export interface OpenOptions {
  /** stamps rows; on SQLite it is also the clock leases are compared in */
  clock?: Clock;
  /** the owner named by its leases (default: a fresh one per open, as at boot) */
  instanceId?: string;
  /** PostgreSQL: heartbeat cadence (0: never, beat by hand) and when a silent owner counts as dead */
  leases?: { heartbeatMs?: number; ownerStaleMs?: number };
}

/** What each group of conformance cases gets: the ledger opened for the current test, and how to open another. */
export interface LedgerContext {
  ledger(): Ledger;
  /** another ledger on the same store (a fresh one for :memory:), as another instance unless told its id */
  open(o?: OpenOptions): Promise<Ledger>;
  /** another ledger on the same store (a fresh one for :memory:) that stamps rows with `clock` */
  openWithClock(clock: Clock): Promise<Ledger>;
  /**
   * Opens ledgers on a new, empty store of the same kind (a new file, a new schema; for :memory: every
   * open is a new store anyway): cases that assert exactly what is due see no other case's rows.
   */
  fresh(): (o?: OpenOptions) => Promise<Ledger>;
  /** the store outlives close(): a reopened ledger sees the same data (and two open ledgers share it) */
  persistent: boolean;
  /**
   * The clock leases expire in: `injected` — the clock given to open() (SQLite: a manual clock
   * time-travels); `store` — the database's own (PostgreSQL: a lease runs out only by waiting).
   */
  leaseClock: 'injected' | 'store';
}
