// Every way a signed document can be bent, refused with its own code. Forgeries are built on the
// bytes of a valid signature by string edits, or signed directly with xml-crypto (support.ts).
import { createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { type SignatureFailureCode, signXml, verifyXml } from '../../../src/bbps/signature';
import { C14N_10, ENVELOPED, PAYMENT_XML, rsaKeyPair, signWithXmlCrypto, xmlCryptoVerifies } from './support';

const ours = rsaKeyPair();
const attacker = rsaKeyPair();
const signed = signXml(PAYMENT_XML, ours.privatePem);
const ROOT_END = '</ns2:BillPaymentRequest>';
const sigStart = signed.indexOf('<Signature');
const signature = signed.slice(sigStart, signed.lastIndexOf(ROOT_END));

const refusedWith = (xml: string, code: SignatureFailureCode) => {
  const r = verifyXml(xml, ours.publicPem);
  expect(r).toMatchObject({ ok: false, code });
  if (!r.ok) expect(r.reason.length).toBeGreaterThan(10);
};
/** replaces exactly one occurrence, failing the test if the text is not there once */
const edit = (xml: string, from: string, to: string) => {
  expect(xml.split(from)).toHaveLength(2);
  return xml.replace(from, to);
};

describe('content and SignedInfo tampering', () => {
  it('refuses a changed attribute value (digest mismatch)', () => {
    refusedWith(edit(signed, 'amount="150000"', 'amount="950000"'), 'DIGEST_MISMATCH');
    refusedWith(edit(signed, 'refId="n8tsUgAINn71teBaQVYPwWa6Ujw20341832"', 'refId="n8tsUgAINn71teBaQVYPwWa6Ujw20341833"'), 'DIGEST_MISMATCH');
  });

  it('refuses added or removed content anywhere in the document', () => {
    refusedWith(edit(signed, '<Amount>', '<Amount><Amt amount="1"/>'), 'DIGEST_MISMATCH');
    refusedWith(edit(signed, '<Customer mobile="9505XXXX98"><Tag name="EMAIL" value="a&amp;b@example.in"/></Customer>', ''), 'DIGEST_MISMATCH');
    refusedWith(edit(signed, ' custConvFee="0"', ''), 'DIGEST_MISMATCH');
  });

  it('refuses a changed SignedInfo (the signature no longer matches)', () => {
    refusedWith(edit(signed, '<SignedInfo>', '<SignedInfo Id="x">'), 'SIGNATURE_MISMATCH');
    // C14N 1.1 is allowed and canonicalises these bytes identically, but the Algorithm text is signed
    refusedWith(edit(signed, '<CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>', '<CanonicalizationMethod Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>'), 'SIGNATURE_MISMATCH');
  });

  it('refuses changed content with a recomputed digest (the attacker cannot re-sign SignedInfo)', () => {
    const tampered = edit(PAYMENT_XML, 'amount="150000"', 'amount="950000"');
    const attackerDigest = /<DigestValue>([^<]+)<\/DigestValue>/.exec(signXml(tampered, attacker.privatePem))?.[1] as string;
    const ourDigest = /<DigestValue>([^<]+)<\/DigestValue>/.exec(signed)?.[1] as string;
    const forged = edit(edit(signed, 'amount="150000"', 'amount="950000"'), ourDigest, attackerDigest);
    refusedWith(forged, 'SIGNATURE_MISMATCH');
  });

  it('ignores KeyInfo for trust: a document signed by the attacker carrying the attacker’s key is refused', () => {
    const jwk = createPublicKey(attacker.publicPem).export({ format: 'jwk' });
    const b64 = (v?: string) => Buffer.from(v ?? '', 'base64url').toString('base64');
    const keyInfo = `<KeyValue><RSAKeyValue><Modulus>${b64(jwk.n)}</Modulus><Exponent>${b64(jwk.e)}</Exponent></RSAKeyValue></KeyValue>`;
    const forged = signWithXmlCrypto(edit(PAYMENT_XML, 'amount="150000"', 'amount="950000"'), attacker.privatePem, { keyInfo });
    expect(forged).toContain(b64(jwk.n));
    expect(verifyXml(forged, attacker.publicPem).ok).toBe(true); // well signed, just not by the pinned key
    refusedWith(forged, 'SIGNATURE_MISMATCH');
    // and our own signature with the attacker's key pasted into KeyInfo still verifies: KeyInfo is unused
    const pasted = signed.replace(/<KeyInfo>.*<\/KeyInfo>/, `<KeyInfo>${keyInfo}</KeyInfo>`);
    expect(verifyXml(pasted, ours.publicPem).ok).toBe(true);
  });
});

describe('Signature structure', () => {
  it('refuses an unsigned document, and a Signature in another namespace', () => {
    refusedWith(PAYMENT_XML, 'NO_SIGNATURE');
    refusedWith(signed.replace('xmlns="http://www.w3.org/2000/09/xmldsig#"', 'xmlns="urn:not-xmldsig"'), 'NO_SIGNATURE');
  });

  it('refuses two Signatures (a copy anywhere)', () => {
    refusedWith(signed.replace(ROOT_END, `${signature}${ROOT_END}`), 'MULTIPLE_SIGNATURES');
    refusedWith(edit(signed, '<Amount>', `<Amount>${signature}`), 'MULTIPLE_SIGNATURES');
  });

  it('refuses a Signature that is not a child of the root (even though it would still verify as enveloped)', () => {
    const moved = edit(signed.replace(signature, ''), '<Amount>', `<Amount>${signature}`);
    expect(xmlCryptoVerifies(moved, ours.publicPem)).toBe(true); // xml-crypto alone accepts it
    refusedWith(moved, 'SIGNATURE_NOT_ROOT_CHILD');
  });

  it('refuses two SignedInfo and two References', () => {
    const signedInfo = /<SignedInfo>.*<\/SignedInfo>/.exec(signature)?.[0] as string;
    refusedWith(edit(signed, '<SignatureValue>', `${signedInfo}<SignatureValue>`), 'MULTIPLE_SIGNED_INFO');
    const reference = /<Reference .*<\/Reference>/.exec(signature)?.[0] as string;
    refusedWith(edit(signed, '</Reference>', `</Reference>${reference}`), 'MULTIPLE_REFERENCES');
  });

  it('refuses a Reference URI other than ""', () => {
    refusedWith(edit(signed, '<Reference URI="">', '<Reference URI="#x">'), 'REFERENCE_URI');
    refusedWith(edit(signed, '<Reference URI="">', '<Reference>'), 'REFERENCE_URI');
    refusedWith(edit(signed, '<Reference URI="">', '<Reference URI=" ">'), 'REFERENCE_URI');
  });

  it('refuses an Object or a Manifest inside Signature', () => {
    refusedWith(signed.replace('</KeyInfo></Signature>', '</KeyInfo><Object><Amt amount="1"/></Object></Signature>'), 'OBJECT_IN_SIGNATURE');
    refusedWith(signed.replace('</KeyInfo>', '<Manifest/></KeyInfo>'), 'OBJECT_IN_SIGNATURE');
  });

  it('refuses other departures from the profile', () => {
    refusedWith(edit(signed, '</SignatureValue>', '</SignatureValue><Extra/>'), 'SIGNATURE_STRUCTURE');
    refusedWith(edit(signed, '<SignedInfo>', 'text<SignedInfo>'), 'SIGNATURE_STRUCTURE');
    refusedWith(signed.replace(/<SignatureValue>[^<]*<\/SignatureValue>/, '<SignatureValue/>'), 'SIGNATURE_STRUCTURE');
    refusedWith(signed.replace(/<SignatureValue>[^<]*<\/SignatureValue>/, '<SignatureValue>!!!!</SignatureValue>'), 'SIGNATURE_STRUCTURE');
    refusedWith(edit(signed, `<Transform Algorithm="${ENVELOPED}"/>`, `<Transform Algorithm="${ENVELOPED}"><XPath>1</XPath></Transform>`), 'SIGNATURE_STRUCTURE');
    refusedWith(edit(signed, '<Transforms>', '<Transforms><Foo/>'), 'SIGNATURE_STRUCTURE');
    refusedWith(signed.replace(/<KeyInfo>.*<\/KeyInfo>/, '').replace('<SignedInfo>', '<KeyInfo/><SignedInfo>'), 'SIGNATURE_STRUCTURE');
  });
});

describe('algorithm allow-list (documents validly signed with our own key, refused for the algorithm)', () => {
  const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
  const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
  const WITH_COMMENTS = `${C14N_10}#WithComments`;
  const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';

  it.each([
    ['a sha1 digest', { digestAlgorithm: SHA1 }],
    ['an rsa-sha1 signature', { signatureAlgorithm: RSA_SHA1 }],
    ['an rsa-sha512 signature', { signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512' }],
    ['C14N with comments as the method', { canonicalization: WITH_COMMENTS }],
    ['C14N with comments as a transform', { transforms: [ENVELOPED, WITH_COMMENTS] }],
    ['exclusive C14N as the method', { canonicalization: EXC }],
    ['exclusive C14N as a transform', { transforms: [ENVELOPED, EXC] }],
    ['no enveloped-signature transform', { transforms: [C14N_10] }],
    ['C14N before enveloped-signature', { transforms: [C14N_10, ENVELOPED] }],
  ])('refuses %s', (_what, opts) => {
    const forged = signWithXmlCrypto(PAYMENT_XML, ours.privatePem, opts);
    refusedWith(forged, 'ALGORITHM');
  });

  it('accepts the allowed variants: enveloped + C14N 1.0 transform', () => {
    expect(verifyXml(signWithXmlCrypto(PAYMENT_XML, ours.privatePem, { transforms: [ENVELOPED, C14N_10] }), ours.publicPem).ok).toBe(true);
  });

  it('refuses an HMAC SignatureMethod and algorithm parameters', () => {
    refusedWith(signed.replace('xmldsig-more#rsa-sha256"/>', 'xmldsig-more#rsa-sha256"><HMACOutputLength>0</HMACOutputLength></SignatureMethod>'), 'SIGNATURE_STRUCTURE');
    refusedWith(signed.replace('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'), 'ALGORITHM');
  });
});

describe('markup that would let the application read something else than what was signed', () => {
  it('refuses a comment inside signed text (am<!---->ount), even when the signer signed around it', () => {
    const withText = '<ns2:X xmlns:ns2="http://bbps.org/schema"><Head refId="R1"/><Note>am<!---->ount</Note></ns2:X>';
    const forged = signWithXmlCrypto(withText, ours.privatePem); // xml-crypto drops the comment from the digest
    expect(xmlCryptoVerifies(forged.replace('am<!---->ount', 'amount'), ours.publicPem)).toBe(true);
    refusedWith(forged, 'COMMENT');
    refusedWith(edit(signed, '<Amount>', '<Amount><!-- x -->'), 'COMMENT');
    refusedWith(`${signed}<!-- after -->`, 'COMMENT');
  });

  it('refuses DOCTYPE and entity declarations', () => {
    refusedWith(`<!DOCTYPE ns2:BillPaymentRequest>${signed.slice(signed.indexOf('?>') + 2)}`, 'DOCTYPE');
    refusedWith(`<!DOCTYPE x [<!ENTITY a "950000">]>${signed.slice(signed.indexOf('?>') + 2)}`, 'DOCTYPE');
  });

  it('refuses processing instructions, undefined entities and malformed XML', () => {
    refusedWith(edit(signed, '<Amount>', '<Amount><?php x?>'), 'PROCESSING_INSTRUCTION');
    refusedWith(edit(signed, 'a&amp;b@', 'a&ent;b@'), 'MALFORMED');
    refusedWith(signed.slice(0, -5), 'MALFORMED');
    refusedWith(edit(signed, '<Head ver="1.0"', '<Head ver="1.0" ver="2.0"'), 'MALFORMED');
    refusedWith(`${signed}<second/>`, 'MALFORMED');
  });

  it('refuses xml:id / xml:base (where C14N 1.0 and 1.1 differ) and xml:* on SignedInfo’s ancestors', () => {
    refusedWith(edit(signed, '<Head ver', '<Head xml:id="h" ver'), 'XML_ATTRIBUTE');
    refusedWith(edit(signed, '<Head ver', '<Head xml:base="http://x/" ver'), 'XML_ATTRIBUTE');
    refusedWith(signed.replace('<ns2:BillPaymentRequest ', '<ns2:BillPaymentRequest xml:lang="en" '), 'XML_ATTRIBUTE');
    refusedWith(signed.replace('<Signature ', '<Signature xml:space="preserve" '), 'XML_ATTRIBUTE');
    // xml:lang deeper down is the same in both and is signed like any attribute
    const lang = signXml(PAYMENT_XML.replace('<Customer ', '<Customer xml:lang="hi" '), ours.privatePem);
    expect(verifyXml(lang, ours.publicPem).ok).toBe(true);
  });

  it('refuses a document nested deeper than any BBPS message, without exhausting the stack', () => {
    const deep = `<r>${'<a>'.repeat(20000)}${'</a>'.repeat(20000)}${signature}</r>`;
    refusedWith(deep, 'MALFORMED');
  });
});

describe('signature wrapping: with URI="" the whole document is signed', () => {
  it('refuses a second Head/Amt in an unsigned wrapper element', () => {
    const wrapper = '<Wrapper><Head ver="1.0" refId="EVIL"/><Amount><Amt amount="1"/></Amount></Wrapper>';
    refusedWith(edit(signed, '<Signature ', `${wrapper}<Signature `), 'DIGEST_MISMATCH');
  });

  it('refuses the signed original moved under a new root beside attacker content', () => {
    const body = signed.slice(signed.indexOf('?>') + 2);
    refusedWith(`<ns2:BillPaymentRequest xmlns:ns2="http://bbps.org/schema"><Head refId="EVIL"/><Orig>${body}</Orig></ns2:BillPaymentRequest>`, 'SIGNATURE_NOT_ROOT_CHILD');
    const unsignedOriginal = body.replace(signature, '');
    refusedWith(`<ns2:BillPaymentRequest xmlns:ns2="http://bbps.org/schema"><Head refId="EVIL"/><Orig>${unsignedOriginal}</Orig>${signature}</ns2:BillPaymentRequest>`, 'DIGEST_MISMATCH');
  });

  it('refuses any changed attribute value and any inserted element (property)', () => {
    // the XML declaration is outside the root and not signed (the guard polices its encoding)
    const declEnd = signed.indexOf('?>') + 2;
    const head = signed.slice(0, sigStart);
    const attrValues = [...head.matchAll(/="([^"]*)"/g)].map((m) => ({ at: (m.index ?? 0) + 2, len: (m[1] ?? '').length })).filter((a) => a.at > declEnd);
    const tagEnds = [...head.matchAll(/>/g)].map((m) => (m.index ?? 0) + 1).filter((i) => i > declEnd);
    fc.assert(
      fc.property(fc.nat(), fc.stringMatching(/^[A-Za-z0-9 ]{1,8}$/), (pick, text) => {
        const a = attrValues[pick % attrValues.length] as { at: number; len: number };
        const changed = signed.slice(0, a.at) + text + signed.slice(a.at + a.len);
        if (changed === signed) return;
        const r = verifyXml(changed, ours.publicPem);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(fc.nat(), (pick) => {
        const at = tagEnds[pick % tagEnds.length] as number;
        const r = verifyXml(`${signed.slice(0, at)}<Amt amount="1"/>${signed.slice(at)}`, ours.publicPem);
        expect(r).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
      }),
      { numRuns: 40 },
    );
  });
});
