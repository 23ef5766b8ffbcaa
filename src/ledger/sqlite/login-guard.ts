// The login guard on SQLite: its own connection to the ledger file (migration 6 made the table), so
// every process on this file — a restarted one included — sees the same "next login at". One
// statement per step: SQLite's write lock makes each claim atomic.
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { Clock } from '../../core/ports';
import type { LoginGuardStore, LoginSlot } from '../../core/login-guard';
import { ledgerError } from '../errors';
import { toSlot } from '../login-guard-row';

const CLAIM = `
INSERT INTO digit_login_guard (account, next_login_at, claimed_by, refusals, updated_at)
VALUES (:account, :now + :holdMs, :owner, 0, :now)
ON CONFLICT (account) DO UPDATE SET
  next_login_at = excluded.next_login_at, claimed_by = excluded.claimed_by, updated_at = excluded.updated_at
WHERE digit_login_guard.next_login_at <= :now
RETURNING account`;
const REFUSED = `
INSERT INTO digit_login_guard (account, next_login_at, claimed_by, refusals, reason, refused_at, updated_at)
VALUES (:account, :now + :waitMs, NULL, 1, :reason, :now, :now)
ON CONFLICT (account) DO UPDATE SET
  next_login_at = excluded.next_login_at, claimed_by = NULL,
  refusals = digit_login_guard.refusals + 1, reason = excluded.reason, refused_at = excluded.refused_at,
  updated_at = excluded.updated_at`;
const RELEASE = `
UPDATE digit_login_guard SET next_login_at = 0, claimed_by = NULL, updated_at = :now,
  refusals = CASE WHEN :success THEN 0 ELSE refusals END,
  reason = CASE WHEN :success THEN NULL ELSE reason END,
  refused_at = CASE WHEN :success THEN NULL ELSE refused_at END
WHERE account = :account AND claimed_by = :owner`;
const READ = 'SELECT next_login_at, claimed_by, refusals, reason, refused_at FROM digit_login_guard WHERE account = :account';

export class SqliteLoginGuard implements LoginGuardStore {
  private readonly db: DatabaseSync;

  /** `path`: the ledger file, already opened (and so migrated) by openSqliteLedger. */
  constructor(path: string, private readonly clock: Clock, busyTimeoutMs = 5000) {
    try {
      this.db = new DatabaseSync(path, { timeout: busyTimeoutMs });
    } catch (e) {
      throw ledgerError('open the login guard', e);
    }
  }

  async claim(account: string, owner: string, holdMs: number): Promise<LoginSlot> {
    const now = this.clock.now();
    const won = this.run('claim the DIGIT login', CLAIM, { account, owner, holdMs, now }).length > 0;
    return this.read(account, won, now);
  }

  async refused(account: string, _owner: string, waitMs: number, reason: string): Promise<LoginSlot> {
    const now = this.clock.now();
    this.run('record a refused DIGIT login', REFUSED, { account, waitMs, reason, now });
    return this.read(account, false, now);
  }

  async release(account: string, owner: string, success: boolean): Promise<void> {
    this.run('release the DIGIT login', RELEASE, { account, owner, success: success ? 1 : 0, now: this.clock.now() });
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private read(account: string, granted: boolean, now: number): LoginSlot {
    const [row] = this.run('read the DIGIT login guard', READ, { account });
    return toSlot(row ?? {}, granted, now);
  }

  private run(what: string, sql: string, params: Record<string, SQLInputValue>): Record<string, unknown>[] {
    try {
      return this.db.prepare(sql).all(params) as Record<string, unknown>[];
    } catch (e) {
      throw ledgerError(what, e);
    }
  }
}
