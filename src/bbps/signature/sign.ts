// Enveloped signing of an outgoing BBPS document (reference/bbps-protocol.md §3.1, §10.11): RSA-SHA256,
// inclusive C14N 1.0, one Reference URI="" with the enveloped-signature transform, SHA-256, RSAKeyValue.
// The Signature is spliced in as the root's last child without touching any other byte, and the result
// is verified before it is returned: what comes back is exactly what must be sent.
import { createPrivateKey, createPublicKey, sign as rsaSign, type KeyObject } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { AppError } from '../../core/errors';
import { C14N_10, ENVELOPED, RSA_SHA256, SHA256, XMLDSIG_NS } from './algorithms';
import { canonicalize } from './c14n';
import { sha256 } from './digest';
import { childElements, parseStrict } from './dom';
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

interface SigningKey {
  readonly privateKey: KeyObject;
  readonly keyInfo: string;
  readonly selfCheck: Verifier;
}

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
  const key: SigningKey = {
    privateKey,
    keyInfo: `<KeyInfo>${rsaKeyValueXml(publicKey)}</KeyInfo>`,
    selfCheck: createVerifier(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
  return (xml, opts = {}) => sign(xml, opts, key);
}

/** Signs `xml` and returns the exact string to send; the caller must send it unchanged. */
export function signXml(xml: string, privateKeyPem: string, opts?: SignOptions): string {
  return createSigner(privateKeyPem)(xml, opts);
}

const VALUE_SLOT = '<SignatureValue></SignatureValue>';

function sign(xml: string, opts: SignOptions, key: SigningKey): string {
  const doc = checkInput(xml, opts);
  const root = doc.documentElement as Element;
  const digest = sha256(canonicalize(root)).toString('base64');
  const signedInfo =
    `<SignedInfo><CanonicalizationMethod Algorithm="${C14N_10}"/><SignatureMethod Algorithm="${RSA_SHA256}"/>` +
    `<Reference URI=""><Transforms><Transform Algorithm="${ENVELOPED}"/></Transforms>` +
    `<DigestMethod Algorithm="${SHA256}"/><DigestValue>${digest}</DigestValue></Reference></SignedInfo>`;
  const withSlot = splice(xml, root.tagName, `<Signature xmlns="${XMLDSIG_NS}">${signedInfo}${VALUE_SLOT}${key.keyInfo}</Signature>`);
  // SignedInfo is canonicalised where it will stand: it inherits the root's namespace declarations
  const placed = childElements(parseStrict(withSlot).documentElement as Element).at(-1) as Element;
  const canonicalSignedInfo = canonicalize(childElements(placed)[0] as Element);
  const value = rsaSign('sha256', Buffer.from(canonicalSignedInfo, 'utf8'), key.privateKey).toString('base64');
  const at = withSlot.lastIndexOf(VALUE_SLOT);
  const signed = `${withSlot.slice(0, at)}<SignatureValue>${value}</SignatureValue>${withSlot.slice(at + VALUE_SLOT.length)}`;
  const check = key.selfCheck(signed);
  if (!check.ok) throw new AppError('INTERNAL', `the signed document does not verify (${check.reason})`);
  return signed;
}

/** Refuses what the verifier would refuse anyway (comments, PIs, DOCTYPE, an existing Signature). */
function checkInput(xml: string, opts: SignOptions): Document {
  if (typeof xml !== 'string') throw new AppError('INTERNAL', 'the document to sign is not a string');
  if (!opts.allowLineBreaks && /[\r\n]/.test(xml)) {
    throw new AppError('INTERNAL', 'the document to sign spans several lines (pass allowLineBreaks to sign it as is)');
  }
  try {
    const inventory = checkRawText(xml);
    const doc = parseStrict(xml);
    checkTree(doc, inventory);
    if (doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature').length > 0) throw new Error('it is already signed');
    return doc;
  } catch (e) {
    const reason = e instanceof SignatureRefused ? e.reason : (e as Error).message;
    throw new AppError('INTERNAL', `the document cannot be signed: ${reason}`);
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Inserts the Signature as the root's last child; every other byte of `xml` stays as it was. */
function splice(xml: string, rootName: string, signature: string): string {
  const end = new RegExp(`</${escapeRegExp(rootName)}[ \\t\\r\\n]*>[ \\t\\r\\n]*$`).exec(xml);
  if (end) return xml.slice(0, end.index) + signature + xml.slice(end.index);
  const selfClosing = /\/>([ \t\r\n]*)$/.exec(xml); // a root without children: `<r a="1"/>`
  if (selfClosing) return `${xml.slice(0, selfClosing.index)}>${signature}</${rootName}>${selfClosing[1] ?? ''}`;
  throw new AppError('INTERNAL', 'the end of the root element could not be found');
}
