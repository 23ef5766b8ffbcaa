// What the BBPS routes do before they act (design §3.3, §7): guard, verify against the pinned CU key
// (the URL refId must equal the signed Head/@refId), read the business fields from the verified DOM
// (bbps/parse-verified.ts), and hash the business content so that a repeated refId can be told from a
// reused one.
import { createHash } from 'node:crypto';
import {
  REVERSAL_REQUEST, guardXml, parseBbps, parseVerified, toFetchRequest, toPaymentRequest, toTxnStatusRequest, toValidationRequest,
  type BbpsRoot, type ParsedDocument, type XmlLimits,
} from '../bbps';
import { signedFactsOf, verifyRefId, type SignedFacts, type Verifier } from '../bbps/signature';
import type { BillerRegistry } from '../billers/registry';
import { paymentContentHash } from '../core/content-hash';
import { AppError } from '../core/errors';
import type { PaymentRequest } from '../core/types';
import { parsePaise } from '../core/money';
import type { AsyncApi, WorkKind } from '../jobs/work-item';

export interface BodyOptions {
  expect: BbpsRoot;
  maxBytes: number;
  /** structural limits (BBPS_MAX_XML_DEPTH, …), checked before the verifier's DOM or the codec; default DEFAULT_XML_LIMITS */
  limits?: XmlLimits;
  /** the pinned CU key; undefined = unsigned mode */
  verifier?: Verifier;
  /** the route's `urn:referenceId:{refId}`; undefined on routes without one (the sync routes) */
  urlRefId?: string;
  /** parse and signature times (metrics) */
  timed?: (parseSeconds: number, signatureSeconds?: number) => void;
}

export interface ReadBody {
  /** the text to keep (the verified bytes, unchanged) */
  xml: string;
  doc: ParsedDocument;
  /** the signed refId, amount and Txn/@type, straight from the verified DOM (signed mode only) */
  signed?: SignedFacts;
}

/**
 * Reads a request body; throws SIGNATURE_MISMATCH (G27) for any signature problem, and for a signed
 * document the codec reads differently from the verifier; else the codec's errors.
 */
export function readBody(body: Buffer, o: BodyOptions): ReadBody {
  const t0 = performance.now();
  const xml = guardXml(body, o.maxBytes, o.limits);
  // unsigned mode: the route still compares the URL refId with the parsed Head/@refId
  if (!o.verifier) {
    const doc = parseBbps(xml, { expect: o.expect, maxBytes: o.maxBytes, limits: o.limits });
    o.timed?.((performance.now() - t0) / 1000);
    return { xml, doc };
  }
  const t1 = performance.now();
  const r = o.verifier(xml);
  const t2 = performance.now();
  if (!r.ok) throw new AppError('SIGNATURE_MISMATCH', `${r.code}: ${r.reason}`);
  if (o.urlRefId !== undefined && !verifyRefId(o.urlRefId, r.doc)) throw new AppError('SIGNATURE_MISMATCH', 'the URL refId differs from the signed Head/@refId');
  const doc = parseVerified(r, { expect: o.expect, maxBytes: o.maxBytes, limits: o.limits });
  o.timed?.((t1 - t0 + performance.now() - t2) / 1000, (t2 - t1) / 1000);
  return { xml: r.xml, doc, signed: signedFactsOf(r.doc) };
}

/**
 * The decoded request against what was signed (design §7): its refId, and for a payment its amount and
 * direction. parse-verified.ts already makes the two one reading; this keeps the rule explicit on every
 * route, so that no later change of a reader can act on a field the signature did not cover.
 */
export function checkSigned(signed: SignedFacts | undefined, r: { refId: string; amountPaise?: number; reversal?: boolean }): void {
  if (!signed) return;
  const differs = (what: string) => new AppError('SIGNATURE_MISMATCH', `the decoded ${what} differs from the signed one`);
  if (r.refId !== signed.refId) throw differs('Head/@refId');
  if (r.amountPaise !== undefined && !Object.is(r.amountPaise, signed.amount === undefined ? undefined : parsePaise(signed.amount))) {
    throw differs('Amount/Amt/@amount');
  }
  if (r.reversal !== undefined && r.reversal !== (signed.txnType === REVERSAL_REQUEST)) throw differs('Txn/@type');
}

export interface Intake extends WorkKind {
  refId: string;
  msgId?: string;
  txnReferenceId?: string;
  hash: string;
  /** a forward payment: recorded in the ledger before the Ack */
  payment?: PaymentRequest;
}

const sha256 = (v: unknown) => createHash('sha256').update(JSON.stringify(v), 'utf8').digest('hex');
const sortedParams = (ps: ReadonlyArray<{ name: string; value: string }>) =>
  ps.map((p) => [p.name, p.value]).sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));

/** Decodes and checks one request; throws the AppError its Failure Ack names. */
export function readRequest(api: AsyncApi, read: ReadBody, billers: BillerRegistry): Intake {
  const { doc, signed } = read;
  const known = (billerId: string) => {
    if (!billers.get(billerId)) throw new AppError('INVALID_BILLER', `biller ${billerId} is not served by this adapter`);
  };
  switch (api) {
    case 'BillFetchRequest': {
      const { request: r } = toFetchRequest(doc);
      checkSigned(signed, r);
      known(r.billerId);
      return { api, reversal: false, refId: r.refId, msgId: r.msgId, hash: sha256(['fetch', r.billerId, sortedParams(r.params)]) };
    }
    case 'BillPaymentRequest': {
      const { request: r } = toPaymentRequest(doc);
      checkSigned(signed, r);
      known(r.billerId);
      return { api, reversal: r.reversal, refId: r.refId, msgId: r.msgId, txnReferenceId: r.txnReferenceId, hash: paymentContentHash(r), payment: r.reversal ? undefined : r };
    }
    case 'BillValidationRequest': {
      const { request: r } = toValidationRequest(doc);
      checkSigned(signed, { refId: r.refId });
      known(r.billerId);
      return { api, reversal: false, refId: r.refId, hash: sha256(['validation', r.billerId, sortedParams(r.params), String(r.amountPaise ?? '')]) };
    }
    case 'TxnStatusRequest': {
      const { query: q } = toTxnStatusRequest(doc);
      checkSigned(signed, q);
      return { api, reversal: false, refId: q.refId, txnReferenceId: q.txnReferenceId, hash: sha256(['status', q.txnReferenceId]) };
    }
  }
}
