// The Ack (protocol §2.3, §10.2): answered at once to every message received.
import { istTimestamp } from '../core/dates';
import type { AckApi } from './apis';
import { bbpsDocument, element, textElement } from './xml-writer';

export interface AckInput {
  api: AckApi;
  refId: string;
  /** Txn/@msgId of the acknowledged message, when it had one */
  msgId?: string;
  ok: boolean;
  errors?: ReadonlyArray<{ code: string; detail: string }>;
  /** epoch ms */
  ts: number;
}

export function buildAck(a: AckInput): string {
  const errors = (a.errors ?? []).map((e) =>
    element('errorMessages', [], [textElement('errorCd', e.code), textElement('errorDtl', e.detail)]),
  );
  return bbpsDocument(
    'Ack',
    [
      ['api', a.api],
      ['refId', a.refId],
      ['msgId', a.msgId],
      // §2.3: the live spelling is RspCd (the older XSD's rspCd is only read, never written)
      ['RspCd', a.ok ? 'Successful' : 'Failure'],
      ['ts', istTimestamp(a.ts)],
    ],
    errors,
  );
}
