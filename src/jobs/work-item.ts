// Accepted async requests are durable as outbox items of their own ("work items", design §3.7): the
// route stores one before it Acks, the runner turns it into a response callback, and a restart finds
// every work item not yet done. Ids keep request types apart (protocol §2.5: a fetch and its payment
// share a refId; reversals are tracked separately from forward payments).
import { AppError } from '../core/errors';

export const ASYNC_APIS = ['BillFetchRequest', 'BillPaymentRequest', 'BillValidationRequest', 'TxnStatusRequest'] as const;
export type AsyncApi = (typeof ASYNC_APIS)[number];

/** What a work item is about: the request root, and for payments whether it is a reversal. */
export interface WorkKind {
  api: AsyncApi;
  reversal: boolean;
}

export interface WorkBody extends WorkKind {
  v: 1;
  refId: string;
  /** SHA-256 of the request's business content: a repeat with another hash is DUPLICATE_REFID */
  hash: string;
  /** the accepted (verified) request, exactly as received */
  xml: string;
  /** the W3C trace context of the request that brought it: its work and callback continue that trace */
  traceparent?: string;
}

const kindName = (k: WorkKind) => (k.reversal ? `${k.api}/REVERSAL` : k.api);

export const workId = (k: WorkKind, refId: string) => `work:${kindName(k)}:${refId}`;
export const callbackId = (k: WorkKind, refId: string) => `cb:${kindName(k)}:${refId}`;
export const isWorkId = (id: string) => id.startsWith('work:');
/** The work item a callback answers (`cb:X:refId` → `work:X:refId`). */
export const workIdOfCallback = (id: string) => (id.startsWith('cb:') ? `work:${id.slice(3)}` : undefined);

export const responseApiOf = (api: AsyncApi) => api.replace(/Request$/, 'Response');

/** `{BBPS_CALLBACK_URL}/{Response}/1.0/urn:referenceId:{refId}` (protocol §2.2) */
export const callbackUrl = (base: string, api: string, refId: string) =>
  `${base}/${api}/1.0/urn:referenceId:${encodeURIComponent(refId)}`;

export const encodeWork = (b: Omit<WorkBody, 'v'>): string => JSON.stringify({ v: 1, ...b });

export function decodeWork(body: string): WorkBody {
  const b = JSON.parse(body) as Partial<WorkBody>;
  if (b.v !== 1 || typeof b.xml !== 'string' || !ASYNC_APIS.includes(b.api as AsyncApi) || typeof b.refId !== 'string') {
    throw new AppError('INTERNAL', 'a work item in the outbox is not readable');
  }
  return b as WorkBody;
}
