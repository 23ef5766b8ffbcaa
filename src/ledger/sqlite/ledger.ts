// The Ledger on one SQLite connection (node:sqlite is synchronous: each method runs to completion
// before another starts in this process; other processes are kept out by SQLite's write lock). Writes
// go through a group commit (group-commit.ts): those asked in one turn of the event loop share one
// transaction, and each resolves once that transaction is committed.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type {
  Clock, Direction, Ledger, LedgerTotals, MessageRecord, OutboxItem, OutboxListQuery, PaymentRecord, PaymentSearch,
  StateTotals, StoredFetch, StoredMessage,
} from '../../core/ports';
import type { PaymentOutcome, PaymentRequest, PaymentState, PostingPlan } from '../../core/types';
import { ledgerError } from '../errors';
import { packBody, packDocument } from '../body-codec';
import { encodeJson, toInt } from '../json';
import { outboxListBounds } from '../outbox-list';
import { byCreated, paidPaise, searchWindow, toFetch, toMessage, toOutbox, toPayment, toStateTotals, type Row } from '../rows';
import type { Checkpointer } from './checkpointer';
import { GroupCommit } from './group-commit';
import { SQL } from './statements';

type Params = Record<string, SQLInputValue>;

/** How long a `soon` write (a copy of an answer sent) may wait to share a commit: lost with the process if it is killed in that time. */
const SOON_MS = 10;

export class SqliteLedger implements Ledger {
  private readonly statements = new Map<string, StatementSync>();
  private readonly commits: GroupCommit;

  constructor(
    private readonly db: DatabaseSync,
    private readonly clock: Clock,
    /** the resolved file path, or `:memory:` */
    readonly location: string,
    readonly instanceId: string,
    /** the worker that checkpoints the WAL, when this connection does not (open.ts) */
    private readonly checkpointer?: Checkpointer,
  ) {
    this.commits = new GroupCommit(db);
  }

  /**
   * One process per ledger file (design §3.7): whatever another instance still holds was left by a
   * process that is gone, so it is free at once instead of after its lease.
   */
  freeOthersLeases(): void {
    const params = { me: this.instanceId, now: this.clock.now() };
    this.transaction('free the leases of earlier processes', () => {
      this.statement(SQL.freeOthersPayments).run(params);
      this.statement(SQL.freeOthersOutbox).run(params);
    });
  }

  async now(): Promise<number> {
    return this.clock.now();
  }

  async recordMessage(m: MessageRecord, opts: { soon?: boolean } = {}): Promise<void> {
    await this.commits.write('record a message', this.messageInsert(m), opts.soon ? SOON_MS : undefined);
  }

  /** The statement recording `m`, its parameters taken now. */
  private messageInsert(m: MessageRecord): () => void {
    const params = {
      at: this.clock.now(), direction: m.direction, api: m.api, refId: m.refId, msgId: m.msgId ?? null,
      txn: m.txnReferenceId ?? null, outcome: m.outcome ?? null, bodyZ: packBody(m.body),
    };
    return () => void this.statement(SQL.insertMessage).run(params);
  }

  async findMessages(q: { refId: string; api?: string; direction?: Direction }): Promise<StoredMessage[]> {
    const params = { refId: q.refId, api: q.api ?? null, direction: q.direction ?? null };
    return this.all('find messages', SQL.findMessages, params).map(toMessage);
  }

  async findTxnMessages(refId: string, txnReferenceIds: string[]): Promise<StoredMessage[]> {
    if (txnReferenceIds.length === 0) return [];
    return this.all('find messages of payments', SQL.findTxnMessages, { refId, txns: JSON.stringify(txnReferenceIds) }).map(toMessage);
  }

  async saveFetch(f: StoredFetch): Promise<void> {
    const billsZ = packDocument(encodeJson(f.bills));
    await this.write('save a fetch', SQL.upsertFetch, { refId: f.refId, billerId: f.billerId, billsZ, createdAt: f.createdAt });
  }

  async getFetch(refId: string): Promise<StoredFetch | undefined> {
    const row = this.get('read a fetch', SQL.getFetch, { refId });
    return row && toFetch(row);
  }

  async claimPayment(p: { request: PaymentRequest; contentHash: string; leaseMs: number; closed?: PaymentOutcome & { status: 'FAILED' }; received?: MessageRecord }) {
    const r = p.request;
    const request = encodeJson(r);
    const outcome = p.closed ? encodeJson(p.closed) : null;
    const row = {
      txn: r.txnReferenceId, refId: r.refId, msgId: r.msgId, billerId: r.billerId, contentHash: p.contentHash,
      requestZ: packDocument(request), amountPaise: r.amountPaise, now: this.clock.now(),
    };
    const [what, sql, params] = outcome !== null
      ? ['claim a closed payment', SQL.claimClosed, { ...row, outcomeZ: packDocument(outcome) }] as const
      : ['claim a payment', SQL.claimPayment, { ...row, leaseMs: p.leaseMs, me: this.instanceId }] as const;
    const recordReceived = p.received && this.messageInsert(p.received);
    const { inserted, existing } = await this.commits.write(what, () => {
      recordReceived?.(); // the same savepoint: the message and the claim are committed together or not at all
      const inserted = this.statement(sql).get(params) as Row | undefined;
      // read in the same transaction: the row that won the key is the one answered
      return { inserted, existing: inserted ? undefined : (this.statement(SQL.getPayment).get({ txn: r.txnReferenceId }) as Row | undefined) };
    });
    // the row just written is read from the JSON in hand, not inflated back
    if (inserted) return { created: true, payment: toPayment({ ...inserted, request, request_z: null, outcome, outcome_z: null }) };
    if (!existing) throw ledgerError('claim a payment', new Error(`${r.txnReferenceId} neither inserted nor found`));
    return { created: false, payment: toPayment(existing) };
  }

  async getPayment(txnReferenceId: string): Promise<PaymentRecord | undefined> {
    const row = this.get('read a payment', SQL.getPayment, { txn: txnReferenceId });
    return row && toPayment(row);
  }

  async tryLease(txnReferenceId: string, leaseMs: number): Promise<PaymentRecord | undefined> {
    const params = { txn: txnReferenceId, ...this.taking(leaseMs) };
    const row = await this.commits.write('lease a payment', () => this.statement(SQL.tryLease).get(params) as Row | undefined);
    return row && toPayment(row);
  }

  async claimDue(leaseMs: number, limit: number, skip: readonly string[] = []): Promise<PaymentRecord[]> {
    // the group's BEGIN IMMEDIATE takes the write lock before the rows are chosen: another process waits
    const params = { ...this.taking(leaseMs), limit, skip: JSON.stringify(skip) };
    const rows = await this.commits.write('claim due payments', () => this.statement(SQL.claimDue).all(params) as Row[]);
    return rows.map(toPayment).sort(byCreated);
  }

  async renewLease(txnReferenceId: string, token: number, leaseMs: number): Promise<boolean> {
    return (await this.write('renew a lease', SQL.renewLease, { txn: txnReferenceId, token, leaseMs, now: this.clock.now() })) > 0;
  }

  async markPosting(txnReferenceId: string, token: number, plan: PostingPlan, leaseMs: number, startedAt: number): Promise<boolean> {
    const planZ = packDocument(encodeJson(plan));
    const billIds = JSON.stringify(plan.bills.map((b) => b.billId));
    const consumerCode = plan.bills[0]?.consumerCode ?? null;
    const params = { txn: txnReferenceId, token, planZ, consumerCode, leaseMs, startedAt, now: this.clock.now() };
    // one savepoint of the group: the state and its bills are committed together or not at all
    return this.commits.write('mark a payment POSTING', () => {
      if (this.statement(SQL.markPosting).run(params).changes === 0) return false;
      // a regenerated plan may name other bills: keep payment_bills equal to the plan
      this.statement(SQL.dropStaleBills).run({ txn: txnReferenceId, billIds });
      this.statement(SQL.addBills).run({ txn: txnReferenceId, billIds });
      return true;
    });
  }

  async complete(txnReferenceId: string, token: number, outcome: PaymentOutcome & { status: 'SUCCESS' | 'FAILED' }): Promise<boolean> {
    const params = {
      txn: txnReferenceId, token, state: outcome.status, outcomeZ: packDocument(encodeJson(outcome)), paidPaise: paidPaise(outcome),
      receiptNumber: outcome.status === 'SUCCESS' ? outcome.receipts[0]?.receiptNumber ?? null : null, now: this.clock.now(),
    };
    return (await this.write('complete a payment', SQL.complete, params)) > 0;
  }

  async markUnknown(txnReferenceId: string, token: number, note: string, retryInMs: number, landableAt: number | undefined): Promise<boolean> {
    const params = { txn: txnReferenceId, token, note, retryInMs, landableAt: landableAt ?? null, now: this.clock.now() };
    return (await this.write('mark a payment UNKNOWN', SQL.markUnknown, params)) > 0;
  }

  async requestReversal(txnReferenceId: string): Promise<boolean> {
    return (await this.write('ask a reversal', SQL.requestReversal, { txn: txnReferenceId, now: this.clock.now() })) > 0;
  }

  async markReversed(txnReferenceId: string): Promise<boolean> {
    return (await this.write('mark a payment reversed', SQL.markReversed, { txn: txnReferenceId, now: this.clock.now() })) > 0;
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

  async searchPayments(q: PaymentSearch): Promise<PaymentRecord[]> {
    const filters = { biller: q.billerId ?? null, state: q.state ?? null, limit: q.limit, offset: q.offset };
    if (q.term !== undefined) {
      const params = { ...filters, term: q.term, from: q.from ?? null, before: q.before ?? null };
      return this.all('search payments', SQL.searchByTerm, params).map(toPayment);
    }
    const { from, before } = searchWindow(q);
    return this.all('search payments', SQL.searchWindow, { ...filters, from, before }).map(toPayment);
  }

  async totalsByState(from: number, before: number): Promise<StateTotals[]> {
    return this.all('total payments by state', SQL.totalsByState, { from, before }).map(toStateTotals);
  }

  async findMessagesOfTxn(txnReferenceId: string): Promise<StoredMessage[]> {
    return this.all('find messages of a payment', SQL.findMessagesOfTxn, { txn: txnReferenceId }).map(toMessage);
  }

  async countOutbox(state: 'PARKED' | 'PENDING'): Promise<number> {
    return toInt(this.get('count outbox items', SQL.countOutbox, { state })?.count ?? 0);
  }

  async successTotals(): Promise<LedgerTotals> {
    const row = this.get('sum successful payments', SQL.successTotals, {});
    return { count: toInt(row?.count ?? 0), sumPaise: toInt(row?.sum ?? 0) };
  }

  async countByState(since: number): Promise<Partial<Record<PaymentState, number>>> {
    const rows = this.all('count payments by state', SQL.countByState, { since });
    return Object.fromEntries(rows.map((r) => [String(r.state), toInt(r.count)]));
  }

  async pendingOutbox(): Promise<{ count: number; oldestCreatedAt?: number }> {
    const row = this.get('count pending outbox items', SQL.pendingOutbox, {});
    return { count: toInt(row?.count ?? 0), ...(row?.oldest == null ? {} : { oldestCreatedAt: toInt(row.oldest) }) };
  }

  async addOutbox(item: { id: string; refId: string; api: string; url: string; body: string; leaseMs: number }) {
    const { id, refId, api, url, body, leaseMs } = item;
    const params = { id, refId, api, url, body, leaseMs, me: this.instanceId, now: this.clock.now() };
    return (await this.write('queue a new outbound message', SQL.addOutbox, params)) > 0;
  }

  async requeueOutbox(id: string, leaseMs: number): Promise<boolean> {
    return (await this.write('re-queue an outbound message', SQL.requeueOutbox, { id, ...this.taking(leaseMs) })) > 0;
  }

  async getOutbox(id: string): Promise<OutboxItem | undefined> {
    const row = this.get('read the outbox', SQL.getOutbox, { id });
    return row && toOutbox(row);
  }

  async claimDueOutbox(leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const params = { ...this.taking(leaseMs), limit };
    const rows = await this.commits.write('claim due outbound messages', () => this.statement(SQL.claimDueOutbox).all(params) as Row[]);
    return rows.map(toOutbox).sort(byCreated);
  }

  async markOutboxSent(id: string, version: number): Promise<boolean> {
    const params = { id, version, state: 'SENT', retryInMs: 0, error: null, now: this.clock.now() };
    return (await this.write('mark a message sent', SQL.markOutbox, params)) > 0;
  }

  async markOutboxFailed(id: string, version: number, error: string, retryInMs?: number): Promise<boolean> {
    const state = retryInMs === undefined ? 'PARKED' : 'PENDING';
    const params = { id, version, state, retryInMs: retryInMs ?? 0, error, now: this.clock.now() };
    return (await this.write('mark a message failed', SQL.markOutbox, params)) > 0;
  }

  async listOutbox(q: OutboxListQuery): Promise<OutboxItem[]> {
    return this.all('list the outbox', SQL.listOutbox, { ...outboxListBounds(q) }).map(toOutbox);
  }

  async ping(): Promise<void> {
    this.get('answer a ping', SQL.ping, {});
  }

  async close(): Promise<void> {
    if (!this.db.isOpen) return;
    this.commits.flush(); // what was asked before close is committed, as it was before the group commit
    await this.checkpointer?.stop(); // first: the last connection to close checkpoints the WAL away
    if (!this.db.isOpen) return;
    this.commits.flush(); // and what was asked while the checkpointer stopped
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

  /** The parameters of a lease taken now by this instance. */
  private taking(leaseMs: number) {
    return { leaseMs, me: this.instanceId, now: this.clock.now() };
  }

  private statement(sql: string): StatementSync {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** One statement in the next group commit: the rows it changed, once committed. */
  private write(what: string, sql: string, params: Params): Promise<number> {
    return this.commits.write(what, () => Number(this.statement(sql).run(params).changes));
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
