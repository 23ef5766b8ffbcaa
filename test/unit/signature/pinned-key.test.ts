// describePinnedKey: what boot logs about the CU pin. Trust never depends on it (the pin is the anchor).
import { generateKeyPairSync } from 'node:crypto';
import { describePinnedKey, loadPinnedKey, signXml, verifyXml } from '../../../src/bbps/signature';
import { PAYMENT_XML, npciTestCertPem, rsaKeyPair } from './support';

// the script is plain Node (no build step), so it is required, not imported
const { selfSignedCertificatePem } = require('../../../scripts/keys-dev.js') as {
  selfSignedCertificatePem: (o: { privateKey: unknown; publicKey: unknown; commonName: string; notBefore: Date; notAfter: Date }) => string;
};

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-23T06:30:00Z');

function certFor(bits: number, notBefore: Date, notAfter: Date) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const cert = selfSignedCertificatePem({ privateKey, publicKey, commonName: 'cu.test', notBefore, notAfter });
  return { cert, privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

describe('describePinnedKey', () => {
  it('warns about the NPCI test certificate: 1024 bits and expired in 2021 — and it is still used', () => {
    const pem = npciTestCertPem();
    const d = describePinnedKey(pem, NOW);
    expect(d).toMatchObject({ kind: 'certificate', modulusBits: 1024, validTo: 'Oct 13 12:08:23 2021 GMT' });
    expect(d.subject).toContain('CN=btpvm2100.hpeswlab.net');
    expect(d.warnings).toEqual(['the key is 1024 bits, shorter than 2048', 'the certificate expired on Oct 13 12:08:23 2021 GMT']);
  });

  it('warns about a 1024-bit public key', () => {
    const d = describePinnedKey(rsaKeyPair(1024).publicPem, NOW);
    expect(d).toMatchObject({ kind: 'public-key', modulusBits: 1024 });
    expect(d.warnings).toEqual(['the key is 1024 bits, shorter than 2048']);
  });

  it('has no warning for a current 2048-bit certificate, and reports the SPKI fingerprint', () => {
    const { cert } = certFor(2048, new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + 365 * DAY));
    const d = describePinnedKey(cert, NOW);
    expect(d).toMatchObject({ kind: 'certificate', modulusBits: 2048, warnings: [] });
    expect(d.spkiSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('warns about an expired and a not-yet-valid certificate, which still verify (the pin is trusted as configured)', () => {
    const expired = certFor(2048, new Date(NOW.getTime() - 400 * DAY), new Date(NOW.getTime() - DAY));
    expect(describePinnedKey(expired.cert, NOW).warnings).toEqual([expect.stringMatching(/^the certificate expired on /)]);
    expect(verifyXml(signXml(PAYMENT_XML, expired.privatePem), expired.cert).ok).toBe(true);
    const future = certFor(2048, new Date(NOW.getTime() + DAY), new Date(NOW.getTime() + 400 * DAY));
    expect(describePinnedKey(future.cert, NOW).warnings).toEqual([expect.stringMatching(/^the certificate is not valid before /)]);
  });

  it('warns about a private key or several PEM blocks in the pin file', () => {
    const pair = rsaKeyPair(2048);
    expect(describePinnedKey(pair.privatePem).warnings).toEqual([expect.stringMatching(/private key/)]);
    expect(describePinnedKey(pair.publicPem + rsaKeyPair(2048).publicPem).warnings).toEqual(['the pin holds 2 PEM blocks; only the first is used']);
  });

  it('refuses a pin that is not an RSA key or not PEM (CONFIG_INVALID)', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadPinnedKey(ec)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/RSA/) }));
    expect(() => describePinnedKey('')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => describePinnedKey('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
