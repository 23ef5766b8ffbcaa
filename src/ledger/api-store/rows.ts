// api_idempotency_keys / api_payments rows → the ApiStore's records (both dialects).
import type { ApiAnswer, ApiPaymentRef, IdempotencyRecord } from '../../core/api-store';
import { decodeJson, toInt } from '../json';
import type { Row } from '../rows';

export function toKey(r: Row): IdempotencyRecord {
  return {
    clientId: String(r.client_id),
    key: String(r.idempotency_key),
    requestHash: String(r.request_hash),
    clientReference: String(r.client_reference),
    ...(r.answer === null || r.answer === undefined ? {} : { answer: decodeJson<ApiAnswer>(r.answer) }),
    lockedUntil: toInt(r.locked_until),
    createdAt: toInt(r.created_at),
  };
}

export function toRef(r: Row): ApiPaymentRef {
  return {
    clientId: String(r.client_id),
    clientReference: String(r.client_reference),
    txnReferenceId: String(r.txn_reference_id),
    billerId: String(r.biller_id),
    createdAt: toInt(r.created_at),
  };
}

/** The page condition shared by both dialects: created in [from, before), after the cursor. */
export const PAGE_AFTER_NONE = { createdAt: -1, clientReference: '' };
