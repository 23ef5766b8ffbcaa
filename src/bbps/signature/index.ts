// BBPS XML signatures: sign what we send, verify what we receive against the pinned counterparty key.
//
// Usage on a route: `const r = verifier(body)`; on `!r.ok` answer G27 (AppError SIGNATURE_MISMATCH);
// on success read the business fields from `r.doc` (bbps/parse-verified.ts: never another parse of the
// body alone), require `verifyRefId(urlRefId, r.doc)` and that what was decoded matches
// `signedFactsOf(r.doc)`. On the way out, send exactly what `signer(xml)` returns.
export { C14N_10, C14N_11, ENVELOPED, RSA_SHA256, SHA256, XMLDSIG_NS } from './algorithms';
export type { SignatureFailureCode, VerifyFailure, VerifyOk, VerifyResult } from './failures';
export { describePinnedKey, loadPinnedKey } from './pinned-key';
export type { PinnedKey, PinnedKeyDescription } from './pinned-key';
export { headRefIdOf, verifyRefId } from './ref-id';
export { signedFactsOf } from './signed-facts';
export type { SignedFacts } from './signed-facts';
export { createSigner, signXml } from './sign';
export type { SignOptions, Signer } from './sign';
export { createVerifier, verifyXml } from './verify';
export type { Verifier } from './verify';
