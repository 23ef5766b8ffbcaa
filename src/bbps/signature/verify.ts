// Verification of a signed BBPS document against the pinned key (design §7). The reference is URI=""
// (the whole document), so a valid signature covers the whole DOM minus the Signature: callers read the
// business fields from `result.doc` (bbps/parse-verified.ts) — never from another parse of the body —
// and compare the URL refId with its Head/@refId (ref-id.ts).
import type { Document, Element } from '@xmldom/xmldom';
import { canonicalize } from './c14n';
import { decodeBase64, digestMatches, rsaSha256Verifies } from './digest';
import { childElements, parseStrict } from './dom';
import { SignatureRefused, refuse, type VerifyResult } from './failures';
import { type PinnedKey, loadPinnedKey } from './pinned-key';
import { checkRawText, checkSignatureElement, checkTree, findSignature } from './profile';

export type Verifier = (xml: string) => VerifyResult;

/** Builds a verifier for one pinned key (parsed once). Throws AppError CONFIG_INVALID for an unusable pin. */
export function createVerifier(pinnedKeyOrCertPem: string): Verifier {
  const pin = loadPinnedKey(pinnedKeyOrCertPem);
  return (xml) => verifyWith(pin, xml);
}

/** One-off verification; a pin that cannot be used is a failure (PINNED_KEY), not an exception. */
export function verifyXml(xml: string, pinnedKeyOrCertPem: string): VerifyResult {
  let pin: PinnedKey;
  try {
    pin = loadPinnedKey(pinnedKeyOrCertPem);
  } catch (e) {
    return { ok: false, code: 'PINNED_KEY', reason: (e as Error).message };
  }
  return verifyWith(pin, xml);
}

function verifyWith(pin: PinnedKey, xml: string): VerifyResult {
  try {
    if (typeof xml !== 'string') refuse('MALFORMED', 'the document is not a string');
    const inventory = checkRawText(xml);
    let doc: Document;
    try {
      doc = parseStrict(xml);
    } catch (e) {
      refuse('MALFORMED', `the document is not well-formed XML (${(e as Error).message})`);
    }
    checkTree(doc, inventory);
    const signature = findSignature(doc);
    checkSignatureElement(signature);
    cryptoCheck(pin, doc.documentElement as Element, signature);
    // the DOM itself goes back: what the digest covered is this tree, so the app reads this tree
    return { ok: true, xml, doc, signature };
  } catch (e) {
    if (e instanceof SignatureRefused) return { ok: false, code: e.code, reason: e.reason };
    // anything unexpected (a stack overflow on a hostile document, …) is still a refusal, never a pass
    return { ok: false, code: 'SIGNATURE_STRUCTURE', reason: `the signature could not be checked (${String((e as Error)?.message ?? e).slice(0, 160)})` };
  }
}

/** Core validation with our own canonicaliser (c14n.ts): reference digest, then the signature value. */
function cryptoCheck(pin: PinnedKey, root: Element, signature: Element): void {
  const [signedInfo, signatureValue] = childElements(signature) as [Element, Element];
  const reference = childElements(signedInfo)[2] as Element;
  const digestValue = childElements(reference)[2] as Element;
  const expectedDigest = decodeBase64(digestValue.textContent ?? '');
  if (!expectedDigest) refuse('SIGNATURE_STRUCTURE', 'the DigestValue is not base64');
  const sigBytes = decodeBase64(signatureValue.textContent ?? '');
  if (!sigBytes) refuse('SIGNATURE_STRUCTURE', 'the SignatureValue is not base64');
  // Reference URI="": the whole root element; enveloped-signature: minus the Signature element. C14N 1.1
  // gives the same bytes as 1.0 here (algorithms.ts), so one canonicaliser serves both.
  if (!digestMatches(canonicalize(root, signature), expectedDigest)) {
    refuse('DIGEST_MISMATCH', 'the signed content was changed (digest mismatch)');
  }
  if (!rsaSha256Verifies(canonicalize(signedInfo), pin.key, sigBytes)) {
    refuse('SIGNATURE_MISMATCH', 'the signature does not match SignedInfo under the pinned key (SignedInfo changed, or another key signed)');
  }
}
