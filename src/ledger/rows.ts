// Rows (snake_case columns, the same logical schema in both dialects) → port records.
import type { OutboxItem, OutboxState, PaymentRecord, PaymentSearch, StateTotals, StoredFetch, StoredMessage, Direction } from '../core/ports';
import type { Bill, PaymentOutcome, PaymentRequest, PaymentState, PostingPlan } from '../core/types';
import { AppError } from '../core/errors';
import { unpack, unpackBody } from './body-codec';
import { decodeJson, toInt } from './json';

export type Row = Record<string, unknown>;

const text = (v: unknown): string => String(v);
/** NULL columns become absent keys, so a record read back equals the one written (deep equality). */
const optional = <K extends string, T>(key: K, v: unknown, map: (x: unknown) => T): { [P in K]?: T } =>
  (v === null || v === undefined ? {} : { [key]: map(v) }) as { [P in K]?: T };

/**
 * A stored document: SQLite since migration 10 stores it deflated in `<column>_z` (the TEXT column
 * left '' or NULL); older SQLite rows and PostgreSQL (JSONB) have it in `<column>`.
 */
const doc = (r: Row, column: 'request' | 'plan' | 'outcome' | 'bills'): unknown => {
  const z = r[`${column}_z`];
  return z === null || z === undefined ? r[column] : unpack(z as Uint8Array, `stored ${column}`);
};

export function toPayment(r: Row): PaymentRecord {
  const plan = doc(r, 'plan');
  const outcome = doc(r, 'outcome');
  return {
    txnReferenceId: text(r.txn_reference_id),
    refId: text(r.ref_id),
    msgId: text(r.msg_id),
    billerId: text(r.biller_id),
    contentHash: text(r.content_hash),
    state: text(r.state) as PaymentState,
    request: decodeJson<PaymentRequest>(doc(r, 'request')),
    ...optional('plan', plan, (v) => decodeJson<PostingPlan>(v)),
    ...optional('outcome', outcome, (v) => decodeJson<PaymentOutcome>(v)),
    attempts: toInt(r.attempts),
    nextAttemptAt: toInt(r.next_attempt_at),
    ...optional('leaseOwner', r.lease_owner, text),
    leaseToken: toInt(r.lease_token ?? 0),
    ...optional('lastPostAt', r.last_post_at, toInt),
    reversalRequested: r.reversal_requested_at !== null && r.reversal_requested_at !== undefined,
    createdAt: toInt(r.created_at),
    updatedAt: toInt(r.updated_at),
    ...optional('note', r.note, text),
    ...optional('reversedAt', r.reversed_at, toInt),
  };
}

/**
 * Rows claimed together come back from UPDATE … RETURNING in no particular order, all with the same
 * new lease: they are handed out oldest first.
 */
export const byCreated = (a: PaymentRecord | OutboxItem, b: PaymentRecord | OutboxItem): number =>
  a.createdAt - b.createdAt;

export function toFetch(r: Row): StoredFetch {
  return {
    refId: text(r.ref_id),
    billerId: text(r.biller_id),
    bills: decodeJson<Bill[]>(doc(r, 'bills')),
    createdAt: toInt(r.created_at),
  };
}

export function toMessage(r: Row): StoredMessage {
  return {
    id: toInt(r.id),
    at: toInt(r.at),
    direction: text(r.direction) as Direction,
    api: text(r.api),
    refId: text(r.ref_id),
    ...optional('msgId', r.msg_id, text),
    ...optional('txnReferenceId', r.txn_reference_id, text),
    ...optional('outcome', r.outcome, text),
    // compressed since migration 9; older rows keep their text in body
    body: r.body_z === null || r.body_z === undefined ? text(r.body) : unpackBody(r.body_z as Uint8Array),
  };
}

export function toOutbox(r: Row): OutboxItem {
  return {
    id: text(r.id),
    refId: text(r.ref_id),
    api: text(r.api),
    url: text(r.url),
    body: text(r.body),
    state: text(r.state) as OutboxState,
    version: toInt(r.version),
    attempts: toInt(r.attempts),
    nextAttemptAt: toInt(r.next_attempt_at),
    ...optional('leaseOwner', r.lease_owner, text),
    createdAt: toInt(r.created_at),
    updatedAt: toInt(r.updated_at),
    ...optional('lastError', r.last_error, text),
  };
}

/** The money a SUCCESS outcome records, summed once at write time (successTotals reads a column). */
export function paidPaise(outcome: PaymentOutcome): number | null {
  if (outcome.status !== 'SUCCESS') return null;
  const sum = outcome.receipts.reduce((total, r) => total + r.amountPaise, 0);
  if (!Number.isSafeInteger(sum)) throw new AppError('INTERNAL', `ledger refuses receipts summing to ${sum} paise`);
  return sum;
}

export function toStateTotals(r: Row): StateTotals {
  // SQLite answers the boolean as 0/1, pg as true/false
  return { state: text(r.state) as PaymentState, reversed: r.reversed === true || Number(r.reversed) === 1, count: toInt(r.count), sumPaise: toInt(r.sum) };
}

/** A search without a term must name its window: walking the whole creation index would grow with the ledger. */
export function searchWindow(q: PaymentSearch): { from: number; before: number } {
  if (q.from === undefined || q.before === undefined) throw new AppError('INTERNAL', 'a payment search without a term needs a from/before window');
  return { from: q.from, before: q.before };
}
