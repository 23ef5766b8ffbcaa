// The Ledger on one SQLite connection (node:sqlite is synchronous: each method runs to completion
// before another starts in this process; other processes are kept out by SQLite's write lock).
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type {
  Clock, Direction, Ledger, LedgerTotals, MessageRecord, OutboxItem, OutboxListQuery, PaymentRecord, StoredFetch,
  StoredMessage,
} from '../../core/ports';
import type { PaymentOutcome, PaymentRequest, PostingPlan } from '../../core/types';
import { ledgerError } from '../errors';
import { encodeJson, toInt } from '../json';
import { outboxListBounds } from '../outbox-list';
import { byCreated, paidPaise, toFetch, toMessage, toOutbox, toPayment, type Row } from '../rows';
import { SQL } from './statements';

type Params = Record<string, SQLInputValue>;

export class SqliteLedger implements Ledger {
  private readonly statements = new Map<string, StatementSync>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly clock: Clock,
    /** the resolved file path, or `:memory:` */
    readonly location: string,
  ) {}

  async recordMessage(m: MessageRecord): Promise<void> {
    this.run('record a message', SQL.insertMessage, {
      at: this.clock.now(), direction: m.direction, api: m.api, refId: m.refId, msgId: m.msgId ?? null,
      txn: m.txnReferenceId ?? null, outcome: m.outcome ?? null, body: m.body,
    });
  }

  async findMessages(q: { refId: string; api?: string; direction?: Direction }): Promise<StoredMessage[]> {
    const params = { refId: q.refId, api: q.api ?? null, direction: q.direction ?? null };
    return this.all('find messages', SQL.findMessages, params).map(toMessage);
  }

  async saveFetch(f: StoredFetch): Promise<void> {
    const bills = encodeJson(f.bills);
    this.run('save a fetch', SQL.upsertFetch, { refId: f.refId, billerId: f.billerId, bills, createdAt: f.createdAt });
  }

  async getFetch(refId: string): Promise<StoredFetch | undefined> {
    const row = this.get('read a fetch', SQL.getFetch, { refId });
    return row && toFetch(row);
  }

  async claimPayment(p: { request: PaymentRequest; contentHash: string; leaseUntil: number }) {
    const r = p.request;
    const request = encodeJson(r);
    const inserted = this.get('claim a payment', SQL.claimPayment, {
      txn: r.txnReferenceId, refId: r.refId, msgId: r.msgId, billerId: r.billerId, contentHash: p.contentHash,
      request, leaseUntil: p.leaseUntil, now: this.clock.now(),
    });
    if (inserted) return { created: true, payment: toPayment(inserted) };
    const existing = this.get('read a payment', SQL.getPayment, { txn: r.txnReferenceId });
    if (!existing) throw ledgerError('claim a payment', new Error(`${r.txnReferenceId} neither inserted nor found`));
    return { created: false, payment: toPayment(existing) };
  }

  async getPayment(txnReferenceId: string): Promise<PaymentRecord | undefined> {
    const row = this.get('read a payment', SQL.getPayment, { txn: txnReferenceId });
    return row && toPayment(row);
  }

  /** True when the payment is now POSTING; false when it is terminal (or unknown): do not post. */
  async markPosting(txnReferenceId: string, plan: PostingPlan, leaseUntil: number): Promise<boolean> {
    const planJson = encodeJson(plan);
    const billIds = JSON.stringify(plan.bills.map((b) => b.billId));
    return this.transaction('mark a payment POSTING', () => {
      const params = { txn: txnReferenceId, plan: planJson, leaseUntil, now: this.clock.now() };
      if (this.statement(SQL.markPosting).run(params).changes === 0) return false;
      // a regenerated plan may name other bills: keep payment_bills equal to the plan
      this.statement(SQL.dropStaleBills).run({ txn: txnReferenceId, billIds });
      this.statement(SQL.addBills).run({ txn: txnReferenceId, billIds });
      return true;
    });
  }

  /** True when this call made the payment terminal; false when it already was (or is unknown). */
  async complete(txnReferenceId: string, outcome: PaymentOutcome & { status: 'SUCCESS' | 'FAILED' }): Promise<boolean> {
    const params = {
      txn: txnReferenceId, state: outcome.status, outcome: encodeJson(outcome), paidPaise: paidPaise(outcome),
      now: this.clock.now(),
    };
    return this.run('complete a payment', SQL.complete, params) > 0;
  }

  async markUnknown(txnReferenceId: string, note: string, nextAttemptAt: number): Promise<boolean> {
    const params = { txn: txnReferenceId, note, nextAttemptAt, now: this.clock.now() };
    return this.run('mark a payment UNKNOWN', SQL.markUnknown, params) > 0;
  }

  async markReversed(txnReferenceId: string): Promise<boolean> {
    return this.run('mark a payment reversed', SQL.markReversed, { txn: txnReferenceId, now: this.clock.now() }) > 0;
  }

  async claimDue(now: number, leaseUntil: number, limit: number): Promise<PaymentRecord[]> {
    // BEGIN IMMEDIATE takes the write lock before the rows are chosen: another process waits
    const rows = this.transaction('claim due payments', () =>
      this.statement(SQL.claimDue).all({ now, leaseUntil, limit }) as Row[]);
    return rows.map(toPayment).sort(byCreated);
  }

  async tryLease(txnReferenceId: string, now: number, leaseUntil: number): Promise<PaymentRecord | undefined> {
    const row = this.get('lease a payment', SQL.tryLease, { txn: txnReferenceId, now, leaseUntil });
    return row && toPayment(row);
  }

  async billIdsTaken(billIds: string[]): Promise<string[]> {
    if (billIds.length === 0) return [];
    const rows = this.all('look up bills taken', SQL.billIdsTaken, { billIds: JSON.stringify(billIds) });
    return rows.map((r) => String(r.bill_id));
  }

  async listUnresolved(before: number): Promise<PaymentRecord[]> {
    return this.all('list unresolved payments', SQL.listUnresolved, { before }).map(toPayment);
  }

  async listPayments(from: number, before: number): Promise<PaymentRecord[]> {
    return this.all('list payments', SQL.listPayments, { from, before }).map(toPayment);
  }

  async successTotals(): Promise<LedgerTotals> {
    const row = this.get('sum successful payments', SQL.successTotals, {});
    return { count: toInt(row?.count ?? 0), sumPaise: toInt(row?.sum ?? 0) };
  }

  async putOutbox(item: { id: string; refId: string; api: string; url: string; body: string; nextAttemptAt: number }) {
    this.run('queue an outbound message', SQL.putOutbox, { ...item, now: this.clock.now() });
  }

  async addOutbox(item: { id: string; refId: string; api: string; url: string; body: string; nextAttemptAt: number }) {
    return this.run('queue a new outbound message', SQL.addOutbox, { ...item, now: this.clock.now() }) > 0;
  }

  async getOutbox(id: string): Promise<OutboxItem | undefined> {
    const row = this.get('read the outbox', SQL.getOutbox, { id });
    return row && toOutbox(row);
  }

  async claimDueOutbox(now: number, leaseUntil: number, limit: number): Promise<OutboxItem[]> {
    const rows = this.transaction('claim due outbound messages', () =>
      this.statement(SQL.claimDueOutbox).all({ now, leaseUntil, limit }) as Row[]);
    return rows.map(toOutbox).sort(byCreated);
  }

  async markOutboxSent(id: string, version: number): Promise<boolean> {
    const now = this.clock.now();
    const params = { id, version, state: 'SENT', nextAttemptAt: now, error: null, now };
    return this.run('mark a message sent', SQL.markOutbox, params) > 0;
  }

  async markOutboxFailed(id: string, version: number, error: string, nextAttemptAt?: number): Promise<boolean> {
    const now = this.clock.now();
    const state = nextAttemptAt === undefined ? 'PARKED' : 'PENDING';
    const params = { id, version, state, nextAttemptAt: nextAttemptAt ?? now, error, now };
    return this.run('mark a message failed', SQL.markOutbox, params) > 0;
  }

  async listOutbox(q: OutboxListQuery): Promise<OutboxItem[]> {
    return this.all('list the outbox', SQL.listOutbox, { ...outboxListBounds(q) }).map(toOutbox);
  }

  async ping(): Promise<void> {
    this.get('answer a ping', SQL.ping, {});
  }

  async close(): Promise<void> {
    if (!this.db.isOpen) return;
    this.statements.clear();
    this.db.close();
  }

  /** PRAGMA values in force on this connection (logged at boot; checked by tests). */
  settings(): { journalMode: string; synchronous: number; busyTimeoutMs: number; foreignKeys: boolean } {
    const pragma = (name: string) => Object.values(this.db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
    return {
      journalMode: String(pragma('journal_mode')),
      synchronous: Number(pragma('synchronous')),
      busyTimeoutMs: Number(pragma('busy_timeout')),
      foreignKeys: Number(pragma('foreign_keys')) === 1,
    };
  }

  // ---------------------------------------------------------------- plumbing

  private statement(sql: string): StatementSync {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private run(what: string, sql: string, params: Params): number {
    try {
      return Number(this.statement(sql).run(params).changes);
    } catch (e) {
      throw ledgerError(what, e);
    }
  }

  private get(what: string, sql: string, params: Params): Row | undefined {
    try {
      return this.statement(sql).get(params) as Row | undefined;
    } catch (e) {
      throw ledgerError(what, e);
    }
  }

  private all(what: string, sql: string, params: Params): Row[] {
    try {
      return this.statement(sql).all(params) as Row[];
    } catch (e) {
      throw ledgerError(what, e);
    }
  }

  private transaction<T>(what: string, work: () => T): T {
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    } catch (e) {
      throw ledgerError(what, e);
    }
  }
}
