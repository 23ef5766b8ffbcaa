// Shared test material for the signature tests: key pairs (generated once per test file), the samples,
// and an attacker's signer built directly on xml-crypto (independent of the code under test).
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { C14nCanonicalization, SignedXml } from 'xml-crypto';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'bbps');
export const readSample = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** The published goxmldsig test certificate (DER) as PEM: the key of all three signed NPCI samples. */
export const npciTestCertPem = (): string =>
  new X509Certificate(readFileSync(join(__dirname, 'fixtures', 'vu3mmg-goxmldsig__test_certificate.cer'))).toString();

export const SIGNED_SAMPLES = ['vu3mmg-goxmldsig__BillFetchRequest__1.xml', 'kartiksirigeri-goxmldsig__BillFetchRequest__1.xml'];
export const TAMPERED_SAMPLE = 'vu3mmg-goxmldsig__BillFetchRequest__2.xml';

export interface KeyPairPem {
  readonly privatePem: string;
  readonly publicPem: string;
}

export function rsaKeyPair(bits = 2048): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A one-line BBPS message as the codec writes it (declaration, ns2 root, unprefixed children). */
export const PAYMENT_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ns2:BillPaymentRequest xmlns:ns2="http://bbps.org/schema">' +
  '<Head ver="1.0" ts="2026-03-23T12:00:00+05:30" origInst="BBCU" refId="n8tsUgAINn71teBaQVYPwWa6Ujw20341832"/>' +
  '<Txn ts="2026-03-23T12:00:00+05:30" msgId="MSG0001" txnReferenceId="BD016077BAKAAAHT0IRC" type="FORWARD TYPE REQUEST"/>' +
  '<Customer mobile="9505XXXX98"><Tag name="EMAIL" value="a&amp;b@example.in"/></Customer>' +
  '<BillDetails><Biller id="PBMC00000PUN01"/><CustomerParams><Tag name="Property ID" value="PB-PT-2024-01-01-000001"/></CustomerParams></BillDetails>' +
  '<Amount><Amt amount="150000" custConvFee="0" currency="356"/></Amount></ns2:BillPaymentRequest>';

export const XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';
export const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export interface XmlCryptoSignOptions {
  readonly canonicalization?: string;
  readonly signatureAlgorithm?: string;
  readonly digestAlgorithm?: string;
  readonly transforms?: readonly string[];
  /** KeyInfo content to publish (e.g. the attacker's own RSAKeyValue) */
  readonly keyInfo?: string;
}

/**
 * Signs with xml-crypto directly: enveloped, URI="", Signature appended to the root. Used to forge
 * documents with other algorithms or keys, and to show that what xml-crypto signs we verify.
 */
export function signWithXmlCrypto(xml: string, privatePem: string, opts: XmlCryptoSignOptions = {}): string {
  const sx = new SignedXml({
    privateKey: privatePem,
    signatureAlgorithm: opts.signatureAlgorithm ?? RSA_SHA256,
    canonicalizationAlgorithm: opts.canonicalization ?? C14N_10,
    getKeyInfoContent: () => opts.keyInfo ?? null,
  });
  sx.addReference({
    xpath: '/*',
    transforms: [...(opts.transforms ?? [ENVELOPED])],
    digestAlgorithm: opts.digestAlgorithm ?? SHA256,
    isEmptyUri: true,
  });
  sx.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return sx.getSignedXml();
}

class C14n11Alias extends C14nCanonicalization {
  override getAlgorithmName(): string {
    return 'http://www.w3.org/2006/12/xml-c14n11';
  }
}

/** Verifies with a plain xml-crypto SignedXml pinned to `publicPem` (KeyInfo ignored). */
export function xmlCryptoVerifies(signedXml: string, publicPem: string, c14n11 = false): boolean {
  const sx = new SignedXml({ publicCert: publicPem, getCertFromKeyInfo: () => null });
  if (c14n11) {
    // xml-crypto has no C14N 1.1: for these documents its output is that of 1.0
    sx.CanonicalizationAlgorithms['http://www.w3.org/2006/12/xml-c14n11'] = C14n11Alias;
  }
  const start = signedXml.indexOf('<Signature');
  const end = signedXml.indexOf('</Signature>') + '</Signature>'.length;
  sx.loadSignature(signedXml.slice(start, end));
  return sx.checkSignature(signedXml);
}

