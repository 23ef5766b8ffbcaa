// What the async routes do before they Ack (design §3.3, §7): guard, verify against the pinned CU key
// (the URL refId must equal the signed Head/@refId), parse exactly the verified text, and hash the
// business content so that a repeated refId can be told from a reused one.
import { createHash } from 'node:crypto';
import { guardXml, parseBbps, toFetchRequest, toPaymentRequest, toTxnStatusRequest, toValidationRequest, type BbpsRoot } from '../bbps';
import { verifyRefId, type Verifier } from '../bbps/signature';
import type { BillerRegistry } from '../billers/registry';
import { paymentContentHash } from '../core/content-hash';
import { AppError } from '../core/errors';
import type { AsyncApi, WorkKind } from '../jobs/work-item';

/**
 * The verified text of a request body; throws SIGNATURE_MISMATCH (G27) for any signature problem.
 * `urlRefId` undefined: a route without one in its URL (the sync routes).
 */
export function verifiedText(body: Buffer, urlRefId: string | undefined, maxBytes: number, verifier: Verifier | undefined): string {
  const text = guardXml(body, maxBytes);
  // unsigned mode: the route still compares the URL refId with the parsed Head/@refId
  if (!verifier) return text;
  const r = verifier(text);
  if (!r.ok) throw new AppError('SIGNATURE_MISMATCH', `${r.code}: ${r.reason}`);
  if (urlRefId !== undefined && !verifyRefId(urlRefId, r.xml)) throw new AppError('SIGNATURE_MISMATCH', 'the URL refId differs from the signed Head/@refId');
  return r.xml;
}

export interface Intake extends WorkKind {
  refId: string;
  msgId?: string;
  txnReferenceId?: string;
  hash: string;
}

const sha256 = (v: unknown) => createHash('sha256').update(JSON.stringify(v), 'utf8').digest('hex');
const sortedParams = (ps: ReadonlyArray<{ name: string; value: string }>) =>
  ps.map((p) => [p.name, p.value]).sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));

/** Parses and checks one request; throws the AppError its Failure Ack names. */
export function readRequest(api: AsyncApi, xml: string, maxBytes: number, billers: BillerRegistry): Intake {
  const doc = parseBbps(xml, { expect: api as BbpsRoot, maxBytes });
  const known = (billerId: string) => {
    if (!billers.get(billerId)) throw new AppError('INVALID_BILLER', `biller ${billerId} is not served by this adapter`);
  };
  switch (api) {
    case 'BillFetchRequest': {
      const { request: r } = toFetchRequest(doc);
      known(r.billerId);
      return { api, reversal: false, refId: r.refId, msgId: r.msgId, hash: sha256(['fetch', r.billerId, sortedParams(r.params)]) };
    }
    case 'BillPaymentRequest': {
      const { request: r } = toPaymentRequest(doc);
      known(r.billerId);
      return { api, reversal: r.reversal, refId: r.refId, msgId: r.msgId, txnReferenceId: r.txnReferenceId, hash: paymentContentHash(r) };
    }
    case 'BillValidationRequest': {
      const { request: r } = toValidationRequest(doc);
      known(r.billerId);
      return { api, reversal: false, refId: r.refId, hash: sha256(['validation', r.billerId, sortedParams(r.params), String(r.amountPaise ?? '')]) };
    }
    case 'TxnStatusRequest': {
      const { query: q } = toTxnStatusRequest(doc);
      return { api, reversal: false, refId: q.refId, txnReferenceId: q.txnReferenceId, hash: sha256(['status', q.txnReferenceId]) };
    }
  }
}
