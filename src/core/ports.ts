// Ports: the interfaces the core owns and the adapters implement.
import { AppError } from './errors';
import type { Bill, PaymentOutcome, PaymentRequest, PaymentState, PostingPlan, Receipt } from './types';

// ---------------------------------------------------------------- DIGIT

/**
 * How a failed DIGIT call ended, which decides what the core may do next:
 * - REJECTED: DIGIT answered with its error envelope (4xx); nothing was done. `digitCodes` holds Errors[].code.
 * - UNAVAILABLE: the request never reached DIGIT's business logic (connection refused, login failed,
 *   circuit open, 401/403 after one re-login): safe to treat as not done.
 * - UNKNOWN: the request may have been processed (timeout, connection reset after sending, 5xx).
 */
export type DigitFailureKind = 'REJECTED' | 'UNAVAILABLE' | 'UNKNOWN';

export class DigitCallError extends AppError {
  constructor(
    readonly kind: DigitFailureKind,
    message: string,
    readonly digitCodes: string[] = [],
    readonly httpStatus?: number,
  ) {
    super(
      kind === 'REJECTED' ? 'DIGIT_REJECTED' : kind === 'UNAVAILABLE' ? 'DIGIT_UNAVAILABLE' : 'DIGIT_UNKNOWN_OUTCOME',
      message,
      { digitCodes, httpStatus },
    );
    this.name = 'DigitCallError';
  }
}

export interface BillQuery {
  tenantId: string;
  businessService: string;
  consumerCode?: string;
  mobileNumber?: string;
}

/** A payment found in DIGIT by search. */
export interface DigitPaymentFound {
  paymentId: string;
  tenantId: string;
  transactionNumber: string;
  paymentStatus: string;
  instrumentStatus: string;
  totalPaise: number;
  receipts: Receipt[];
  transactionDate: number;
  additionalDetails: unknown;
}

export interface DigitGateway {
  /** billing-service `_fetchbill` (may generate a fresh bill). `[]` = no dues. */
  fetchBills(q: BillQuery): Promise<Bill[]>;
  /** billing-service bill `_search` (any status): used to tell "no dues" from "unknown consumer". */
  searchBills(q: BillQuery): Promise<Bill[]>;
  /** collection-services `payments/_create`: one receipt per bill of the plan. */
  createPayment(txnReferenceId: string, instrumentNumber: string, plan: PostingPlan): Promise<Receipt[]>;
  /** `payments/{businessService}/_search` by transaction number and/or bill ids. */
  searchPayments(q: {
    tenantId: string;
    businessService: string;
    transactionNumber?: string;
    billIds?: string[];
  }): Promise<DigitPaymentFound[]>;
  /**
   * One page of `payments/{businessService}/_search` by transaction date (reconciliation): payments whose
   * transactionDate is in [fromMs, toMs], newest first (DIGIT's order), `limit` at most 100 (DIGIT's cap).
   */
  listPayments(q: {
    tenantId: string;
    businessService: string;
    fromMs: number;
    toMs: number;
    offset: number;
    limit: number;
  }): Promise<DigitPaymentFound[]>;
  /**
   * collection-services `payments/{businessService}/_workflow` with action CANCEL. DIGIT allows it only
   * for instrumentStatus APPROVED (not ONLINE/CARD/ONLINE_NEFT/ONLINE_RTGS) and only for the latest
   * payment of each consumer code; otherwise REJECTED. Resolves once DIGIT shows the payment CANCELLED.
   */
  cancelPayment(q: { tenantId: string; businessService: string; paymentId: string; reason: string }): Promise<void>;
  /** true when a token is held or the last login succeeded (readiness; never triggers a login). */
  healthy(): boolean;
}

/** The reversals BBPS asked for, as the operators' list records them (read by the reconciliation). */
export interface ReversalRecords {
  /** the latest recorded result per txnReferenceId (NOT_POSTED, CANCELLED_IN_DIGIT, POSTED_MANUAL), for those that have one */
  latestResults(txnReferenceIds: string[]): Promise<Map<string, string>>;
}

// ---------------------------------------------------------------- Ledger

export type Direction = 'IN' | 'OUT';

export interface MessageRecord {
  direction: Direction;
  /** BillFetchRequest, BillPaymentResponse, Ack, ... */
  api: string;
  refId: string;
  msgId?: string;
  txnReferenceId?: string;
  /** short outcome text: ACCEPTED, REJECTED:<code>, 000, BPR011, ... */
  outcome?: string;
  body: string;
}

/** A message as recorded, with its insertion order and time (epoch ms). */
export interface StoredMessage extends MessageRecord {
  id: number;
  at: number;
}

export type OutboxState = 'PENDING' | 'SENT' | 'PARKED';

/** A message to deliver later (async callbacks to the BBPS CU): the ledger is the outbox (design §3.7). */
export interface OutboxItem {
  /** the caller's key, e.g. `cb:BillPaymentRequest:<refId>`: one item per id, never replaced */
  id: string;
  refId: string;
  api: string;
  url: string;
  body: string;
  state: OutboxState;
  /** bumped by every claim and re-queue: a mark only applies to the version its worker got */
  version: number;
  /** delivery attempts made */
  attempts: number;
  /** epoch ms (ledger clock) before which nobody else may work on the item (lease / backoff) */
  nextAttemptAt: number;
  /** the instance that holds it (absent once marked) */
  leaseOwner?: string;
  createdAt: number;
  updatedAt: number;
  lastError?: string;
}

export interface OutboxListQuery {
  state: OutboxState;
  /** 1 or more */
  limit: number;
  /** updatedAt cursor (epoch ms): only items updated before it, or at it with an id below `beforeId` */
  before?: number;
  /** tie-breaker within the cursor's millisecond: several items can share one updatedAt */
  beforeId?: string;
}

export interface StoredFetch {
  refId: string;
  billerId: string;
  bills: Bill[];
  createdAt: number;
}

export interface PaymentRecord {
  txnReferenceId: string;
  refId: string;
  msgId: string;
  billerId: string;
  contentHash: string;
  state: PaymentState;
  request: PaymentRequest;
  plan?: PostingPlan;
  outcome?: PaymentOutcome;
  /** DIGIT attempts made (each a `_create`) */
  attempts: number;
  /** epoch ms (ledger clock) until which the lease holds, or before which nobody retries (backoff) */
  nextAttemptAt: number;
  /** the instance holding the lease (absent once released: UNKNOWN or terminal) */
  leaseOwner?: string;
  /** fencing token of the latest lease: every progress write must present it (design §3.7) */
  leaseToken: number;
  /** epoch ms when the latest `_create` was started: DIGIT's persistence bound counts from it */
  lastPostAt?: number;
  /** a BBPS reversal was asked: no new `_create` is ever made (markPosting refuses) */
  reversalRequested: boolean;
  createdAt: number;
  updatedAt: number;
  note?: string;
  /** set when a SUCCESS payment was reversed afterwards (cancelled in DIGIT); epoch ms */
  reversedAt?: number;
}

export interface LedgerTotals {
  count: number;
  sumPaise: number;
}

/**
 * The operators' payment search (console "Payments", GET /ops/payments): newest first, paged. `term`
 * is matched exactly against the txnReferenceId, the refId, the first bill's consumer code and the first
 * receipt's number, each through its own index; without a term the [from, before) window of the
 * creation index is walked, so a search costs what that window holds, never the whole ledger.
 */
export interface PaymentSearch {
  term?: string;
  billerId?: string;
  state?: PaymentState;
  /** createdAt window [from, before), epoch ms: required without a term */
  from?: number;
  before?: number;
  limit: number;
  offset: number;
}

/** Payments created in a window, by state: SUCCESS reversed afterwards apart (it is no longer money collected). */
export interface StateTotals {
  state: PaymentState;
  reversed: boolean;
  count: number;
  /** SUCCESS: the receipts' sum (what DIGIT took); the other states: the amount asked */
  sumPaise: number;
}

type NewOutboxItem = { id: string; refId: string; api: string; url: string; body: string };

/**
 * Leases (design §3.7 "Fenced leases"). A lease is taken by this ledger's instance (`instanceId`) for a
 * duration counted in the ledger's clock (PostgreSQL's own, or this process's for SQLite) and gets a new
 * token; every write of a payment's progress names the token and does nothing unless it is still the
 * current one. A lease is free when it expired, or — PostgreSQL — when its owner's heartbeat is stale;
 * SQLite frees every other owner's lease at open (one process per ledger file).
 */
export interface Ledger {
  /** this instance's id, made at open: the owner named by every lease it takes */
  readonly instanceId: string;
  /**
   * Epoch ms in the ledger's clock (PostgreSQL's own, or this process's on SQLite): `lastPostAt` is
   * stamped and the persistence bound judged in it, so instances whose clocks differ agree.
   */
  now(): Promise<number>;

  /**
   * `soon`: a copy nothing waits on (an answer already sent): the ledger may hold it a few ms to commit
   * it with other writes (it is still committed before any write asked after it).
   */
  recordMessage(m: MessageRecord, opts?: { soon?: boolean }): Promise<void>;

  /** Replaces the fetch stored under the same refId (a repeated fetch is answered afresh). */
  saveFetch(f: StoredFetch): Promise<void>;
  getFetch(refId: string): Promise<StoredFetch | undefined>;

  /**
   * Inserts a RECEIVED payment unless one with the same txnReferenceId exists (unique constraint,
   * never check-then-insert), leased to this instance for `leaseMs`. With `closed` it is inserted
   * terminal instead (a reversal arriving before its forward: it can never be posted).
   * Returns the stored row and whether this call created it. `received`: the request's inbound
   * message, recorded first (whether or not the payment is new), in the same transaction where the
   * ledger has one: a payment is never claimed without its message, and it costs no commit of its own.
   * A rejection means nothing was claimed, unless its AppError says `details.paymentMayExist` (the
   * claim was sent and the connection dropped: it may have committed, or the payment exists).
   */
  claimPayment(p: {
    request: PaymentRequest;
    contentHash: string;
    leaseMs: number;
    closed?: PaymentOutcome & { status: 'FAILED' };
    received?: MessageRecord;
  }): Promise<{ created: boolean; payment: PaymentRecord }>;
  getPayment(txnReferenceId: string): Promise<PaymentRecord | undefined>;

  /**
   * Takes the lease of one non-terminal payment when it is free, its backoff has passed, or it is
   * UNKNOWN whatever its backoff (a repeat or a status query resolving it at once). Undefined when it is
   * terminal or held by someone else. Leasing an UNKNOWN payment makes it POSTING: UNKNOWN means nobody
   * holds it.
   */
  tryLease(txnReferenceId: string, leaseMs: number): Promise<PaymentRecord | undefined>;
  /** Like tryLease for up to `limit` due payments, passing over `skip` (what this process works on). */
  claimDue(leaseMs: number, limit: number, skip?: readonly string[]): Promise<PaymentRecord[]>;
  /** The holder extends its lease by `leaseMs` from now (before each DIGIT call). False: lost it. */
  renewLease(txnReferenceId: string, token: number, leaseMs: number): Promise<boolean>;
  /**
   * The holder commits the plan and POSTING before `_create` (attempts + 1, lastPostAt = startedAt,
   * lease renewed). False when it lost the lease, the payment is terminal, or a reversal was asked.
   */
  markPosting(txnReferenceId: string, token: number, plan: PostingPlan, leaseMs: number, startedAt: number): Promise<boolean>;
  /** The holder makes it terminal (SUCCESS or FAILED, the outcome to replay). False: not the holder, or terminal already. */
  complete(txnReferenceId: string, token: number, outcome: PaymentOutcome & { status: 'SUCCESS' | 'FAILED' }): Promise<boolean>;
  /**
   * The holder gives it up with the outcome unknown: UNKNOWN, retried `retryInMs` from now; lastPostAt
   * becomes `landableAt` (the latest attempt that may still land: a refused re-post does not count).
   */
  markUnknown(txnReferenceId: string, token: number, note: string, retryInMs: number, landableAt: number | undefined): Promise<boolean>;
  /**
   * A BBPS reversal was asked for a live payment: from now on markPosting refuses it, whoever holds it
   * (no lease needed: it only ever forbids). False when the payment is terminal or absent.
   */
  requestReversal(txnReferenceId: string): Promise<boolean>;
  /**
   * A SUCCESS payment cancelled in DIGIT afterwards (a BBPS reversal): it stays SUCCESS with its
   * outcome (what was answered, replayed to a repeat) but gets `reversedAt` and no longer counts in
   * successTotals. False when the payment is not SUCCESS or was already marked.
   */
  markReversed(txnReferenceId: string): Promise<boolean>;

  /**
   * Of the given DIGIT bill ids, those that a payment of ours in state POSTING, UNKNOWN or SUCCESS
   * covers (its plan names the bill): a fetch must not offer them again while DIGIT's asynchronous
   * mark-as-paid is pending.
   */
  billIdsTaken(billIds: string[]): Promise<string[]>;
  /** Non-terminal payments created before `before` (operators' list of long-unresolved payments). */
  listUnresolved(before: number): Promise<PaymentRecord[]>;
  /** Payments created in [from, before), oldest first (daily reconciliation against DIGIT). */
  listPayments(from: number, before: number): Promise<PaymentRecord[]>;
  /** The operators' search (see PaymentSearch). */
  searchPayments(q: PaymentSearch): Promise<PaymentRecord[]>;
  /** Payments created in [from, before) counted and summed by state (a range of the creation index). */
  totalsByState(from: number, before: number): Promise<StateTotals[]>;
  /** Messages recorded with this txnReferenceId (payment, status query, reversal), oldest first. */
  findMessagesOfTxn(txnReferenceId: string): Promise<StoredMessage[]>;
  /** Messages recorded under a refId, optionally of one api and direction, oldest first. */
  findMessages(q: { refId: string; api?: string; direction?: Direction }): Promise<StoredMessage[]>;
  /**
   * Messages recorded under `refId` about any of the given txnReferenceIds, oldest first: a lookup of
   * the txnReferenceId index (reconciliation reads the reversals of one day's payments with it).
   */
  findTxnMessages(refId: string, txnReferenceIds: string[]): Promise<StoredMessage[]>;

  /**
   * Queues a message unless an item with this id exists (unique id, never check-then-insert): true when
   * this call created it, leased to this instance for `leaseMs` (the creator works it first). A message
   * is written once: nobody can replace an answer already queued or sent.
   */
  addOutbox(item: NewOutboxItem & { leaseMs: number }): Promise<boolean>;
  /**
   * Sends an item again as it is (a repeated request: its stored answer, or its parked work): PENDING,
   * attempts 0, a new version, leased to this instance for `leaseMs`. False when there is no such item.
   */
  requeueOutbox(id: string, leaseMs: number): Promise<boolean>;
  getOutbox(id: string): Promise<OutboxItem | undefined>;
  /**
   * Leases up to `limit` due PENDING items to this instance: each claim gives the item a new `version`,
   * which fences the marks (a worker that lost the item can no longer mark it).
   */
  claimDueOutbox(leaseMs: number, limit: number): Promise<OutboxItem[]>;
  /** Delivered: SENT, attempts + 1. False when the version moved on (claimed or re-queued since). */
  markOutboxSent(id: string, version: number): Promise<boolean>;
  /** Not delivered: attempts + 1, retried `retryInMs` from now, or PARKED for operators when it is undefined. */
  markOutboxFailed(id: string, version: number, error: string, retryInMs?: number): Promise<boolean>;
  /**
   * Items in one state, newest first (updatedAt, then id, descending), at most `limit`: the operators'
   * list. Paging: pass the last item's updatedAt as `before` and its id as `beforeId` to get the items
   * after it; `before` alone lists those updated strictly before it.
   */
  listOutbox(q: OutboxListQuery): Promise<OutboxItem[]>;

  /** SUCCESS payments not reversed since: how many, and the sum of their receipts' amountPaise. */
  successTotals(): Promise<LedgerTotals>;
  /**
   * Payments created at or after `since`, counted by state (metrics): a range of the creation index,
   * so its cost follows the window's traffic, never the ledger's size.
   */
  countByState(since: number): Promise<Partial<Record<PaymentState, number>>>;
  /** How many outbox items are PARKED or PENDING (a range of the state index: never SENT, which only grows). */
  countOutbox(state: 'PARKED' | 'PENDING'): Promise<number>;
  /** PENDING outbox items (work and callbacks): how many, and when the oldest was queued (metrics). */
  pendingOutbox(): Promise<{ count: number; oldestCreatedAt?: number }>;
  /** Liveness of the store itself (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- misc

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
