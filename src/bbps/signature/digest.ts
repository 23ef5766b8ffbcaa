// The two cryptographic checks of XMLDSig core validation, on canonical bytes: the Reference digest
// (SHA-256) and the SignatureValue over SignedInfo (RSASSA-PKCS1-v1_5 with SHA-256).
import { createHash, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes xs:base64Binary (whitespace allowed between characters), strictly; undefined when invalid. */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/[ \t\r\n]/g, '');
  return compact !== '' && BASE64.test(compact) ? Buffer.from(compact, 'base64') : undefined;
}

export const sha256 = (canonical: string): Buffer => createHash('sha256').update(canonical, 'utf8').digest();

export function digestMatches(canonical: string, expected: Buffer): boolean {
  const actual = sha256(canonical);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const rsaSha256Verifies = (canonicalSignedInfo: string, key: KeyObject, signature: Buffer): boolean =>
  verify('sha256', Buffer.from(canonicalSignedInfo, 'utf8'), key, signature);
