// The hostile XML suite of issue 19 on the sync routes: entity attacks, DOCTYPE in every disguise, lying
// and unknown encodings, invalid UTF-8, repeated parameters and prototype-polluting names. Each body is
// refused with a Failure Ack naming its error, or (a harmless body) gets its correct business answer;
// none reaches DIGIT, stores a payment or pollutes Object.prototype. The structural floods (depth,
// attributes, elements, references, value length) are in structural-limits.test.ts.
import { attr, fetchXml, paymentXml } from '../support/messages';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const PT = 'PBMC00000PUN01';
const PARAMS = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
const TXN = 'HOSTILEXMLTXN0000001';
const pay = paymentXml({ billerId: PT, params: PARAMS, amountPaise: 150000, refId: 'HOSTILEXMLREF000000000000000000000001', txnReferenceId: TXN });
const fetch = fetchXml({ billerId: PT, params: PARAMS, refId: 'HOSTILEXMLREF000000000000000000000002' });
const bodyOf = (doc: string) => doc.slice(doc.indexOf('?>') + 2); // the document without its XML declaration
const DECL = '<?xml version="1.0" encoding="UTF-8"?>';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const bytes = (...parts: Array<string | number[] | Buffer>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
/** the payment with raw bytes put inside the City value */
const inValue = (raw: number[]) => {
  const at = pay.indexOf('Amritsar');
  return bytes(pay.slice(0, at), raw, pay.slice(at));
};
const withDtd = (dtd: string, doc = pay) => `${DECL}${dtd}${bodyOf(doc)}`;
const big = 'x'.repeat(40_000);

/** DIGIT calls other than logins: a refused body makes none */
const digitWork = () => h.sandbox.receivedCalls().filter((c) => c.route !== 'login').length;
const polluted = () => ['polluted', 'refId', 'value', 'name', 'x'].filter((k) => k in ({} as Record<string, unknown>));

type Case = [name: string, api: 'BillFetchRequest' | 'BillPaymentRequest', body: string | Buffer, errorCd: string, status?: number, contentType?: string];

const refusals: Case[] = [
  // entities: every DTD is refused before any parser sees it, so no entity is ever declared or expanded
  ['XXE: an external entity reading a file', 'BillPaymentRequest', withDtd('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', pay.replace('value="Amritsar"', 'value="&x;"')), 'DOCTYPE_NOT_ALLOWED'],
  ['XXE: an external entity over the network', 'BillFetchRequest', withDtd('<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/steal">]>', fetch.replace('value="Amritsar"', 'value="&x;"')), 'DOCTYPE_NOT_ALLOWED'],
  ['XXE: an external DTD by PUBLIC id', 'BillFetchRequest', withDtd('<!DOCTYPE r PUBLIC "-//x//y" "http://127.0.0.1:9/x.dtd">', fetch), 'DOCTYPE_NOT_ALLOWED'],
  ['XXE: a parameter entity', 'BillFetchRequest', withDtd('<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>', fetch), 'DOCTYPE_NOT_ALLOWED'],
  ['XXE: a parameter entity defining an entity (out-of-band exfiltration)', 'BillFetchRequest', withDtd('<!DOCTYPE r [<!ENTITY % f SYSTEM "file:///etc/hostname"><!ENTITY % e "<!ENTITY &#x25; x SYSTEM \'http://127.0.0.1:9/?%f;\'>"> %e; %x;]>', fetch), 'DOCTYPE_NOT_ALLOWED'],
  ['billion laughs', 'BillFetchRequest', withDtd(`<!DOCTYPE r [<!ENTITY a "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]>`, fetch.replace('value="Amritsar"', 'value="&j;"')), 'DOCTYPE_NOT_ALLOWED'],
  ['quadratic blowup (one 40 KB entity referenced 2,000 times)', 'BillFetchRequest', withDtd(`<!DOCTYPE r [<!ENTITY a "${big}">]>`, fetch.replace('<Head', `<Pad>${'&a;'.repeat(2000)}</Pad><Head`)), 'DOCTYPE_NOT_ALLOWED'],
  ['quadratic blowup without a DTD: 2,000 references to an undeclared entity', 'BillFetchRequest', fetch.replace('<Head', `<Pad>${'&a;'.repeat(2000)}</Pad><Head`), 'REQUEST_INVALID'],
  ['an ENTITY declaration without a DOCTYPE', 'BillFetchRequest', `${DECL}<!ENTITY a "b">${bodyOf(fetch)}`, 'DOCTYPE_NOT_ALLOWED'],
  // DOCTYPE in disguise
  ['DOCTYPE after a UTF-8 byte order mark', 'BillPaymentRequest', bytes(BOM, withDtd('<!DOCTYPE r>')), 'DOCTYPE_NOT_ALLOWED'],
  ['DOCTYPE after a comment', 'BillPaymentRequest', `${DECL}<!-- hello --><!DOCTYPE r>${bodyOf(pay)}`, 'DOCTYPE_NOT_ALLOWED'],
  ['DOCTYPE inside a comment', 'BillPaymentRequest', `${DECL}<!-- <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]> -->${bodyOf(pay)}`, 'DOCTYPE_NOT_ALLOWED'],
  ['lower-case <!doctype', 'BillPaymentRequest', withDtd('<!doctype r>'), 'DOCTYPE_NOT_ALLOWED'],
  ['mixed-case <!DocType', 'BillPaymentRequest', withDtd('<!DocType r>'), 'DOCTYPE_NOT_ALLOWED'],
  ['DOCTYPE without an XML declaration', 'BillPaymentRequest', `<!DOCTYPE r>${bodyOf(pay)}`, 'DOCTYPE_NOT_ALLOWED'],
  ['DOCTYPE inside a CDATA section', 'BillPaymentRequest', pay.replace('<Head', '<Note><![CDATA[<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>]]></Note><Head'), 'DOCTYPE_NOT_ALLOWED'],
  ['DOCTYPE after the root', 'BillPaymentRequest', `${pay}<!DOCTYPE r>`, 'DOCTYPE_NOT_ALLOWED'],
  ['DOCTYPE after a byte order mark written twice', 'BillPaymentRequest', bytes(BOM, BOM, withDtd('<!DOCTYPE r>')), 'DOCTYPE_NOT_ALLOWED'],
  // encodings: UTF-8 only, never guessed or converted
  ['declared ISO-8859-1 with UTF-8 bytes', 'BillPaymentRequest', pay.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('Amritsar', 'Amritsär'), 'REQUEST_INVALID'],
  ['declared UTF-16 with UTF-8 bytes', 'BillPaymentRequest', pay.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'REQUEST_INVALID'],
  ['UTF-16LE bytes after their byte order mark', 'BillPaymentRequest', bytes([0xff, 0xfe], Buffer.from(pay.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')), 'REQUEST_INVALID'],
  ['UTF-16BE bytes after their byte order mark', 'BillPaymentRequest', bytes([0xfe, 0xff], Buffer.from(pay.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le').swap16()), 'REQUEST_INVALID'],
  ['UTF-16LE bytes without a byte order mark', 'BillPaymentRequest', Buffer.from(pay, 'utf16le'), 'REQUEST_INVALID'],
  ['UTF-32 byte order mark', 'BillPaymentRequest', bytes([0, 0, 0xfe, 0xff], pay), 'REQUEST_INVALID'],
  ['two UTF-8 byte order marks before a document without a declaration', 'BillPaymentRequest', bytes(BOM, BOM, bodyOf(pay)), 'REQUEST_INVALID'],
  ['UTF-8 byte order mark before a UTF-16 declaration', 'BillPaymentRequest', bytes(BOM, pay.replace('encoding="UTF-8"', 'encoding="UTF-16"')), 'REQUEST_INVALID'],
  ['Content-Type charset=ISO-8859-1 (a declared encoding, even with UTF-8 bytes)', 'BillPaymentRequest', pay, 'UNSUPPORTED_MEDIA_TYPE', 415, 'application/xml; charset=ISO-8859-1'],
  ['Content-Type charset=utf-16', 'BillPaymentRequest', pay, 'UNSUPPORTED_MEDIA_TYPE', 415, 'text/xml; charset="utf-16"'],
  ['Content-Type with two charsets (the first UTF-8)', 'BillPaymentRequest', pay, 'UNSUPPORTED_MEDIA_TYPE', 415, 'application/xml; charset=utf-8; charset=iso-8859-1'],
  ['Content-Type with an empty charset', 'BillPaymentRequest', pay, 'UNSUPPORTED_MEDIA_TYPE', 415, 'application/xml; charset='],
  // invalid UTF-8
  ['invalid UTF-8: overlong "/" (C0 AF)', 'BillPaymentRequest', inValue([0xc0, 0xaf]), 'REQUEST_INVALID'],
  ['invalid UTF-8: overlong "<" in three bytes (E0 80 BC)', 'BillPaymentRequest', inValue([0xe0, 0x80, 0xbc]), 'REQUEST_INVALID'],
  ['invalid UTF-8: an encoded surrogate (ED A0 80)', 'BillPaymentRequest', inValue([0xed, 0xa0, 0x80]), 'REQUEST_INVALID'],
  ['invalid UTF-8: a surrogate pair encoded as two (CESU-8)', 'BillPaymentRequest', inValue([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]), 'REQUEST_INVALID'],
  ['invalid UTF-8: truncated in a value (E0 A4)', 'BillPaymentRequest', inValue([0xe0, 0xa4]), 'REQUEST_INVALID'],
  ['invalid UTF-8: truncated at the end of the body', 'BillPaymentRequest', bytes(pay, [0xe0, 0xa4]), 'REQUEST_INVALID'],
  ['invalid UTF-8: beyond U+10FFFF (F4 90 80 80)', 'BillPaymentRequest', inValue([0xf4, 0x90, 0x80, 0x80]), 'REQUEST_INVALID'],
  ['invalid UTF-8: a stray continuation byte', 'BillPaymentRequest', inValue([0x80]), 'REQUEST_INVALID'],
  ['a character reference to a surrogate', 'BillPaymentRequest', pay.replace('value="Amritsar"', 'value="&#xD800;"'), 'REQUEST_INVALID'],
  // repeated elements and parameters where one is expected: never guessed between
  ['a customer parameter given twice', 'BillPaymentRequest', pay.replace('<Tag name="City" value="Amritsar"/>', '<Tag name="City" value="Amritsar"/><Tag name="City" value="Jalandhar"/>'), 'REQUEST_INVALID'],
  ['a customer parameter given twice, the second by character references', 'BillPaymentRequest', pay.replace('<Tag name="City" value="Amritsar"/>', '<Tag name="City" value="Amritsar"/><Tag name="&#67;ity" value="Jalandhar"/>'), 'REQUEST_INVALID'],
  ['two Amt elements', 'BillPaymentRequest', pay.replace(/(<Amt [^>]*\/>)/, '$1<Amt amount="1" custConvFee="0" currency="356"/>'), 'REQUEST_INVALID'],
  ['two Amount elements', 'BillPaymentRequest', pay.replace(/(<Amount>.*<\/Amount>)/, '$1$1'), 'REQUEST_INVALID'],
  ['two Biller elements', 'BillPaymentRequest', pay.replace(/(<Biller [^>]*\/>)/, '$1<Biller id="AMRW00000PUN01"/>'), 'REQUEST_INVALID'],
  ['two BillDetails elements', 'BillPaymentRequest', pay.replace(/(<BillDetails>.*<\/BillDetails>)/, '$1$1'), 'REQUEST_INVALID'],
  ['two CustomerParams elements', 'BillFetchRequest', fetch.replace(/(<CustomerParams>.*<\/CustomerParams>)/, '$1$1'), 'REQUEST_INVALID'],
  ['two Txn elements', 'BillPaymentRequest', pay.replace(/(<Txn [^>]*\/>)/, '$1$1'), 'REQUEST_INVALID'],
  ['the same attribute twice on Amt', 'BillPaymentRequest', pay.replace('<Amt amount="150000"', '<Amt amount="150000" amount="1"'), 'REQUEST_INVALID'],
  // prototype-polluting names: refused as names, never turned into object keys
  ['an element named __proto__', 'BillPaymentRequest', pay.replace('<Head', '<__proto__ polluted="yes"/><Head'), 'REQUEST_INVALID'],
  ['an element named constructor', 'BillPaymentRequest', pay.replace('<Head', '<constructor><prototype polluted="yes"/></constructor><Head'), 'REQUEST_INVALID'],
  ['an element named ns2:prototype', 'BillPaymentRequest', pay.replace('<Head', '<ns2:prototype/><Head'), 'REQUEST_INVALID'],
  ['a root named __proto__', 'BillPaymentRequest', `${DECL}<__proto__ polluted="yes"><Head refId="X"/></__proto__>`, 'REQUEST_INVALID'],
  ['an attribute named __proto__', 'BillPaymentRequest', pay.replace('<Head ', '<Head __proto__="polluted" '), 'REQUEST_INVALID'],
  ['an attribute named constructor', 'BillPaymentRequest', pay.replace('<Amt ', '<Amt constructor="x" '), 'REQUEST_INVALID'],
  ['an attribute named prototype', 'BillFetchRequest', fetch.replace('<Tag name="City"', '<Tag prototype="x" name="City"'), 'REQUEST_INVALID'],
  ['a prefixed attribute named x:__proto__', 'BillFetchRequest', fetch.replace('<Head ', '<Head xmlns:x="urn:x" x:__proto__="polluted" '), 'REQUEST_INVALID'],
  ['billerId __proto__', 'BillPaymentRequest', pay.replace(`id="${PT}"`, 'id="__proto__"'), 'INVALID_BILLER'],
  ['billerId constructor', 'BillFetchRequest', fetch.replace(`id="${PT}"`, 'id="constructor"'), 'INVALID_BILLER'],
  ['billerId prototype', 'BillFetchRequest', fetch.replace(`id="${PT}"`, 'id="prototype"'), 'INVALID_BILLER'],
  ['billerId hasOwnProperty', 'BillPaymentRequest', pay.replace(`id="${PT}"`, 'id="hasOwnProperty"'), 'INVALID_BILLER'],
];

test.each(refusals)('%s → refused with a Failure Ack naming it; nothing reaches DIGIT', async (_name, api, body, errorCd, status = 400, type = 'application/xml') => {
  const before = { digit: digitWork(), creates: h.sandbox.stats().createCalls, paid: await h.svc.ledger.successTotals() };
  const res = await h.post(`/bbps/sync/${api}`, body, type);
  expect([res.status, attr(res.body, 'Ack', 'RspCd')]).toEqual([status, 'Failure']);
  expect(res.body).toContain(`<errorCd>${errorCd}</errorCd>`);
  expect(res.body).not.toMatch(/<!DOCTYPE|<!ENTITY|root:/i); // nothing of a DTD or a read file comes back
  expect(digitWork()).toBe(before.digit);
  expect(h.sandbox.stats().createCalls).toBe(before.creates);
  expect(await h.svc.ledger.successTotals()).toEqual(before.paid);
  expect(await h.svc.ledger.getPayment(TXN)).toBeUndefined();
  expect(polluted()).toEqual([]);
});

// Harmless bodies with hostile-looking content get their ordinary business answer: a reference that
// decodes to '<!DOCTYPE' is text, a parameter named __proto__ is an unknown parameter, an id spelled
// __proto__ is an opaque id like any other.
describe('hostile-looking but harmless → the correct business answer', () => {
  const fetchWith = (params: Record<string, string>, refId: string) => fetchXml({ billerId: PT, params, refId });
  const reason = (xml: string) => ({ code: attr(xml, 'Reason', 'responseCode'), compliance: attr(xml, 'Reason', 'complianceRespCd') });

  test('&#60;!DOCTYPE … in a value is text: never a DOCTYPE, echoed escaped, no bill for it (BFR002)', async () => {
    const digit = digitWork();
    const value = '&#60;!DOCTYPE r [&#60;!ENTITY x SYSTEM &#34;file:///etc/passwd&#34;&#62;]&#62;&#38;x;';
    const body = fetchWith(PARAMS, 'HOSTILEXMLREF0000000000000000000DOC1').replace('value="PB-PT-2023-04-12-000456"', `value="${value}"`);
    const res = await h.post('/bbps/sync/BillFetchRequest', body);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<ns2:BillFetchResponse');
    expect(reason(res.body)).toEqual({ code: '200', compliance: 'BFR002' }); // the Property ID does not match its pattern
    expect(res.body).not.toMatch(/<!DOCTYPE|<!ENTITY|root:/i);
    expect(digitWork()).toBe(digit); // refused by the biller's parameter rules before DIGIT
  });

  test.each(['application/xml; charset=UTF-8', 'text/xml;charset="utf-8"', 'application/xml; charset=utf8'])('Content-Type %s is UTF-8: the fetch is answered', async (type) => {
    const res = await h.post('/bbps/sync/BillFetchRequest', fetchWith(PARAMS, `HOSTILEXMLREF0000000000000UTF8${type.length.toString().padStart(5, '0')}`), type);
    expect([res.status, reason(res.body).code]).toEqual([200, '000']);
  });

  test('a UTF-8 byte order mark before the document is removed: the fetch is answered', async () => {
    const res = await h.post('/bbps/sync/BillFetchRequest', bytes(BOM, fetchWith(PARAMS, 'HOSTILEXMLREF00000000000000000BOM001')));
    expect([res.status, reason(res.body).code]).toEqual([200, '000']);
  });

  test('a customer parameter named __proto__ or constructor is an unknown parameter: the fetch is answered', async () => {
    const res = await h.post('/bbps/sync/BillFetchRequest', fetchWith({ ...PARAMS, __proto__: 'polluted', constructor: 'x', prototype: 'y' }, 'HOSTILEXMLREF00000000000000000PROTO1'));
    expect(res.status).toBe(200);
    expect(reason(res.body).code).toBe('000');
    expect(polluted()).toEqual([]);
  });

  test('a tenant value constructor or __proto__ is an unknown city (BFR002), not an Object.prototype key', async () => {
    for (const city of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await h.post('/bbps/sync/BillFetchRequest', fetchWith({ ...PARAMS, City: city }, `HOSTILEXMLREF0000000000000CITY${city.length.toString().padStart(5, '0')}`));
      expect([city, res.status, reason(res.body)]).toEqual([city, 200, { code: '200', compliance: 'BFR002' }]);
    }
  });

  test('a Property ID of __proto__ does not match its pattern (BFR002)', async () => {
    const res = await h.post('/bbps/sync/BillFetchRequest', fetchWith({ ...PARAMS, 'Property ID': '__proto__' }, 'HOSTILEXMLREF00000000000000000PROTO2'));
    expect(reason(res.body)).toEqual({ code: '200', compliance: 'BFR002' });
  });

  test('refId, msgId and txnReferenceId __proto__ / constructor are opaque ids: paid once each, found again by them', async () => {
    const paidBefore = await h.svc.ledger.successTotals();
    const one = paymentXml({ billerId: PT, params: PARAMS, amountPaise: 100000, refId: '__proto__', msgId: 'constructor', txnReferenceId: '__proto__' });
    const res = await h.post('/bbps/sync/BillPaymentRequest', one);
    expect([res.status, reason(res.body).code]).toEqual([200, '000']);
    expect(attr(res.body, 'Head', 'refId')).toBe('__proto__');
    const stored = await h.svc.ledger.getPayment('__proto__');
    expect(stored).toMatchObject({ state: 'SUCCESS', refId: '__proto__', msgId: 'constructor', request: { amountPaise: 100000 } });
    // the same request again is a replay: the same answer, no second DIGIT payment
    const creates = h.sandbox.stats().createCalls;
    const again = await h.post('/bbps/sync/BillPaymentRequest', one);
    expect(reason(again.body).code).toBe('000');
    expect(h.sandbox.stats().createCalls).toBe(creates);
    // another txnReferenceId of Object.prototype's is another payment, not the one above
    expect(await h.svc.ledger.getPayment('constructor')).toBeUndefined();
    const other = await h.post('/bbps/sync/BillPaymentRequest', paymentXml({ billerId: PT, params: { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' }, amountPaise: 20000, refId: 'constructor', txnReferenceId: 'constructor' }));
    expect(reason(other.body).code).toBe('000');
    expect(await h.svc.ledger.getPayment('constructor')).toMatchObject({ state: 'SUCCESS', request: { amountPaise: 20000 } });
    const paid = await h.svc.ledger.successTotals();
    expect(paid).toEqual({ count: paidBefore.count + 2, sumPaise: paidBefore.sumPaise + 120000 });
    expect(polluted()).toEqual([]);
  });
});
