// Issue 13: a signed message bent so that the signature's parser (xmldom) and the codec's
// (fast-xml-parser) read it differently. Each confirmed case, signed with the CU's key by the CU
// simulator's own signer (xml-crypto, not our code), is refused — or, where the document is
// legitimately readable, read identically by both paths.
import { parseBbps, parseVerified, toPaymentRequest, type ParsedDocument } from '../../../src/bbps';
import { createVerifier, type VerifyOk, verifyXml } from '../../../src/bbps/signature';
import { AppError } from '../../../src/core/errors';
import { readBody } from '../../../src/http/async-intake';
import { cuRequests, cuSign } from '../../../src/simulators/bbps-cu';
import { SIGNED_SAMPLES, npciTestCertPem, readSample, rsaKeyPair, xmlCryptoVerifies } from './support';

const cu = rsaKeyPair();
const verifier = createVerifier(cu.publicPem);
const payment = (o: { reversal?: boolean; amountPaise?: number } = {}) =>
  cuRequests.paymentRequest({
    refId: cuRequests.cuId(), msgId: cuRequests.cuId(), billerId: 'PBMC00000PUN01', origInst: 'BBCU', txnReferenceId: cuRequests.cuId(20),
    params: [['City', 'Amritsar'], ['Property ID', 'PB-PT-2023-04-12-000456']], amountPaise: o.amountPaise ?? 150000, bills: [],
    paymentMode: 'UPI', reversal: o.reversal ?? false,
  });
const edit = (xml: string, from: string, to: string) => {
  expect(xml.split(from)).toHaveLength(2);
  return xml.replace(from, to);
};
/** what the route does with a body: guard, verify, read from the verified DOM */
const routeReads = (xml: string) => readBody(Buffer.from(xml), { expect: 'BillPaymentRequest', maxBytes: 262144, verifier });
const refusal = (xml: string) => {
  try {
    routeReads(xml);
  } catch (e) {
    return e as AppError;
  }
  throw new Error('the route accepted the document');
};

describe('the confirmed cases are refused', () => {
  it('U+2028 for the space in a signed reversal’s Txn/@type: it verified under XML 1.1 line ends, it is refused now', () => {
    const signed = cuSign(payment({ reversal: true }), cu.privatePem);
    const bent = edit(signed, 'type="REVERSAL TYPE REQUEST"', 'type="REVERSAL\u2028TYPE REQUEST"');
    // the attack is real: a verifier on xmldom's default line ends (xml-crypto) still accepts it
    expect(xmlCryptoVerifies(bent, cu.publicPem)).toBe(true);
    expect(verifyXml(bent, cu.publicPem)).toMatchObject({ ok: false, code: 'MARKUP_CHARACTER' });
    expect(refusal(bent)).toMatchObject({ code: 'REQUEST_INVALID' }); // the guard sees it before the verifier
    expect(refusal(bent).message).toContain('U+2028');
  });

  it('U+2028 (and U+2029, U+0085) in a customer parameter name', () => {
    const signed = cuSign(payment(), cu.privatePem);
    for (const c of ['\u2028', '\u2029', '\u0085']) {
      const bent = edit(signed, 'name="Property ID"', `name="Property${c}ID"`);
      expect(verifyXml(bent, cu.publicPem)).toMatchObject({ ok: false, code: 'MARKUP_CHARACTER' });
      expect(refusal(bent).code).toBe('REQUEST_INVALID');
    }
  });

  it('U+FEFF inside an attribute name, signed as such by the CU: one amount to the signature, another to the codec', () => {
    const xml = edit(payment({ amountPaise: 100 }), '<Amt amount="100"', '<Amt amount="100" x\uFEFFamount="99999900"');
    const signed = cuSign(xml, cu.privatePem); // xml-crypto signs it: to xmldom `x\uFEFFamount` is one name
    expect(xmlCryptoVerifies(signed, cu.publicPem)).toBe(true);
    expect(verifyXml(signed, cu.publicPem)).toMatchObject({ ok: false, code: 'MARKUP_CHARACTER' });
    expect(refusal(signed).code).toBe('REQUEST_INVALID');
    // every JS-only space is refused inside tags (start and end tags), U+0080 too (xmldom's own extra separator)
    const plain = cuSign(payment(), cu.privatePem);
    for (const c of ['\u00A0', '\u1680', '\u2000', '\u200A', '\u202F', '\u205F', '\u3000', '\uFEFF', '\u0080', '\v', '\f']) {
      expect(verifyXml(edit(plain, '<Amt amount=', `<Amt${c}amount=`), cu.publicPem)).toMatchObject({ ok: false, code: 'MARKUP_CHARACTER' });
      expect(verifyXml(edit(plain, '</ns2:BillPaymentRequest>', `</ns2:BillPaymentRequest${c}>`), cu.publicPem)).toMatchObject({ ok: false, code: 'MARKUP_CHARACTER' });
    }
  });

  it('two prefixes bound to one namespace for one attribute: xmldom keeps one silently; refused', () => {
    const xml = edit(payment(), '<Amt amount=', '<Amt xmlns:a="urn:x" xmlns:b="urn:x" a:amount="1" b:amount="2" amount=');
    const signed = cuSign(xml, cu.privatePem);
    expect(xmlCryptoVerifies(signed, cu.publicPem)).toBe(true);
    expect(verifyXml(signed, cu.publicPem)).toMatchObject({ ok: false, code: 'PARSER_REPAIR' });
    expect(refusal(signed)).toMatchObject({ code: 'SIGNATURE_MISMATCH' });
  });

  it('a prefix bound to "" (undeclaring is XML 1.1) is refused', () => {
    const signed = cuSign(edit(payment(), '<Amt amount=', '<Amt xmlns:a="" amount='), cu.privatePem);
    expect(verifyXml(signed, cu.publicPem)).toMatchObject({ ok: false, code: 'SIGNATURE_STRUCTURE' });
  });

  it('a Txn/@type other than the two BBPS values is refused, never read as a payment', () => {
    const signed = cuSign(edit(payment({ reversal: true }), 'type="REVERSAL TYPE REQUEST"', 'type="REVERSAL  TYPE REQUEST"'), cu.privatePem);
    const read = routeReads(signed);
    expect(() => toPaymentRequest(read.doc)).toThrow(expect.objectContaining({ code: 'REQUEST_INVALID', message: expect.stringContaining('Txn/@type') }));
  });
});

describe('legitimately readable documents read identically by both paths', () => {
  const bothRead = (verified: VerifyOk): [ParsedDocument, ParsedDocument] => [parseVerified(verified), parseBbps(verified.xml)];

  it('Unicode spaces and U+FEFF inside values, CRLF, character references and CDATA: accepted, one reading', () => {
    let xml = edit(payment(), 'name="Property ID"', 'name="Property&#x20;ID"');
    xml = edit(xml, '<Customer mobile="99XXXXX999"/>', '<Customer mobile="99XXXXX999"><Tag name="NAME" value="A\u00A0B\uFEFF\u3000C&#x20;D\r\nE"/></Customer>');
    xml = edit(xml, '</ns2:BillPaymentRequest>', '<Note><![CDATA[<x> & \u00A0]]>&amp;\r\n</Note></ns2:BillPaymentRequest>');
    const signed = cuSign(xml, cu.privatePem);
    const r = verifier(signed);
    expect(r.ok).toBe(true);
    const [dom, codec] = bothRead(r as VerifyOk);
    const customer = dom.root.children.find((c) => c.name === 'Customer');
    expect(customer?.children[0]?.attrs.get('value')).toBe('A\u00A0B\uFEFF\u3000C D E'); // CRLF → one space (XML 1.0)
    expect(dom.root.children.find((c) => c.name === 'Note')?.text).toBe('<x> & \u00A0&\n');
    const { request } = toPaymentRequest(dom);
    expect(request.params).toEqual([{ name: 'City', value: 'Amritsar' }, { name: 'Property ID', value: 'PB-PT-2023-04-12-000456' }]);
    expect(toPaymentRequest(codec).request).toEqual(request);
  });

  it('values holding "=", ">" and the other quote do not upset the attribute count', () => {
    const xml = edit(payment(), '<Customer mobile="99XXXXX999"/>', `<Customer mobile="99XXXXX999"><Tag name="a=b>c" value='x"y=z'/></Customer>`);
    const r = verifier(cuSign(xml, cu.privatePem));
    expect(r).toMatchObject({ ok: true });
    const [dom] = bothRead(r as VerifyOk);
    expect(dom.root.children.find((c) => c.name === 'Customer')?.children[0]?.attrs).toEqual(new Map([['name', 'a=b>c'], ['value', 'x"y=z']]));
  });

  it('both signed NPCI samples: verified, and the DOM and the codec read every field alike', () => {
    const pin = npciTestCertPem();
    for (const name of SIGNED_SAMPLES) {
      const r = verifyXml(readSample(name), pin);
      expect(r.ok).toBe(true);
      const [dom, codec] = bothRead(r as VerifyOk);
      expect(dom.api).toBe('BillFetchRequest');
      // the Signature is not covered by the signature: the verified tree leaves it out
      expect(dom.root.children.map((c) => c.name)).toEqual(codec.root.children.map((c) => c.name).filter((n) => n !== 'Signature'));
    }
  });

  it('the cross-check refuses when the codec reads the bytes differently from the verified DOM', () => {
    // a stand-in for a differential not yet known: the DOM of one document, the text of another
    const a = cuSign(payment({ amountPaise: 100 }), cu.privatePem);
    const r = verifier(a) as VerifyOk;
    expect(r.ok).toBe(true);
    const forged: VerifyOk = { ...r, xml: a.replace('amount="100"', 'amount="99999900"') };
    expect(() => parseVerified(forged)).toThrow(expect.objectContaining({ code: 'SIGNATURE_MISMATCH', message: expect.stringContaining('PARSER_DIFFERENTIAL') }));
  });
});
