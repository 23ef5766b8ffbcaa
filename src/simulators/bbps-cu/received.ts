// What the simulated CU received: every callback attempt (answered or not) and every heartbeat.
import { parseBbps, toResponseMessage, type ResponseMessage } from '../../bbps';
import type { MisbehaviourMode } from './misbehaviour';

export interface Received {
  /** the URL's api segment: BillFetchResponse, BillPaymentResponse, …, ReqHbt */
  api: string;
  refId: string;
  body: string;
  /** undefined: no adapter key configured; else whether the signature verified */
  verified?: boolean;
  /** how this attempt was answered ('pending' while the answer is being written) */
  answer: 'ack' | 'pending' | MisbehaviourMode;
  at: number;
  /** the response read back (response messages only, when readable) */
  message?: ResponseMessage;
}

export function readResponse(body: string): ResponseMessage | undefined {
  try {
    return toResponseMessage(parseBbps(body));
  } catch {
    return undefined;
  }
}
