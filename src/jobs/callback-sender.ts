// Delivers one signed message to the CU and checks its answer: HTTP 2xx carrying an Ack with
// RspCd="Successful" (protocol §2.1, §2.3). Anything else is a failed attempt, retried by the outbox.
import { guardXml, parseBbps, parseVerified, toAck, type AckMessage } from '../bbps';
import type { XmlLimits } from '../bbps/limits';
import type { Verifier, VerifyOk } from '../bbps/signature';
import { MAX_ANSWER_BYTES, postXml, type PostXmlOptions } from './post-xml';

export class DeliveryFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

export interface SenderOptions extends PostXmlOptions {
  /** the CU's pinned key: an Ack that carries a signature must verify (unsigned Acks are accepted, §3.1) */
  verifier?: Verifier;
  /** the structural limits of inbound BBPS bodies (BBPS_MAX_XML_DEPTH, …): a CU answer gets no more */
  limits?: XmlLimits;
}

export type Deliver = (url: string, body: string) => Promise<AckMessage>;

export function createDeliver(opts: SenderOptions): Deliver {
  return async (url, body) => {
    let answer;
    try {
      answer = await postXml(url, body, opts);
    } catch (e) {
      throw new DeliveryFailed(`POST failed: ${(e as Error).message}`);
    }
    if (answer.status < 200 || answer.status > 299) throw new DeliveryFailed(`the CU answered HTTP ${answer.status}`);
    let text: string;
    try {
      // the bytes, as on the inbound routes: strict UTF-8, no UTF-16/32 BOM; before the signature's DOM
      text = guardXml(answer.bytes, MAX_ANSWER_BYTES, opts.limits);
    } catch (e) {
      throw new DeliveryFailed(`the CU's answer is refused (${(e as Error).message.slice(0, 120)})`);
    }
    let verified: VerifyOk | undefined;
    if (opts.verifier && text.includes('Signature')) {
      const v = opts.verifier(text);
      if (!v.ok) throw new DeliveryFailed(`the CU's Ack signature does not verify (${v.code})`);
      verified = v;
    }
    const parse = { expect: 'Ack' as const, maxBytes: MAX_ANSWER_BYTES, ...(opts.limits ? { limits: opts.limits } : {}) };
    let ack: AckMessage;
    try {
      // a signed Ack is read as the inbound routes read a signed request: the codec must read what the
      // signature covered (parseVerified refuses a document the two parsers read differently)
      ack = toAck(verified ? parseVerified(verified, parse) : parseBbps(text, parse));
    } catch (e) {
      throw new DeliveryFailed(`the CU's answer is not an Ack (${(e as Error).message.slice(0, 120)})`);
    }
    if (!ack.ok) {
      const why = ack.errors.map((x) => `${x.code} ${x.detail}`).join('; ');
      throw new DeliveryFailed(`the CU answered a ${ack.rspCd || 'blank'} Ack${why ? `: ${why.slice(0, 200)}` : ''}`);
    }
    return ack;
  };
}
