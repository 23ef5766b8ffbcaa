// The counterparty's key as configured (BBPS_CU_CERT_FILE): the only trust anchor for verification.
// A certificate is used for its public key only; its dates and size are reported, never enforced
// (design §7: the pin is the trust anchor, boot logs the warnings).
import { X509Certificate, createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { AppError } from '../../core/errors';

export interface PinnedKey {
  readonly key: KeyObject;
  readonly kind: 'certificate' | 'public-key' | 'private-key';
  readonly modulusBits: number;
  readonly certificate?: X509Certificate;
  /** PEM blocks in the input: more than one means only the first is used */
  readonly pemBlocks: number;
}

export interface PinnedKeyDescription {
  readonly kind: PinnedKey['kind'];
  readonly modulusBits: number;
  /** hex SHA-256 of the DER SubjectPublicKeyInfo: compare with what the counterparty announced */
  readonly spkiSha256: string;
  readonly subject?: string;
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly warnings: readonly string[];
}

const MIN_BITS = 2048;
const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;
const bad = (message: string) => new AppError('CONFIG_INVALID', `pinned key: ${message}`);

/** Reads a PEM certificate, public key (SPKI or PKCS#1) or, tolerated, a private key. Throws CONFIG_INVALID. */
export function loadPinnedKey(pem: string): PinnedKey {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN ')) throw bad('not a PEM text');
  const labels = [...pem.matchAll(BEGIN)].map((m) => m[1] as string);
  const first = labels[0] ?? '';
  let key: KeyObject;
  let certificate: X509Certificate | undefined;
  let kind: PinnedKey['kind'] = 'public-key';
  try {
    if (first === 'CERTIFICATE') {
      certificate = new X509Certificate(pem);
      key = certificate.publicKey;
      kind = 'certificate';
    } else {
      key = createPublicKey(pem); // derives the public half when given a private key
      if (first.includes('PRIVATE')) kind = 'private-key';
    }
  } catch (e) {
    throw bad(`cannot be read (${(e as Error).message.slice(0, 120)})`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw bad(`must be an RSA key (found ${key.asymmetricKeyType ?? 'unknown'})`);
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return { key, kind, modulusBits, pemBlocks: labels.length, ...(certificate ? { certificate } : {}) };
}

/** What boot logs about the pin: facts plus warnings (short key, expired or not yet valid certificate, …). */
export function describePinnedKey(pem: string, now: Date = new Date()): PinnedKeyDescription {
  const pin = loadPinnedKey(pem);
  const warnings: string[] = [];
  if (pin.modulusBits < MIN_BITS) warnings.push(`the key is ${pin.modulusBits} bits, shorter than ${MIN_BITS}`);
  if (pin.kind === 'private-key') warnings.push('the pin holds a private key; only its public half is used — keep private keys out of this file');
  if (pin.pemBlocks > 1) warnings.push(`the pin holds ${pin.pemBlocks} PEM blocks; only the first is used`);
  const cert = pin.certificate;
  if (cert) {
    if (Date.parse(cert.validTo) < now.getTime()) warnings.push(`the certificate expired on ${cert.validTo}`);
    if (Date.parse(cert.validFrom) > now.getTime()) warnings.push(`the certificate is not valid before ${cert.validFrom}`);
  }
  const spkiDer = pin.key.export({ type: 'spki', format: 'der' });
  return {
    kind: pin.kind,
    modulusBits: pin.modulusBits,
    spkiSha256: createHash('sha256').update(spkiDer).digest('hex'),
    ...(cert ? { subject: cert.subject, validFrom: cert.validFrom, validTo: cert.validTo } : {}),
    warnings,
  };
}
