// The login guard on PostgreSQL: every instance on the ledger claims the one "next login at" slot
// with INSERT … ON CONFLICT DO UPDATE … WHERE (atomic: a racing instance waits for the row lock,
// then sees the slot taken). Times come from the database's clock, as leases do (design §3.7).
import { Pool } from 'pg';
import type { LoginGuardStore, LoginSlot } from '../../core/login-guard';
import { ledgerError } from '../errors';
import { toSlot } from '../login-guard-row';
import { poolConfig } from './pool';

const NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
const CLAIM = `
WITH t AS (SELECT ${NOW} AS now)
INSERT INTO digit_login_guard AS g (account, next_login_at, claimed_by, refusals, updated_at)
SELECT $1, t.now + $3, $2, 0, t.now FROM t
ON CONFLICT (account) DO UPDATE SET
  next_login_at = EXCLUDED.next_login_at, claimed_by = EXCLUDED.claimed_by, updated_at = EXCLUDED.updated_at
WHERE g.next_login_at <= EXCLUDED.updated_at
RETURNING g.updated_at AS now`;
const REFUSED = `
WITH t AS (SELECT ${NOW} AS now)
INSERT INTO digit_login_guard AS g (account, next_login_at, claimed_by, refusals, reason, refused_at, updated_at)
SELECT $1, t.now + $2, NULL, 1, $3, t.now, t.now FROM t
ON CONFLICT (account) DO UPDATE SET
  next_login_at = EXCLUDED.next_login_at, claimed_by = NULL,
  refusals = g.refusals + 1, reason = EXCLUDED.reason, refused_at = EXCLUDED.refused_at, updated_at = EXCLUDED.updated_at`;
const RELEASE = `
UPDATE digit_login_guard SET next_login_at = 0, claimed_by = NULL, updated_at = ${NOW},
  refusals = CASE WHEN $3 THEN 0 ELSE refusals END,
  reason = CASE WHEN $3 THEN NULL ELSE reason END,
  refused_at = CASE WHEN $3 THEN NULL ELSE refused_at END
WHERE account = $1 AND claimed_by = $2`;
const READ = `SELECT next_login_at, claimed_by, refusals, reason, refused_at, ${NOW} AS now FROM digit_login_guard WHERE account = $1`;

export class PostgresLoginGuard implements LoginGuardStore {
  private readonly pool: Pool;

  /** A pool of its own (2 connections): the guard is used once per login, never on the payment path. */
  constructor(url: string, schema?: string) {
    this.pool = new Pool(poolConfig(url, schema, 2, 'bbps-login-guard'));
    this.pool.on('error', () => undefined); // a dropped idle connection: the next query reconnects
  }

  async claim(account: string, owner: string, holdMs: number): Promise<LoginSlot> {
    const won = (await this.query('claim the DIGIT login', CLAIM, [account, owner, holdMs])).length > 0;
    return this.read(account, won);
  }

  async refused(account: string, _owner: string, waitMs: number, reason: string): Promise<LoginSlot> {
    await this.query('record a refused DIGIT login', REFUSED, [account, waitMs, reason]);
    return this.read(account, false);
  }

  async release(account: string, owner: string, success: boolean): Promise<void> {
    await this.query('release the DIGIT login', RELEASE, [account, owner, success]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async read(account: string, granted: boolean): Promise<LoginSlot> {
    const [row] = await this.query('read the DIGIT login guard', READ, [account]);
    return toSlot(row ?? {}, granted, Number(row?.now ?? Date.now()));
  }

  private async query(what: string, sql: string, values: unknown[]): Promise<Record<string, unknown>[]> {
    try {
      return (await this.pool.query(sql, values)).rows as Record<string, unknown>[];
    } catch (e) {
      throw ledgerError(what, e);
    }
  }
}
