// The one table between business outcomes and BBPS compliance codes. The use cases answer in BBPS
// codes (the protocol's vocabulary); the JSON API turns each into the domain code here, and
// http/error-map.ts gives every domain code its HTTP status and title. README "How BBPS maps to DIGIT".
import type { ErrorCode } from './errors';

export interface OutcomeCodes {
  code: ErrorCode;
  /** BillFetchResponse compliance code */
  fetch?: string;
  /** BillPaymentResponse / TxnStatusResponse compliance code */
  payment?: string;
  /** BillValidationResponse compliance code */
  validation?: string;
}

export const OUTCOME_CODES: readonly OutcomeCodes[] = Object.freeze([
  { code: 'UNKNOWN_CONSUMER', fetch: 'BFR001', payment: 'BPR001', validation: 'BVR001' },
  { code: 'INVALID_CUSTOMER_PARAMS', fetch: 'BFR002', payment: 'BPR002', validation: 'BVR002' },
  { code: 'NO_BILL_DUE', fetch: 'BFR004', validation: 'BVR008' },
  { code: 'BILLER_UNAVAILABLE', fetch: 'BFR008', payment: 'BPR010', validation: 'BVR009' },
  { code: 'AMOUNT_NOT_ACCEPTED', payment: 'BPR011', validation: 'BVR005' },
  { code: 'BILL_NOT_PAYABLE', payment: 'BPR008' },
  { code: 'PAYMENT_CONTENT_MISMATCH', payment: 'BPR007' },
  { code: 'PAYMENT_REFUSED', payment: 'BPR005' },
]);

const byCompliance = new Map<string, ErrorCode>();
for (const row of OUTCOME_CODES) {
  for (const bbps of [row.fetch, row.payment, row.validation]) if (bbps) byCompliance.set(bbps, row.code);
}

/**
 * The domain code of a BBPS compliance code the core answered with. A code outside the table (none
 * is produced today) counts as a refusal: never as "unknown consumer", never as success.
 */
export const outcomeCode = (compliance: string): ErrorCode => byCompliance.get(compliance) ?? 'PAYMENT_REFUSED';
