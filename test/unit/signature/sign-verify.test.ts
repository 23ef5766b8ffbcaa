import { AppError } from '../../../src/core/errors';
import { createSigner, createVerifier, headRefIdOf, signXml, verifyRefId, verifyXml } from '../../../src/bbps/signature';
import { PAYMENT_XML, rsaKeyPair, signWithXmlCrypto, xmlCryptoVerifies } from './support';

const ours = rsaKeyPair();
const other = rsaKeyPair();

describe('signXml', () => {
  const signed = signXml(PAYMENT_XML, ours.privatePem);

  it('appends the Signature as the root’s last child and leaves every other byte as it was', () => {
    const at = signed.indexOf('<Signature');
    expect(signed.slice(0, at)).toBe(PAYMENT_XML.slice(0, PAYMENT_XML.lastIndexOf('</ns2:BillPaymentRequest>')));
    expect(signed.endsWith('</Signature></ns2:BillPaymentRequest>')).toBe(true);
    expect(signed).not.toMatch(/[\r\n]/);
    expect(signed).not.toMatch(/>\s+</);
  });

  it('uses the BBPS profile: C14N 1.0, rsa-sha256, one URI="" reference, enveloped, sha256, RSAKeyValue', () => {
    const sig = signed.slice(signed.indexOf('<Signature'));
    expect(sig).toMatch(/^<Signature xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"><SignedInfo>/);
    expect(sig).toContain('<CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>');
    expect(sig).toContain('<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>');
    expect(sig).toContain('<Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms>');
    expect(sig).toContain('<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>');
    expect(sig).toMatch(/<KeyInfo><KeyValue><RSAKeyValue><Modulus>[A-Za-z0-9+/]{342}==<\/Modulus><Exponent>AQAB<\/Exponent><\/RSAKeyValue><\/KeyValue><\/KeyInfo><\/Signature>/);
    expect(sig.match(/<Reference /g)).toHaveLength(1);
  });

  it('round-trips: the output verifies with our public key and the verified bytes are the output itself', () => {
    const result = verifyXml(signed, ours.publicPem);
    expect(result).toMatchObject({ ok: true, xml: signed });
  });

  it('does not verify under another pinned key', () => {
    expect(verifyXml(signed, other.publicPem)).toMatchObject({ ok: false, code: 'SIGNATURE_MISMATCH' });
  });

  it('is interoperable: a plain xml-crypto SignedXml verifies our output', () => {
    expect(xmlCryptoVerifies(signed, ours.publicPem)).toBe(true);
    expect(() => xmlCryptoVerifies(signed, other.publicPem)).toThrow(/invalid signature/);
  });

  it('is interoperable the other way: what xml-crypto signs with the BBPS profile, we verify', () => {
    const theirs = signWithXmlCrypto(PAYMENT_XML, other.privatePem);
    expect(verifyXml(theirs, other.publicPem).ok).toBe(true);
  });

  it('signs a self-closing root and a default-namespace root', () => {
    const diag = signXml('<ns2:ReqDiagnostic xmlns:ns2="http://bbps.org/schema"/>', ours.privatePem);
    expect(diag.endsWith('</Signature></ns2:ReqDiagnostic>')).toBe(true);
    expect(verifyXml(diag, ours.publicPem).ok).toBe(true);
    const plain = signXml('<BillFetchRequest xmlns="http://bbps.org/schema"><Head refId="R1"/></BillFetchRequest>', ours.privatePem);
    expect(verifyXml(plain, ours.publicPem).ok).toBe(true);
    expect(xmlCryptoVerifies(plain, ours.publicPem)).toBe(true);
  });

  it('keeps a trailing newline after the root where it was', () => {
    const out = signXml(`${PAYMENT_XML}`, ours.privatePem);
    expect(out.endsWith('</ns2:BillPaymentRequest>')).toBe(true);
    const multi = signXml(`${PAYMENT_XML}\n`, ours.privatePem, { allowLineBreaks: true });
    expect(multi.endsWith('</Signature></ns2:BillPaymentRequest>\n')).toBe(true);
    expect(verifyXml(multi, ours.publicPem).ok).toBe(true);
  });

  it('refuses what it must not sign: several lines (unless allowed), comments, PIs, DOCTYPE, a signed document', () => {
    const refused = (xml: string, opts = {}) => () => signXml(xml, ours.privatePem, opts);
    expect(refused('<a>\n<b/></a>')).toThrow(/several lines/);
    expect(signXml('<a>\n<b/></a>', ours.privatePem, { allowLineBreaks: true })).toContain('<b/><Signature');
    expect(refused('<a><!-- c --><b/></a>')).toThrow(/comments/);
    expect(refused('<a><?pi x?></a>')).toThrow(/processing instructions/);
    expect(refused('<!DOCTYPE a><a/>')).toThrow(/DOCTYPE/);
    expect(refused('<a><b></a>')).toThrow(AppError);
    expect(refused(signXml('<a/>', ours.privatePem))).toThrow(/already signed/);
  });

  it('refuses an unusable private key with CONFIG_INVALID', () => {
    expect(() => createSigner('not a key')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => createSigner(ours.publicPem)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('a signer and a verifier built once give the same results as the one-off functions', () => {
    const sign = createSigner(ours.privatePem);
    const verify = createVerifier(ours.publicPem);
    const out = sign(PAYMENT_XML);
    expect(out).toBe(signed); // RSASSA-PKCS1-v1_5 is deterministic
    expect(verify(out)).toMatchObject({ ok: true, xml: out });
  });
});

describe('verifyXml whitespace and pins', () => {
  it('verifies a pretty-printed signed document byte-exact and refuses it once lines are trimmed', () => {
    const pretty = PAYMENT_XML.replace('?>', '?>\n').replace(/></g, '>\n  <');
    const signed = signXml(pretty, ours.privatePem, { allowLineBreaks: true });
    expect(verifyXml(signed, ours.publicPem).ok).toBe(true);
    const trimmed = signed.split('\n').map((l) => l.trim()).join('');
    expect(verifyXml(trimmed, ours.publicPem)).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
  });

  it('treats an unusable pin as a failure, and createVerifier throws CONFIG_INVALID for it', () => {
    const signed = signXml(PAYMENT_XML, ours.privatePem);
    expect(verifyXml(signed, 'garbage')).toMatchObject({ ok: false, code: 'PINNED_KEY' });
    expect(() => createVerifier('garbage')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('accepts the pin as a private key PEM too (its public half is used)', () => {
    const signed = signXml(PAYMENT_XML, ours.privatePem);
    expect(verifyXml(signed, ours.privatePem).ok).toBe(true);
  });
});

describe('refId binding', () => {
  const signed = signXml(PAYMENT_XML, ours.privatePem);

  it('reads Head/@refId of the verified bytes, case and all', () => {
    expect(headRefIdOf(signed)).toBe('n8tsUgAINn71teBaQVYPwWa6Ujw20341832');
    expect(verifyRefId('n8tsUgAINn71teBaQVYPwWa6Ujw20341832', signed)).toBe(true);
    expect(verifyRefId('N8TSUGAINN71TEBAQVYPWWA6UJW20341832', signed)).toBe(false);
    expect(verifyRefId('', signed)).toBe(false);
  });

  it('has no refId for a document without exactly one Head, or one that does not parse', () => {
    expect(headRefIdOf('<a><Head refId="1"/><Head refId="2"/></a>')).toBeUndefined();
    expect(headRefIdOf('<a><Head/></a>')).toBeUndefined();
    expect(headRefIdOf('<a><x><Head refId="1"/></x></a>')).toBeUndefined();
    expect(headRefIdOf('<a>')).toBeUndefined();
    expect(verifyRefId('1', '<a><Head/></a>')).toBe(false);
  });
});
