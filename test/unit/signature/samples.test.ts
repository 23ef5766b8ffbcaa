// The published signed NPCI samples (C14N 1.1, pretty-printed, 1024-bit test key, expired certificate):
// byte-exact they verify against the pinned test certificate; the tampered copy does not.
import { X509Certificate } from 'node:crypto';
import { createVerifier, verifyXml } from '../../../src/bbps/signature';
import { SIGNED_SAMPLES, TAMPERED_SAMPLE, npciTestCertPem, readSample, rsaKeyPair, xmlCryptoVerifies } from './support';

const cert = npciTestCertPem();

describe('NPCI signed samples', () => {
  it.each(SIGNED_SAMPLES)('%s verifies with the pinned test certificate, returning its exact bytes', (name) => {
    const xml = readSample(name);
    expect(xml).toContain('<CanonicalizationMethod Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>');
    expect(xml).toMatch(/\n +<Head /); // pretty-printed: the whitespace is signed
    expect(verifyXml(xml, cert)).toMatchObject({ ok: true, xml });
    expect(xmlCryptoVerifies(xml, cert, true)).toBe(true); // the independent verifier agrees
  });

  it('the tampered sample (email changed, Signature kept) is refused as changed content', () => {
    expect(verifyXml(readSample(TAMPERED_SAMPLE), cert)).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
  });

  it('a sample re-indented or with its lines trimmed no longer verifies', () => {
    const xml = readSample(SIGNED_SAMPLES[0] as string);
    const trimmed = xml.split('\n').map((l) => l.trim()).join('');
    expect(verifyXml(trimmed, cert)).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
    expect(verifyXml(xml.replace(/\n {2}</g, '\n    <'), cert)).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
  });

  it('is not trusted under another pin, even though KeyInfo carries the signing key', () => {
    const xml = readSample(SIGNED_SAMPLES[0] as string);
    expect(xml).toContain('<RSAKeyValue>');
    expect(verifyXml(xml, rsaKeyPair(1024).publicPem)).toMatchObject({ ok: false, code: 'SIGNATURE_MISMATCH' });
  });

  it('the pin may be the bare public key instead of the certificate', () => {
    const publicPem = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const verify = createVerifier(publicPem);
    for (const name of SIGNED_SAMPLES) expect(verify(readSample(name)).ok).toBe(true);
  });

  it('unsigned samples are refused as unsigned', () => {
    for (const name of ['bbps-biller-integrator__BillFetchRequest__1.xml', 'vu3mmg-goxmldsig__ReqDiagnostic__1.xml']) {
      expect(verifyXml(readSample(name), cert)).toMatchObject({ ok: false, code: 'NO_SIGNATURE' });
    }
  });
});
