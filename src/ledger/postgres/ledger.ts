// The Ledger on a pg.Pool: every method is one statement (autocommit), so there is no transaction
// to hold across awaits and a pool of N serves N concurrent calls.
import type { Pool, QueryResultRow } from 'pg';
import type {
  Clock, Direction, Ledger, LedgerTotals, MessageRecord, OutboxItem, OutboxListQuery, PaymentRecord, PaymentSearch,
  StateTotals, StoredFetch, StoredMessage,
} from '../../core/ports';
import type { PaymentOutcome, PaymentRequest, PaymentState, PostingPlan } from '../../core/types';
import { isAppError } from '../../core/errors';
import { ledgerError, paymentMayExist, pgError } from '../errors';
import { packBody } from '../body-codec';
import { encodeJson, toInt } from '../json';
import { outboxListBounds } from '../outbox-list';
import { byCreated, paidPaise, searchWindow, toFetch, toMessage, toOutbox, toPayment, toStateTotals, type Row } from '../rows';
import { SQL, type Named } from './statements';

export interface LeaseOptions {
  /** how often this instance beats (0: never — tests beat by hand) */
  heartbeatMs: number;
  /** another instance that has not beaten for this long is dead: its leases are free */
  ownerStaleMs: number;
}

export class PostgresLedger implements Ledger {
  private closed?: Promise<void>;
  private readonly beating?: NodeJS.Timeout;
  /** the timer's beat in flight: close() waits for it, else it could re-register a closed instance */
  private beat?: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    readonly instanceId: string,
    private readonly leases: LeaseOptions,
  ) {
    if (leases.heartbeatMs > 0) {
      this.beating = setInterval(() => {
        this.beat ??= this.heartbeat().catch(() => undefined).finally(() => (this.beat = undefined));
      }, leases.heartbeatMs);
      this.beating.unref();
    }
  }

  /** Keeps this instance's leases its own (a failed beat is retried at the next tick). */
  async heartbeat(): Promise<void> {
    await this.query('beat', SQL.beat, [this.instanceId]);
  }

  async recordMessage(m: MessageRecord): Promise<void> {
    await this.query('record a message', SQL.insertMessage, [
      this.clock.now(), m.direction, m.api, m.refId, m.msgId ?? null, m.txnReferenceId ?? null, m.outcome ?? null, packBody(m.body),
    ]);
  }

  async findMessages(q: { refId: string; api?: string; direction?: Direction }): Promise<StoredMessage[]> {
    const res = await this.query('find messages', SQL.findMessages, [q.refId, q.api ?? null, q.direction ?? null]);
    return res.rows.map(toMessage);
  }

  async findTxnMessages(refId: string, txnReferenceIds: string[]): Promise<StoredMessage[]> {
    if (txnReferenceIds.length === 0) return [];
    return (await this.query('find messages of payments', SQL.findTxnMessages, [refId, txnReferenceIds])).rows.map(toMessage);
  }

  async saveFetch(f: StoredFetch): Promise<void> {
    await this.query('save a fetch', SQL.upsertFetch, [f.refId, f.billerId, encodeJson(f.bills), f.createdAt]);
  }

  async getFetch(refId: string): Promise<StoredFetch | undefined> {
    const res = await this.query('read a fetch', SQL.getFetch, [refId]);
    return res.rows[0] && toFetch(res.rows[0]);
  }

  async claimPayment(p: { request: PaymentRequest; contentHash: string; leaseMs: number; closed?: PaymentOutcome & { status: 'FAILED' }; received?: MessageRecord }) {
    const r = p.request;
    // first, as a statement of its own: a payment is never claimed without its message
    if (p.received) await this.recordMessage(p.received);
    const row = [r.txnReferenceId, r.refId, r.msgId, r.billerId, p.contentHash, encodeJson(r)];
    let inserted;
    try {
      inserted = p.closed
        ? await this.query('claim a closed payment', SQL.claimClosed, [...row, encodeJson(p.closed), this.clock.now()])
        : await this.query('claim a payment', SQL.claimPayment, [...row, p.leaseMs, this.instanceId, this.clock.now()]);
    } catch (e) {
      // the connection dropped after the INSERT was sent: the server may have committed it
      throw isAppError(e) && e.details.uncertain === true ? paymentMayExist(e) : e;
    }
    if (inserted.rows[0]) return { created: true, payment: toPayment(inserted.rows[0]) };
    // the INSERT found one: it exists, whatever happens to this read
    const existing = await this.getPayment(r.txnReferenceId).catch((e: unknown) => { throw paymentMayExist(ledgerError('read a claimed payment', e)); });
    if (!existing) throw ledgerError('claim a payment', new Error(`${r.txnReferenceId} neither inserted nor found`));
    return { created: false, payment: existing };
  }

  async getPayment(txnReferenceId: string): Promise<PaymentRecord | undefined> {
    const res = await this.query('read a payment', SQL.getPayment, [txnReferenceId]);
    return res.rows[0] && toPayment(res.rows[0]);
  }

  async tryLease(txnReferenceId: string, leaseMs: number): Promise<PaymentRecord | undefined> {
    const res = await this.query('lease a payment', SQL.tryLease, [txnReferenceId, leaseMs, this.instanceId, this.leases.ownerStaleMs]);
    return res.rows[0] && toPayment(res.rows[0]);
  }

  async claimDue(leaseMs: number, limit: number, skip: readonly string[] = []): Promise<PaymentRecord[]> {
    const values = [leaseMs, this.instanceId, this.leases.ownerStaleMs, limit, [...skip]];
    const res = await this.query('claim due payments', SQL.claimDue, values);
    return res.rows.map(toPayment).sort(byCreated);
  }

  async renewLease(txnReferenceId: string, token: number, leaseMs: number): Promise<boolean> {
    return (await this.query('renew a lease', SQL.renewLease, [txnReferenceId, token, leaseMs])).rowCount! > 0;
  }

  async markPosting(txnReferenceId: string, token: number, plan: PostingPlan, leaseMs: number, startedAt: number): Promise<boolean> {
    const billIds = plan.bills.map((b) => b.billId);
    const values = [txnReferenceId, token, encodeJson(plan), leaseMs, startedAt, this.clock.now(), billIds];
    const res = await this.query('mark a payment POSTING', SQL.markPosting, values);
    return toInt(res.rows[0]?.changed ?? 0) > 0;
  }

  async complete(txnReferenceId: string, token: number, outcome: PaymentOutcome & { status: 'SUCCESS' | 'FAILED' }): Promise<boolean> {
    const values = [txnReferenceId, token, outcome.status, encodeJson(outcome), paidPaise(outcome), this.clock.now()];
    return (await this.query('complete a payment', SQL.complete, values)).rowCount! > 0;
  }

  async markUnknown(txnReferenceId: string, token: number, note: string, retryInMs: number, landableAt: number | undefined): Promise<boolean> {
    const values = [txnReferenceId, token, note, retryInMs, this.clock.now(), landableAt ?? null];
    return (await this.query('mark a payment UNKNOWN', SQL.markUnknown, values)).rowCount! > 0;
  }

  async requestReversal(txnReferenceId: string): Promise<boolean> {
    return (await this.query('ask a reversal', SQL.requestReversal, [txnReferenceId, this.clock.now()])).rowCount! > 0;
  }

  async markReversed(txnReferenceId: string): Promise<boolean> {
    return (await this.query('mark a payment reversed', SQL.markReversed, [txnReferenceId, this.clock.now()])).rowCount! > 0;
  }

  async billIdsTaken(billIds: string[]): Promise<string[]> {
    if (billIds.length === 0) return [];
    const res = await this.query('look up bills taken', SQL.billIdsTaken, [billIds]);
    return res.rows.map((r) => String(r.bill_id));
  }

  async listUnresolved(before: number): Promise<PaymentRecord[]> {
    return (await this.query('list unresolved payments', SQL.listUnresolved, [before])).rows.map(toPayment);
  }

  async listPayments(from: number, before: number): Promise<PaymentRecord[]> {
    return (await this.query('list payments', SQL.listPayments, [from, before])).rows.map(toPayment);
  }

  async searchPayments(q: PaymentSearch): Promise<PaymentRecord[]> {
    const biller = q.billerId ?? null;
    const state = q.state ?? null;
    if (q.term !== undefined) {
      const values = [q.term, biller, state, q.from ?? null, q.before ?? null, q.limit, q.offset];
      return (await this.query('search payments', SQL.searchByTerm, values)).rows.map(toPayment);
    }
    const { from, before } = searchWindow(q);
    return (await this.query('search payments', SQL.searchWindow, [from, before, biller, state, q.limit, q.offset])).rows.map(toPayment);
  }

  async totalsByState(from: number, before: number): Promise<StateTotals[]> {
    return (await this.query('total payments by state', SQL.totalsByState, [from, before])).rows.map(toStateTotals);
  }

  async findMessagesOfTxn(txnReferenceId: string): Promise<StoredMessage[]> {
    return (await this.query('find messages of a payment', SQL.findMessagesOfTxn, [txnReferenceId])).rows.map(toMessage);
  }

  async countOutbox(state: 'PARKED' | 'PENDING'): Promise<number> {
    return toInt((await this.query('count outbox items', SQL.countOutbox, [state])).rows[0]?.count ?? 0);
  }

  async successTotals(): Promise<LedgerTotals> {
    const row = (await this.query('sum successful payments', SQL.successTotals, [])).rows[0];
    return { count: toInt(row?.count ?? 0), sumPaise: toInt(row?.sum ?? 0) };
  }

  async countByState(since: number): Promise<Partial<Record<PaymentState, number>>> {
    const { rows } = await this.query('count payments by state', SQL.countByState, [since]);
    return Object.fromEntries(rows.map((r) => [String(r.state), toInt(r.count)]));
  }

  async pendingOutbox(): Promise<{ count: number; oldestCreatedAt?: number }> {
    const row = (await this.query('count pending outbox items', SQL.pendingOutbox, [])).rows[0];
    return { count: toInt(row?.count ?? 0), ...(row?.oldest == null ? {} : { oldestCreatedAt: toInt(row.oldest) }) };
  }

  async addOutbox(item: { id: string; refId: string; api: string; url: string; body: string; leaseMs: number }) {
    const values = [item.id, item.refId, item.api, item.url, item.body, item.leaseMs, this.instanceId, this.clock.now()];
    return (await this.query('queue a new outbound message', SQL.addOutbox, values)).rowCount! > 0;
  }

  async requeueOutbox(id: string, leaseMs: number): Promise<boolean> {
    const values = [id, leaseMs, this.instanceId, this.clock.now()];
    return (await this.query('re-queue an outbound message', SQL.requeueOutbox, values)).rowCount! > 0;
  }

  async getOutbox(id: string): Promise<OutboxItem | undefined> {
    const res = await this.query('read the outbox', SQL.getOutbox, [id]);
    return res.rows[0] && toOutbox(res.rows[0]);
  }

  async claimDueOutbox(leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const values = [leaseMs, this.instanceId, this.leases.ownerStaleMs, limit];
    const res = await this.query('claim due outbound messages', SQL.claimDueOutbox, values);
    return res.rows.map(toOutbox).sort(byCreated);
  }

  async markOutboxSent(id: string, version: number): Promise<boolean> {
    const res = await this.query('mark a message sent', SQL.markOutbox, [id, version, 'SENT', 0, null, this.clock.now()]);
    return res.rowCount! > 0;
  }

  async markOutboxFailed(id: string, version: number, error: string, retryInMs?: number): Promise<boolean> {
    const state = retryInMs === undefined ? 'PARKED' : 'PENDING';
    const res = await this.query('mark a message failed', SQL.markOutbox, [id, version, state, retryInMs ?? 0, error, this.clock.now()]);
    return res.rowCount! > 0;
  }

  async listOutbox(q: OutboxListQuery): Promise<OutboxItem[]> {
    const b = outboxListBounds(q);
    const res = await this.query('list the outbox', SQL.listOutbox, [b.state, b.before, b.beforeId, b.limit]);
    return res.rows.map(toOutbox);
  }

  async now(): Promise<number> {
    const res = await this.query('read the database clock', SQL.now, []);
    return toInt(res.rows[0].now);
  }

  async ping(): Promise<void> {
    await this.query('answer a ping', SQL.ping, []);
  }

  async close(): Promise<void> {
    this.closed ??= (async () => {
      clearInterval(this.beating);
      await this.beat;
      // a clean stop: anything still leased by this instance is free for the others at once
      await this.query('leave', SQL.forgetInstance, [this.instanceId]).catch(() => undefined);
      await this.pool.end();
    })();
    await this.closed;
  }

  private async query(what: string, statement: Named, values: unknown[]) {
    // A server restart, failover or administrator ends the pooled connections; the pool drops each one
    // only when its 'error' event arrives, so a call may be handed one already ended. The server ends a
    // backend between statements or aborts the one running, so this autocommit statement did not take
    // effect: again on the next connection, at most once per pooled connection plus a fresh one.
    for (let tries = (this.pool.options.max ?? 10) + 1; ; tries--) {
      try {
        return await this.pool.query<QueryResultRow & Row>({ ...statement, values });
      } catch (e) {
        if (tries <= 1 || !terminatedByServer(e)) throw pgError(what, e);
      }
    }
  }
}

/** admin_shutdown, crash_shutdown: the server's FATAL on ending a backend */
const TERMINATED = new Set(['57P01', '57P02']);
function terminatedByServer(e: unknown): boolean {
  return TERMINATED.has(String((e as { code?: unknown } | undefined)?.code));
}
