// Enveloped signing of an outgoing BBPS document (reference/bbps-protocol.md §3.1, §10.11): RSA-SHA256,
// inclusive C14N 1.0, one Reference URI="" with the enveloped-signature transform, SHA-256, RSAKeyValue.
// The Signature is spliced in as the root's last child without touching any other byte, and the result
// is verified before it is returned: what comes back is exactly what must be sent.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { AppError } from '../../core/errors';
import { C14N_10, ENVELOPED, RSA_SHA256, SHA256, XMLDSIG_NS } from './algorithms';
import { parseStrict } from './dom';
import { SignatureRefused } from './failures';
import { rsaKeyValueXml } from './key-value';
import { checkRawText, checkTree } from './profile';
import { createVerifier, type Verifier } from './verify';

export interface SignOptions {
  /**
   * Accept input that spans several lines. Off by default: a BBPS verifier seen in the wild trims
   * every line before verifying (reference §3.1), so signed XML should be one line.
   */
  readonly allowLineBreaks?: boolean;
}

export type Signer = (xml: string, opts?: SignOptions) => string;

/** Builds a signer for one private key (parsed once). Throws AppError CONFIG_INVALID for an unusable key. */
export function createSigner(privateKeyPem: string): Signer {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (e) {
    throw new AppError('CONFIG_INVALID', `signing key: cannot be read (${(e as Error).message.slice(0, 120)})`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new AppError('CONFIG_INVALID', `signing key: must be an RSA key (found ${privateKey.asymmetricKeyType ?? 'unknown'})`);
  }
  const publicKey = createPublicKey(privateKey);
  const keyInfo = rsaKeyValueXml(publicKey);
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const selfCheck: Verifier = createVerifier(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return (xml, opts = {}) => sign(xml, opts, pkcs8, keyInfo, selfCheck);
}

/** Signs `xml` and returns the exact string to send; the caller must send it unchanged. */
export function signXml(xml: string, privateKeyPem: string, opts?: SignOptions): string {
  return createSigner(privateKeyPem)(xml, opts);
}

function sign(xml: string, opts: SignOptions, privateKeyPem: string, keyInfo: string, selfCheck: Verifier): string {
  const rootName = checkInput(xml, opts);
  const sx = new SignedXml({
    privateKey: privateKeyPem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: C14N_10,
    getKeyInfoContent: () => keyInfo,
  });
  sx.addReference({ xpath: '/*', transforms: [ENVELOPED], digestAlgorithm: SHA256, isEmptyUri: true });
  sx.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  const signed = splice(xml, rootName, sx.getSignatureXml());
  const check = selfCheck(signed);
  if (!check.ok) throw new AppError('INTERNAL', `the signed document does not verify (${check.reason})`);
  return signed;
}

/** Refuses what the verifier would refuse anyway (comments, PIs, DOCTYPE, an existing Signature). */
function checkInput(xml: string, opts: SignOptions): string {
  if (!opts.allowLineBreaks && /[\r\n]/.test(xml)) {
    throw new AppError('INTERNAL', 'the document to sign spans several lines (pass allowLineBreaks to sign it as is)');
  }
  try {
    checkRawText(xml);
    const doc = parseStrict(xml);
    checkTree(doc);
    if (doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature').length > 0) throw new Error('it is already signed');
    return (doc.documentElement as Element).tagName;
  } catch (e) {
    const reason = e instanceof SignatureRefused ? e.reason : (e as Error).message;
    throw new AppError('INTERNAL', `the document cannot be signed: ${reason}`);
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Inserts the Signature as the root's last child; every other byte of `xml` stays as it was. */
function splice(xml: string, rootName: string, signature: string): string {
  const end = new RegExp(`</${escapeRegExp(rootName)}[ \\t\\r\\n]*>([ \\t\\r\\n]*)$`).exec(xml);
  if (end) return xml.slice(0, end.index) + signature + xml.slice(end.index);
  const selfClosing = /\/>([ \t\r\n]*)$/.exec(xml); // the root has no children: `<r a="1"/>`
  if (selfClosing) {
    return `${xml.slice(0, selfClosing.index)}>${signature}</${rootName}>${selfClosing[1] ?? ''}`;
  }
  throw new AppError('INTERNAL', 'the end of the root element could not be found');
}
