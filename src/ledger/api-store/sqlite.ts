// ApiStore on SQLite: its own connection to the ledger's file (WAL: readers never block the writer;
// node:sqlite runs each statement to completion, so nothing interleaves within the process).
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { ApiAnswer, ApiPaymentRef, ApiStore, IdempotencyRecord } from '../../core/api-store';
import { ledgerError } from '../errors';
import { encodeJson } from '../json';
import type { Row } from '../rows';
import { migrateSqlite } from '../sqlite/migrate';
import { BACKSTOP_CHECKPOINT_PAGES, WAL_SIZE_LIMIT_BYTES } from '../sqlite/wal';
import { PAGE_AFTER_NONE, toKey, toRef } from './rows';

const SQL = {
  claimKey: `INSERT INTO api_idempotency_keys
      (client_id, idempotency_key, request_hash, client_reference, locked_until, created_at, updated_at)
    VALUES (:clientId, :key, :requestHash, :clientReference, :lockedUntil, :createdAt, :createdAt)
    ON CONFLICT DO NOTHING RETURNING *`,
  getKey: 'SELECT * FROM api_idempotency_keys WHERE client_id = :clientId AND idempotency_key = :key',
  relockKey: `UPDATE api_idempotency_keys SET locked_until = :lockedUntil, updated_at = :now
    WHERE client_id = :clientId AND idempotency_key = :key AND answer IS NULL AND locked_until = :expected`,
  saveAnswer: `UPDATE api_idempotency_keys SET answer = :answer, locked_until = 0, updated_at = :now
    WHERE client_id = :clientId AND idempotency_key = :key AND answer IS NULL`,
  unlockKey: `UPDATE api_idempotency_keys SET locked_until = 0, updated_at = :now
    WHERE client_id = :clientId AND idempotency_key = :key AND answer IS NULL`,
  claimRef: `INSERT INTO api_payments (client_id, client_reference, txn_reference_id, biller_id, created_at)
    VALUES (:clientId, :clientReference, :txn, :billerId, :createdAt) ON CONFLICT DO NOTHING RETURNING *`,
  getRef: 'SELECT * FROM api_payments WHERE client_id = :clientId AND client_reference = :clientReference',
  getRefByTxn: 'SELECT * FROM api_payments WHERE txn_reference_id = :txn',
  listRefs: `SELECT * FROM api_payments
    WHERE client_id = :clientId AND created_at >= :from AND created_at < :before
      AND (created_at > :afterAt OR (created_at = :afterAt AND client_reference > :afterRef))
    ORDER BY created_at, client_reference LIMIT :limit`,
};

export class SqliteApiStore implements ApiStore {
  private readonly statements = new Map<string, StatementSync>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number,
  ) {}

  async claimKey(r: Omit<IdempotencyRecord, 'answer'>) {
    const params = { clientId: r.clientId, key: r.key, requestHash: r.requestHash, clientReference: r.clientReference, lockedUntil: r.lockedUntil, createdAt: r.createdAt };
    const inserted = this.get('claim an idempotency key', SQL.claimKey, params);
    if (inserted) return { created: true, record: toKey(inserted) };
    const existing = this.get('read an idempotency key', SQL.getKey, { clientId: r.clientId, key: r.key });
    if (!existing) throw ledgerError('claim an idempotency key', new Error('neither inserted nor found'));
    return { created: false, record: toKey(existing) };
  }

  async relockKey(clientId: string, key: string, expected: number, lockedUntil: number): Promise<boolean> {
    return this.run('relock an idempotency key', SQL.relockKey, { clientId, key, expected, lockedUntil, now: this.now() }) > 0;
  }

  async saveAnswer(clientId: string, key: string, answer: ApiAnswer): Promise<void> {
    this.run('store an idempotent answer', SQL.saveAnswer, { clientId, key, answer: encodeJson(answer), now: this.now() });
  }

  async unlockKey(clientId: string, key: string): Promise<void> {
    this.run('unlock an idempotency key', SQL.unlockKey, { clientId, key, now: this.now() });
  }

  async claimReference(r: ApiPaymentRef) {
    const params = { clientId: r.clientId, clientReference: r.clientReference, txn: r.txnReferenceId, billerId: r.billerId, createdAt: r.createdAt };
    const inserted = this.get('claim a client reference', SQL.claimRef, params);
    if (inserted) return { created: true, record: toRef(inserted) };
    const existing = this.get('read a client reference', SQL.getRef, { clientId: r.clientId, clientReference: r.clientReference })
      ?? this.get('read a client reference', SQL.getRefByTxn, { txn: r.txnReferenceId });
    if (!existing) throw ledgerError('claim a client reference', new Error('neither inserted nor found'));
    return { created: false, record: toRef(existing) };
  }

  async findReference(clientId: string, clientReference: string): Promise<ApiPaymentRef | undefined> {
    const row = this.get('read a client reference', SQL.getRef, { clientId, clientReference });
    return row && toRef(row);
  }

  async listReferences(q: Parameters<ApiStore['listReferences']>[0]): Promise<ApiPaymentRef[]> {
    const after = q.after ?? PAGE_AFTER_NONE;
    const params = { clientId: q.clientId, from: q.from, before: q.before, afterAt: after.createdAt, afterRef: after.clientReference, limit: q.limit };
    return this.all('list client payments', SQL.listRefs, params).map(toRef);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private statement(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private attempt<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw ledgerError(what, e);
    }
  }

  private run(what: string, sql: string, params: Record<string, SQLInputValue>): number {
    return this.attempt(what, () => Number(this.statement(sql).run(params).changes));
  }

  private get(what: string, sql: string, params: Record<string, SQLInputValue>): Row | undefined {
    return this.attempt(what, () => this.statement(sql).get(params) as Row | undefined);
  }

  private all(what: string, sql: string, params: Record<string, SQLInputValue>): Row[] {
    return this.attempt(what, () => this.statement(sql).all(params) as Row[]);
  }
}

/** A connection of its own on the ledger's file (`:memory:` gets a private database, for tests). */
export function openSqliteApiStore(path: string, now: () => number, synchronous: 'NORMAL' | 'FULL' = 'NORMAL', busyTimeoutMs = 5000): SqliteApiStore {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { timeout: busyTimeoutMs });
    db.exec('PRAGMA journal_mode = WAL');
    // the same durability as the ledger's connection (SQLITE_SYNCHRONOUS)
    db.exec(`PRAGMA synchronous = ${synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    // checkpoints are the ledger connection's business (or its checkpoint worker's, checkpointer.ts):
    // this connection's own only as the same backstop (open.ts), should the WAL grow past it anyway
    db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    // the ledger has migrated the file already; this finds nothing to do (or builds a private :memory:)
    migrateSqlite(db, now());
    return new SqliteApiStore(db, now);
  } catch (e) {
    if (db?.isOpen) db.close();
    throw ledgerError(`open the API store at ${path}`, e);
  }
}
