// BBPS response codes (protocol §5.1, §5.2) and the Ack error codes (§2.3, design §3.3).
// Texts are the standard ones, in ASCII (the published en dashes become '-', as §10.4 writes BFR004).
import type { AppError, ErrorCode } from '../core/errors';

export const RESPONSE_SUCCESS = { code: '000', reason: 'Successful' } as const;
export const RESPONSE_FAILURE = { code: '200', reason: 'Failure' } as const;

/** Bill fetch compliance codes (BillFetchResponse). BFR009 follows the current NBBL list (protocol §5.2). */
export const BFR: Readonly<Record<string, string>> = Object.freeze({
  BFR001: 'Incorrect / invalid customer account',
  BFR002: 'Invalid combination of customer parameters',
  BFR003: 'No bill data available',
  BFR004: 'Payment received for the billing period - no bill due',
  BFR005: 'Customer account is blocked / closed',
  BFR006: 'Customer account is not activated',
  BFR007: 'Bill due date has expired - bill details are not available',
  BFR008: 'Unable to get bill details from biller',
  BFR009: 'Scheduled downtime by biller, try again later',
  BFR010: 'Unscheduled downtime by biller, try again later',
  BFR011: 'Incomplete details in biller system, update customer profile',
});

/** Bill payment compliance codes (BillPaymentResponse, TxnStatusResponse). */
export const BPR: Readonly<Record<string, string>> = Object.freeze({
  BPR001: 'Incorrect / invalid customer account',
  BPR002: 'Invalid combination of customer parameters',
  BPR003: 'Customer account is blocked / closed',
  BPR004: 'Customer account is not activated',
  BPR005: 'Payment cannot be accepted at this time',
  BPR006: 'Payment request has been exceeded for the day',
  BPR007: 'Repeat payment request',
  BPR008: 'Due date has been expired to pay this amount. Please re-fetch again to get the current outstanding',
  BPR009: 'Scheduled downtime taken by biller for maintenance activity',
  BPR010: 'Unscheduled downtime taken by biller for maintenance activity',
  BPR011: 'Payment amount different from current outstanding',
  BPR012: 'FASTag top-up failed',
});

/** Bill validation compliance codes (BillValidationResponse). */
export const BVR: Readonly<Record<string, string>> = Object.freeze({
  BVR001: 'Invalid customer account',
  BVR002: 'Invalid combination of customer parameters',
  BVR003: 'Customer account is blocked / closed',
  BVR004: 'Customer account is not activated',
  BVR005: 'Invalid amount',
  BVR006: 'Customer account is deactivated, pay to activate',
  BVR007: 'Incomplete details in biller system',
  BVR008: 'Valid customer account but no bill due',
  BVR009: 'Technical exception from biller',
});

const TABLES = [BFR, BPR, BVR];

/** The standard text of a compliance code, or undefined for a code outside the tables. */
export function complianceText(code: string): string | undefined {
  for (const table of TABLES) {
    if (Object.prototype.hasOwnProperty.call(table, code)) return table[code];
  }
  return undefined;
}

// errors about the request itself: our own message names the field and is safe to send back
const ABOUT_THE_REQUEST = [
  'REQUEST_INVALID',
  'HEAD_REQUIRED',
  'TXN_REQUIRED',
  'BILLER_REQUIRED',
  'INVALID_BILLER',
  'DOCTYPE_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'XML_TOO_DEEP',
  'TOO_MANY_ATTRIBUTES',
  'TOO_MANY_ELEMENTS',
  'VALUE_TOO_LONG',
  'TOO_MANY_REFERENCES',
  'UNSUPPORTED_MEDIA_TYPE',
  'DUPLICATE_REFID',
] as const satisfies readonly ErrorCode[];
type RequestErrorCode = (typeof ABOUT_THE_REQUEST)[number];
const isAboutTheRequest = (code: ErrorCode): code is RequestErrorCode => (ABOUT_THE_REQUEST as readonly ErrorCode[]).includes(code);

/** Ack errorMessages/errorCd values this service sends. */
export type AckErrorCode = RequestErrorCode | 'G27' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_ERROR';

export interface AckError {
  code: AckErrorCode;
  detail: string;
}

const MAX_DETAIL = 200;

/**
 * The Ack error for an AppError. Request errors keep their (codec-written) message; a bad signature is
 * G27 / SIGNATURE-MISMATCH as the network writes it; anything else gets a fixed text, so DIGIT's or the
 * ledger's own words never reach the network.
 */
export function ackErrorFor(e: AppError): AckError {
  if (e.code === 'SIGNATURE_MISMATCH') return { code: 'G27', detail: 'SIGNATURE-MISMATCH' };
  if (isAboutTheRequest(e.code)) {
    return { code: e.code, detail: e.message.slice(0, MAX_DETAIL) || e.code };
  }
  switch (e.code) {
    case 'LEDGER_UNAVAILABLE':
    case 'DIGIT_UNAVAILABLE':
    case 'DIGIT_UNKNOWN_OUTCOME':
    case 'DIGIT_AUTH_FAILED':
      return { code: 'SERVICE_UNAVAILABLE', detail: 'The request cannot be processed right now; retry later' };
    default:
      return { code: 'INTERNAL_ERROR', detail: 'The request could not be processed' };
  }
}
