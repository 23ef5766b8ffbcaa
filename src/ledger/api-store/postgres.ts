// ApiStore on PostgreSQL: a small pool of its own beside the ledger's; every method is one statement
// (autocommit), claims by INSERT … ON CONFLICT DO NOTHING.
import { Pool, type QueryResultRow } from 'pg';
import type { ApiAnswer, ApiPaymentRef, ApiStore, IdempotencyRecord } from '../../core/api-store';
import { ledgerError } from '../errors';
import { encodeJson } from '../json';
import { migratePostgres } from '../postgres/migrate';
import { poolConfig } from '../postgres/pool';
import { PAGE_AFTER_NONE, toKey, toRef } from './rows';

const SQL = {
  claimKey: `INSERT INTO api_idempotency_keys
      (client_id, idempotency_key, request_hash, client_reference, locked_until, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING RETURNING *`,
  getKey: 'SELECT * FROM api_idempotency_keys WHERE client_id = $1 AND idempotency_key = $2',
  relockKey: `UPDATE api_idempotency_keys SET locked_until = $4, updated_at = $5
    WHERE client_id = $1 AND idempotency_key = $2 AND answer IS NULL AND locked_until = $3`,
  saveAnswer: `UPDATE api_idempotency_keys SET answer = $3, locked_until = 0, updated_at = $4
    WHERE client_id = $1 AND idempotency_key = $2 AND answer IS NULL`,
  unlockKey: `UPDATE api_idempotency_keys SET locked_until = 0, updated_at = $3
    WHERE client_id = $1 AND idempotency_key = $2 AND answer IS NULL`,
  claimRef: `INSERT INTO api_payments (client_id, client_reference, txn_reference_id, biller_id, created_at)
    VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING *`,
  getRef: 'SELECT * FROM api_payments WHERE client_id = $1 AND client_reference = $2',
  getRefByTxn: 'SELECT * FROM api_payments WHERE txn_reference_id = $1',
  listRefs: `SELECT * FROM api_payments
    WHERE client_id = $1 AND created_at >= $2 AND created_at < $3 AND (created_at, client_reference) > ($4, $5)
    ORDER BY created_at, client_reference LIMIT $6`,
};

export class PostgresApiStore implements ApiStore {
  constructor(
    private readonly pool: Pool,
    private readonly now: () => number,
  ) {}

  async claimKey(r: Omit<IdempotencyRecord, 'answer'>) {
    const inserted = await this.query('claim an idempotency key', SQL.claimKey, [r.clientId, r.key, r.requestHash, r.clientReference, r.lockedUntil, r.createdAt]);
    if (inserted[0]) return { created: true, record: toKey(inserted[0]) };
    const existing = await this.query('read an idempotency key', SQL.getKey, [r.clientId, r.key]);
    if (!existing[0]) throw ledgerError('claim an idempotency key', new Error('neither inserted nor found'));
    return { created: false, record: toKey(existing[0]) };
  }

  async relockKey(clientId: string, key: string, expected: number, lockedUntil: number): Promise<boolean> {
    return (await this.count('relock an idempotency key', SQL.relockKey, [clientId, key, expected, lockedUntil, this.now()])) > 0;
  }

  async saveAnswer(clientId: string, key: string, answer: ApiAnswer): Promise<void> {
    await this.count('store an idempotent answer', SQL.saveAnswer, [clientId, key, encodeJson(answer), this.now()]);
  }

  async unlockKey(clientId: string, key: string): Promise<void> {
    await this.count('unlock an idempotency key', SQL.unlockKey, [clientId, key, this.now()]);
  }

  async claimReference(r: ApiPaymentRef) {
    const inserted = await this.query('claim a client reference', SQL.claimRef, [r.clientId, r.clientReference, r.txnReferenceId, r.billerId, r.createdAt]);
    if (inserted[0]) return { created: true, record: toRef(inserted[0]) };
    const [existing] = [
      ...(await this.query('read a client reference', SQL.getRef, [r.clientId, r.clientReference])),
      ...(await this.query('read a client reference', SQL.getRefByTxn, [r.txnReferenceId])),
    ];
    if (!existing) throw ledgerError('claim a client reference', new Error('neither inserted nor found'));
    return { created: false, record: toRef(existing) };
  }

  async findReference(clientId: string, clientReference: string): Promise<ApiPaymentRef | undefined> {
    const [row] = await this.query('read a client reference', SQL.getRef, [clientId, clientReference]);
    return row && toRef(row);
  }

  async listReferences(q: Parameters<ApiStore['listReferences']>[0]): Promise<ApiPaymentRef[]> {
    const after = q.after ?? PAGE_AFTER_NONE;
    const rows = await this.query('list client payments', SQL.listRefs, [q.clientId, q.from, q.before, after.createdAt, after.clientReference, q.limit]);
    return rows.map(toRef);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query(what: string, sql: string, values: unknown[]): Promise<QueryResultRow[]> {
    try {
      return (await this.pool.query(sql, values)).rows;
    } catch (e) {
      throw ledgerError(what, e);
    }
  }

  private async count(what: string, sql: string, values: unknown[]): Promise<number> {
    try {
      return (await this.pool.query(sql, values)).rowCount ?? 0;
    } catch (e) {
      throw ledgerError(what, e);
    }
  }
}

/** A pool of its own (4 connections, `bbps-api` in pg_stat_activity) on the ledger's database. */
export async function openPostgresApiStore(url: string, now: () => number, schema?: string): Promise<PostgresApiStore> {
  const pool = new Pool(poolConfig(url, schema, 4, 'bbps-api'));
  pool.on('error', () => undefined); // a dropped idle connection: the next query reconnects or fails as LEDGER_UNAVAILABLE
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, schema, now());
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw ledgerError('open the PostgreSQL API store', e);
  }
  return new PostgresApiStore(pool, now);
}
