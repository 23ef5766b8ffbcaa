// The BBPS message roots this service reads, and the `api` names Acks use for them (protocol §2.3).

export const REQUEST_ROOTS = [
  'BillFetchRequest',
  'BillPaymentRequest',
  'BillValidationRequest',
  'TxnStatusRequest',
  'ReqDiagnostic',
] as const;

/** what the CU (or its simulator) receives from us, and the CU's own diagnostic answer and Acks */
export const RESPONSE_ROOTS = [
  'BillFetchResponse',
  'BillPaymentResponse',
  'BillValidationResponse',
  'TxnStatusResponse',
  'ResDiagnostic',
  'Ack',
] as const;

export type RequestRoot = (typeof REQUEST_ROOTS)[number];
export type ResponseRoot = (typeof RESPONSE_ROOTS)[number];
export type BbpsRoot = RequestRoot | ResponseRoot;

const ROOTS: ReadonlySet<string> = new Set<string>([...REQUEST_ROOTS, ...RESPONSE_ROOTS]);
export const isBbpsRoot = (name: string): name is BbpsRoot => ROOTS.has(name);

export type AckApi =
  | 'FETCH_REQUEST'
  | 'PAYMENT_REQUEST'
  | 'VALIDATION_REQUEST'
  | 'TXN_STATUS_REQUEST'
  | 'DIAGNOSTIC_REQUEST'
  | 'FETCH_RESPONSE'
  | 'PAYMENT_RESPONSE'
  | 'VALIDATION_RESPONSE'
  | 'TXN_STATUS_RESPONSE'
  | 'DIAGNOSTIC_RESPONSE';

const ACK_API: ReadonlyMap<string, AckApi> = new Map<string, AckApi>([
  ['BillFetchRequest', 'FETCH_REQUEST'],
  ['BillPaymentRequest', 'PAYMENT_REQUEST'],
  ['BillValidationRequest', 'VALIDATION_REQUEST'],
  ['TxnStatusRequest', 'TXN_STATUS_REQUEST'],
  ['ReqDiagnostic', 'DIAGNOSTIC_REQUEST'],
  ['BillFetchResponse', 'FETCH_RESPONSE'],
  ['BillPaymentResponse', 'PAYMENT_RESPONSE'],
  ['BillValidationResponse', 'VALIDATION_RESPONSE'],
  ['TxnStatusResponse', 'TXN_STATUS_RESPONSE'],
  ['ResDiagnostic', 'DIAGNOSTIC_RESPONSE'],
]);

/** The Ack `api` for an acknowledged message root (Acks themselves are never acknowledged). */
export function ackApiFor(root: Exclude<BbpsRoot, 'Ack'>): AckApi {
  return ACK_API.get(root) as AckApi;
}

/** The callback root answering a request root: BillFetchRequest → BillFetchResponse, … */
export function responseRootFor(root: Exclude<RequestRoot, 'ReqDiagnostic'>): ResponseRoot {
  return root.replace(/Request$/, 'Response') as ResponseRoot;
}
