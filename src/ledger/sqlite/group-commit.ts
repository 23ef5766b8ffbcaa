// Group commit for the SQLite ledger: the writes asked for in one turn of the event loop are run in one
// transaction, each in its own savepoint, committed once. A commit costs far more than the statements
// in it (the WAL frames of every page touched, the write lock, the WAL index), and concurrent requests
// touch the same leaf pages: one commit for several requests writes each page once.
//
// Durability is unchanged: a write's promise resolves only after the COMMIT that holds it returned, so
// whatever a caller acts on (DIGIT is called once the payment is recorded) is committed, per the
// connection's synchronous setting, exactly as with one transaction per write. A write that fails is
// rolled back to its savepoint and rejects alone; the others commit. Writes run in the order they were
// asked, on the one connection, so each sees the ones before it (a second claim of a txnReferenceId in
// the same batch finds the first).
//
// A write nothing waits on (the copy of an answer already sent) may be asked with `soonMs`: it joins the next
// group commit whoever asks for it, at the latest `soonMs` later. Under light load, when requests
// arrive one at a time and each write would be a commit of its own, that is one commit fewer per
// request (each commit writes whole pages to the WAL). It is committed no later than any write asked
// after it.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { ledgerError } from '../errors';

interface Pending {
  what: string;
  work: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

type Done = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  /** a flush waiting for `soon` writes only */
  private timer: NodeJS.Timeout | undefined;
  private readonly sql: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', StatementSync>;

  constructor(private readonly db: DatabaseSync) {
    const prepare = (s: string) => db.prepare(s);
    this.sql = {
      begin: prepare('BEGIN IMMEDIATE'),
      commit: prepare('COMMIT'),
      rollback: prepare('ROLLBACK'),
      savepoint: prepare('SAVEPOINT w'),
      release: prepare('RELEASE w'),
      rollbackTo: prepare('ROLLBACK TO w'),
    };
  }

  /**
   * Runs `work` (synchronous statements) in the next group transaction; resolves once it is committed.
   * `soonMs`: it may wait that long for the next group commit to join (a write nothing waits on).
   */
  write<T>(what: string, work: () => T, soonMs?: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ what, work, resolve: resolve as (v: unknown) => void, reject });
      if (this.scheduled) return;
      if (soonMs !== undefined) {
        this.timer ??= setTimeout(() => this.flush(), soonMs);
        return;
      }
      this.scheduled = true;
      // after the I/O callbacks of this turn: every request that got its data now joins this commit
      setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now (also before the connection closes). */
  flush(): void {
    this.scheduled = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    let items = this.queue;
    this.queue = [];
    while (items.length > 0) items = this.runBatch(items);
  }

  /** One transaction over `items`; returns those not run because the transaction was lost mid-way. */
  private runBatch(items: Pending[]): Pending[] {
    const { db, sql } = this;
    try {
      sql.begin.run();
    } catch (e) {
      for (const it of items) it.reject(ledgerError(it.what, e));
      return [];
    }
    const done: Done[] = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      try {
        sql.savepoint.run();
        const value = it.work();
        sql.release.run();
        done.push({ ok: true, value });
      } catch (e) {
        if (!db.isTransaction) {
          // SQLite rolled the whole transaction back (I/O error, disk full, …): nothing before this
          // item is committed either. They fail with it; the rest are run in a new transaction.
          this.abandon(items.slice(0, i + 1), e);
          return items.slice(i + 1);
        }
        try {
          sql.rollbackTo.run();
          sql.release.run();
        } catch (undo) {
          // the savepoint could not be undone: nothing of this transaction may be committed
          this.abandon(items.slice(0, i + 1), undo);
          return items.slice(i + 1);
        }
        done.push({ ok: false, error: e });
      }
    }
    try {
      sql.commit.run();
    } catch (e) {
      this.abandon(items, e);
      return [];
    }
    // settled only now: no caller learns of a write before its commit returned
    for (let i = 0; i < items.length; i++) {
      const d = done[i];
      if (d.ok) items[i].resolve(d.value);
      else items[i].reject(ledgerError(items[i].what, d.error));
    }
    return [];
  }

  /** Ends the open transaction without committing; every item of it fails. */
  private abandon(items: Pending[], e: unknown): void {
    if (this.db.isTransaction) {
      try {
        this.sql.rollback.run();
      } catch {
        // nothing more to undo: the connection ended the transaction itself
      }
    }
    for (const it of items) it.reject(ledgerError(it.what, e));
  }
}
