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
   * collection-services `payments/{businessService}/_workflow` with action CANCEL. DIGIT allows it only
   * for instrumentStatus APPROVED (not ONLINE/CARD/ONLINE_NEFT/ONLINE_RTGS) and only for the latest
   * payment of each consumer code; otherwise REJECTED. Resolves once DIGIT shows the payment CANCELLED.
   */
  cancelPayment(q: { tenantId: string; businessService: string; paymentId: string; reason: string }): Promise<void>;
  /** true when a token is held or the last login succeeded (readiness; never triggers a login). */
  healthy(): boolean;
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
  /** the caller's key, e.g. `BillPaymentResponse:<refId>`; putting the same id again replaces the item */
  id: string;
  refId: string;
  api: string;
  url: string;
  body: string;
  state: OutboxState;
  /** bumped by every putOutbox: a mark only applies to the version claimed, so a replaced body is still sent */
  version: number;
  /** delivery attempts made */
  attempts: number;
  /** epoch ms before which nobody else may work on the item (lease / backoff) */
  nextAttemptAt: number;
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
  /** epoch ms before which nobody else may work on the row (lease / backoff) */
  nextAttemptAt: number;
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

export interface Ledger {
  recordMessage(m: MessageRecord): Promise<void>;

  /** Replaces the fetch stored under the same refId (a repeated fetch is answered afresh). */
  saveFetch(f: StoredFetch): Promise<void>;
  getFetch(refId: string): Promise<StoredFetch | undefined>;

  /**
   * Inserts a RECEIVED payment unless one with the same txnReferenceId exists (unique constraint,
   * never check-then-insert). The new row is leased until `leaseUntil`.
   * Returns the stored row and whether this call created it.
   */
  claimPayment(p: {
    request: PaymentRequest;
    contentHash: string;
    leaseUntil: number;
  }): Promise<{ created: boolean; payment: PaymentRecord }>;
  getPayment(txnReferenceId: string): Promise<PaymentRecord | undefined>;

  /**
   * RECEIVED/POSTING/UNKNOWN → POSTING with the plan, committed before `_create`; attempts + 1.
   * False when the payment is terminal (e.g. completed by another worker or a reversal): do not post.
   */
  markPosting(txnReferenceId: string, plan: PostingPlan, leaseUntil: number): Promise<boolean>;
  /**
   * Terminal: SUCCESS or FAILED with the outcome to replay. Never overwrites a terminal state: false
   * when the payment already was terminal (read it back to answer with the stored outcome).
   */
  complete(txnReferenceId: string, outcome: PaymentOutcome & { status: 'SUCCESS' | 'FAILED' }): Promise<boolean>;
  /** Outcome not known: state UNKNOWN, retried from `nextAttemptAt`. False when already terminal. */
  markUnknown(txnReferenceId: string, note: string, nextAttemptAt: number): Promise<boolean>;
  /**
   * A SUCCESS payment cancelled in DIGIT afterwards (a BBPS reversal): it stays SUCCESS with its
   * outcome (what was answered, replayed to a repeat) but gets `reversedAt` and no longer counts in
   * successTotals. False when the payment is not SUCCESS or was already marked.
   */
  markReversed(txnReferenceId: string): Promise<boolean>;

  /**
   * Claims up to `limit` non-terminal payments (RECEIVED, POSTING, UNKNOWN) whose `nextAttemptAt`
   * has passed, leasing each until `leaseUntil` so that no other worker takes it.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<PaymentRecord[]>;
  /**
   * Takes the lease of one non-terminal payment whose `nextAttemptAt` has passed, or of an UNKNOWN one
   * whatever its backoff (a repeated request or a status query resolving it at once). Undefined when it
   * is terminal or leased by someone else. Leasing an UNKNOWN payment (here or in claimDue) makes it
   * POSTING, so an UNKNOWN row is never leased.
   */
  tryLease(txnReferenceId: string, now: number, leaseUntil: number): Promise<PaymentRecord | undefined>;
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
  /** Messages recorded under a refId, optionally of one api and direction, oldest first. */
  findMessages(q: { refId: string; api?: string; direction?: Direction }): Promise<StoredMessage[]>;

  /** Queues a message for delivery from `nextAttemptAt`, or re-queues it (new body and url, PENDING, attempts 0). */
  putOutbox(item: { id: string; refId: string; api: string; url: string; body: string; nextAttemptAt: number }): Promise<void>;
  /**
   * Queues a message unless an item with this id exists (unique id, never check-then-insert): true when
   * this call created it. Two requests racing for one id cannot replace each other's item.
   */
  addOutbox(item: { id: string; refId: string; api: string; url: string; body: string; nextAttemptAt: number }): Promise<boolean>;
  getOutbox(id: string): Promise<OutboxItem | undefined>;
  /** Like claimDue, for PENDING outbox items: leased until `leaseUntil`, never to two workers at once. */
  claimDueOutbox(now: number, leaseUntil: number, limit: number): Promise<OutboxItem[]>;
  /** Delivered: SENT, attempts + 1. False when the item was re-queued since it was claimed (version moved on). */
  markOutboxSent(id: string, version: number): Promise<boolean>;
  /** Not delivered: attempts + 1, retried from `nextAttemptAt`, or PARKED for operators when it is undefined. */
  markOutboxFailed(id: string, version: number, error: string, nextAttemptAt?: number): Promise<boolean>;
  /**
   * Items in one state, newest first (updatedAt, then id, descending), at most `limit`: the operators'
   * list. Paging: pass the last item's updatedAt as `before` and its id as `beforeId` to get the items
   * after it; `before` alone lists those updated strictly before it.
   */
  listOutbox(q: OutboxListQuery): Promise<OutboxItem[]>;

  /** SUCCESS payments not reversed since: how many, and the sum of their receipts' amountPaise. */
  successTotals(): Promise<LedgerTotals>;
  /** Liveness of the store itself (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- misc

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
