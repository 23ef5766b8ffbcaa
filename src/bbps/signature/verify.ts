// Verification of a signed BBPS document against the pinned key (design §7). The reference is URI=""
// (the whole document), so a valid signature covers every byte the app may read: callers must parse
// exactly `result.xml` — never another copy of the body — and compare the URL refId with its
// Head/@refId (ref-id.ts).
import type { Document, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { C14N_10, C14N_11, C14n11AsC14n10, ENVELOPED, EXC_C14N, RSA_SHA256, SHA256 } from './algorithms';
import { parseStrict } from './dom';
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
    checkRawText(xml);
    let doc: Document;
    try {
      doc = parseStrict(xml);
    } catch (e) {
      refuse('MALFORMED', `the document is not well-formed XML (${(e as Error).message})`);
    }
    checkTree(doc);
    const signature = findSignature(doc);
    checkSignatureElement(signature);
    cryptoCheck(pin, xml, signature);
    return { ok: true, xml };
  } catch (e) {
    if (e instanceof SignatureRefused) return { ok: false, code: e.code, reason: e.reason };
    // xml-crypto or a deep document throwing in an unexpected way: still a refusal, never a pass
    return { ok: false, code: 'SIGNATURE_STRUCTURE', reason: `the signature could not be checked (${String((e as Error)?.message ?? e).slice(0, 160)})` };
  }
}

const VALUE_FAILED = /^invalid signature: the signature value/;

/** Only the allowed algorithms are registered, so even a profile gap could not reach another one. */
function pinnedSignedXml(pin: PinnedKey): SignedXml {
  const sx = new SignedXml({ publicCert: pin.spkiPem, getCertFromKeyInfo: () => null });
  sx.CanonicalizationAlgorithms[C14N_11] = C14n11AsC14n10;
  // exclusive C14N stays registered: loadSignature() uses it internally to pre-read SignedInfo; the
  // profile has already refused it as a CanonicalizationMethod or transform
  keepOnly(sx.CanonicalizationAlgorithms, [C14N_10, C14N_11, ENVELOPED, EXC_C14N]);
  keepOnly(sx.HashAlgorithms, [SHA256]);
  keepOnly(sx.SignatureAlgorithms, [RSA_SHA256]);
  return sx;
}

function keepOnly(map: Record<string, unknown>, allowed: readonly string[]): void {
  for (const name of Object.keys(map)) if (!allowed.includes(name)) delete map[name];
}

function cryptoCheck(pin: PinnedKey, xml: string, signature: Element): void {
  const sx = pinnedSignedXml(pin);
  sx.loadSignature(signature);
  let valid: boolean;
  try {
    valid = sx.checkSignature(xml);
  } catch (e) {
    const message = String((e as Error).message);
    if (VALUE_FAILED.test(message)) {
      refuse('SIGNATURE_MISMATCH', 'the signature does not match SignedInfo under the pinned key (SignedInfo changed, or another key signed)');
    }
    throw e;
  }
  // checkSignature answers false only when the reference's digest does not match
  if (!valid) refuse('DIGEST_MISMATCH', 'the signed content was changed (digest mismatch)');
}
