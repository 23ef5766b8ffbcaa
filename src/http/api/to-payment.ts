// A JSON payment body → the PaymentRequest that PayBill takes for a BBPS payment too (design §3.4).
// The transaction id is the client's BBPS txnReferenceId when given (an agent that is also a BBPS
// agent), else `JSON:<client id>:<clientReference>`: deterministic, unique (client ids have no ':'),
// and never equal to a BBPS id (those are alphanumeric). The payment is then keyed in the same ledger.
import { createHash, randomUUID } from 'node:crypto';
import type { ApiClient } from '../../clients/types';
import type { CustomerParam, PaymentRequest } from '../../core/types';
import { publicError } from './problem';

export interface PaymentBody {
  billerId: string;
  customerParams: Record<string, string>;
  fetchId?: string;
  clientReference: string;
  bbpsTxnReferenceId?: string;
  paymentMode: string;
  custConvFeePaise?: number;
  customerName?: string;
  customerMobile?: string;
  bills: Array<{ billNumber: string; amountPaise: number }>;
}

export const API_CHANNEL = 'JSON_API';
export const API_ORIGIN = 'API';

export const derivedTxnReferenceId = (clientId: string, clientReference: string): string => `JSON:${clientId}:${clientReference}`;

export const toCustomerParams = (params: Record<string, string>): CustomerParam[] =>
  Object.entries(params).map(([name, value]) => ({ name, value }));

export function toPaymentRequest(client: ApiClient, body: PaymentBody): PaymentRequest {
  const txnReferenceId = body.bbpsTxnReferenceId ?? derivedTxnReferenceId(client.id, body.clientReference);
  const amountPaise = body.bills.reduce((sum, b) => sum + b.amountPaise, 0);
  if (!Number.isSafeInteger(amountPaise)) throw publicError('REQUEST_INVALID', 'bills: the total amountPaise is too large');
  return {
    // the fetch this pays (its bills, exactly); without one a refId no fetch can have (':' never occurs in ours)
    refId: body.fetchId ?? `quick:${txnReferenceId}`,
    msgId: randomUUID().replace(/-/g, ''),
    origInst: API_ORIGIN,
    agentId: client.id,
    channel: API_CHANNEL,
    ...(body.customerMobile ? { customerMobile: body.customerMobile } : {}),
    billerId: body.billerId,
    params: toCustomerParams(body.customerParams),
    txnReferenceId,
    // DIGIT's instrumentNumber: the reference the agent knows the payment by
    paymentRefId: body.clientReference,
    amountPaise,
    custConvFeePaise: body.custConvFeePaise ?? 0,
    paymentMode: body.paymentMode,
    quickPay: body.fetchId === undefined,
    billsNamed: body.bills.map((b) => ({ billNumber: b.billNumber, amountPaise: b.amountPaise })),
    ...(body.customerName ? { customerName: body.customerName } : {}),
    reversal: false,
  };
}

/** SHA-256 of the body as canonical JSON (keys sorted): key order or spacing never makes "another body". */
export function requestHash(body: unknown): string {
  const canonical = JSON.stringify(body, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
