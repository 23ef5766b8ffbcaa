// Opens (creating if needed) the SQLite ledger: the embedded default of `npm start`.
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { systemClock, type Clock } from '../../core/ports';
import { ensureDir } from '../ensure-dir';
import { ledgerError } from '../errors';
import { newInstanceId } from '../instance-id';
import { Checkpointer } from './checkpointer';
import { BACKSTOP_CHECKPOINT_PAGES, WAL_SIZE_LIMIT_BYTES } from './wal';
import { SqliteLedger } from './ledger';
import { migrateSqlite } from './migrate';

export interface SqliteLedgerOptions {
  /**
   * NORMAL (default) in WAL mode: a killed process loses nothing committed; a power cut may lose the
   * last moments of commits. FULL syncs every commit to disk and survives that too, more slowly.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** how long a write waits for another connection's lock before failing (LEDGER_UNAVAILABLE) */
  busyTimeoutMs?: number;
  clock?: Clock;
  /** the owner named by this process's leases (default: made here, unique per open) */
  instanceId?: string;
  /**
   * A tool opening the file beside the running service (the reconciliation): the service's leases are
   * left alone (by default an open frees them, as left by a process that is gone), and a ledger with a
   * schema is never migrated (refused with what to do: migrate.ts).
   */
  besideService?: boolean;
  /**
   * The service: WAL checkpoints run from a worker thread every BACKGROUND_CHECKPOINT_MS instead of
   * inside the commit that fills the WAL (checkpointer.ts). File ledgers only.
   */
  backgroundCheckpoint?: boolean;
  /** told why when the checkpoint worker is lost (its connection's checkpoints are then back in commits) */
  onCheckpointLost?: (why: string) => void;
}

/** Often enough that the WAL stays a few MB at the highest rates measured (docs/benchmark.md). */
export const BACKGROUND_CHECKPOINT_MS = 250;
/** SQLite's own default, put back on when the checkpoint worker is lost: the WAL must never grow unbounded. */
const AUTOCHECKPOINT_PAGES = 1000;

const MEMORY = ':memory:';

export async function openSqliteLedger(path: string, opts: SqliteLedgerOptions = {}): Promise<SqliteLedger> {
  const location = path === MEMORY ? MEMORY : resolve(path);
  const clock = opts.clock ?? systemClock;
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  let db: DatabaseSync | undefined;
  try {
    if (location !== MEMORY) ensureDir(dirname(location)); // never mkdirSync recursive: see ensure-dir.ts
    db = new DatabaseSync(location, { timeout: busyTimeoutMs, enableForeignKeyConstraints: true });
    // WAL: readers never block the writer, and a commit is one append (no rollback journal)
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${opts.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    db.exec('PRAGMA foreign_keys = ON');
    db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    migrateSqlite(db, clock.now(), undefined, opts.besideService);
    let checkpointer: Checkpointer | undefined;
    if (opts.backgroundCheckpoint && location !== MEMORY) {
      const conn = db;
      // the worker checkpoints; the connection's own checkpoint is only a backstop (wal.ts)
      conn.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
      checkpointer = new Checkpointer(location, BACKGROUND_CHECKPOINT_MS, (why) => {
        if (conn.isOpen) conn.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        opts.onCheckpointLost?.(why);
      });
    }
    const ledger = new SqliteLedger(db, clock, location, opts.instanceId ?? newInstanceId(), checkpointer);
    if (!opts.besideService) ledger.freeOthersLeases();
    return ledger;
  } catch (e) {
    if (db?.isOpen) db.close();
    throw ledgerError(`open ${location}`, e);
  }
}
