// The CU simulator's own XML signatures, written directly on xml-crypto (not the adapter's signature
// module, so that the two sides do not agree by construction): enveloped, RSA-SHA256, inclusive C14N
// 1.0, Reference URI="", RSAKeyValue (protocol §3.1, §10.11).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

const b64 = (v: string) => Buffer.from(v, 'base64url').toString('base64');

/** Signs a document with a PEM private key; returns the exact text to send. */
export function cuSign(xml: string, privateKeyPem: string): string {
  const jwk = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: 'jwk' });
  const keyValue = `<KeyValue><RSAKeyValue><Modulus>${b64(jwk.n ?? '')}</Modulus><Exponent>${b64(jwk.e ?? '')}</Exponent></RSAKeyValue></KeyValue>`;
  const sx = new SignedXml({ privateKey: privateKeyPem, signatureAlgorithm: RSA_SHA256, canonicalizationAlgorithm: C14N, getKeyInfoContent: () => keyValue });
  sx.addReference({ xpath: '/*', transforms: [ENVELOPED], digestAlgorithm: SHA256, isEmptyUri: true });
  sx.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return sx.getSignedXml();
}

/**
 * True when `xml` carries exactly one signature, a child of the root, with one whole-document reference,
 * valid under `publicKeyPem` (a key or certificate; KeyInfo is ignored).
 */
export function cuVerify(xml: string, publicKeyPem: string): boolean {
  try {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const sigs = doc.getElementsByTagNameNS(DSIG, 'Signature');
    if (sigs.length !== 1) return false;
    const sig = sigs.item(0);
    if (!sig || sig.parentNode !== doc.documentElement) return false;
    const sx = new SignedXml({ publicCert: publicKeyPem, getCertFromKeyInfo: () => null });
    sx.loadSignature(sig);
    const refs = sx.getReferences();
    if (refs.length !== 1 || refs[0]?.uri !== '') return false;
    return sx.checkSignature(xml);
  } catch {
    return false;
  }
}
