// The hostile XML suite on the network-mode routes (POST /bbps/{Api}/1.0/urn:referenceId:{refId} and
// ResDiagnostic): a hostile, malformed or oversized body gets a Failure Ack (400, 413 or 415), never a
// Successful one, and nothing is stored as accepted: no work item, no payment, no DIGIT call, no
// callback. Run unsigned (the body reaches the codec) and signed (the pre-scan refuses it before the
// verifier's DOM reads it; a body that passes the pre-scan is signed with the pinned CU key, so that the
// refusal is the codec's, not G27 for a missing signature).
import { guardXml } from '../../../src/bbps';
import { cuRequests, cuSign } from '../../../src/simulators/bbps-cu';
import { attr, fetchXml, newId, paymentXml } from '../../support/messages';
import { postHead, rawExchange, statusOf } from '../../support/raw-http';
import { startNetwork, type Network } from './network-harness';

const PT = 'PBMC00000PUN01';
const PARAMS = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
const LIMIT = 262144; // BBPS_MAX_BODY_BYTES's default
type Api = 'BillFetchRequest' | 'BillPaymentRequest' | 'BillValidationRequest' | 'TxnStatusRequest' | 'ResDiagnostic';

const DECL = '<?xml version="1.0" encoding="UTF-8"?>';
const docFor = (api: Api, refId: string, txn: string): string => {
  switch (api) {
    case 'BillFetchRequest': return fetchXml({ billerId: PT, params: PARAMS, refId });
    case 'BillPaymentRequest': return paymentXml({ billerId: PT, params: PARAMS, amountPaise: 150000, refId, txnReferenceId: txn });
    case 'BillValidationRequest': return cuRequests.validationRequest({ refId, billerId: PT, params: Object.entries(PARAMS), origInst: 'BBCU', amountPaise: 150000 });
    case 'TxnStatusRequest': return cuRequests.statusRequest({ refId, origInst: 'BBCU', txnReferenceId: txn });
    case 'ResDiagnostic': return cuRequests.resDiagnostic(refId, 'BBCU');
  }
};
const withoutDecl = (doc: string) => doc.slice(doc.indexOf('?>') + 2);
const atHead = (doc: string, extra: string) => doc.replace('<Head', `${extra}<Head`);
const inCity = (doc: string, raw: number[]) => {
  const at = doc.indexOf('Amritsar');
  return Buffer.concat([Buffer.from(doc.slice(0, at)), Buffer.from(raw), Buffer.from(doc.slice(at))]);
};

type Hostile = [name: string, api: Api, make: (doc: string) => string | Buffer, errorCd: string, status?: number, contentType?: string];
const hostile: Hostile[] = [
  ['XXE (file)', 'BillFetchRequest', (d) => `${DECL}<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${withoutDecl(d).replace('value="Amritsar"', 'value="&x;"')}`, 'DOCTYPE_NOT_ALLOWED'],
  ['XXE (network)', 'BillPaymentRequest', (d) => `${DECL}<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/">]>${withoutDecl(d).replace('value="Amritsar"', 'value="&x;"')}`, 'DOCTYPE_NOT_ALLOWED'],
  ['XXE (parameter entity)', 'BillValidationRequest', (d) => `${DECL}<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>${withoutDecl(d)}`, 'DOCTYPE_NOT_ALLOWED'],
  ['billion laughs', 'TxnStatusRequest', (d) => `${DECL}<!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>${withoutDecl(d).replace(/txnReferenceId="[^"]*"/, 'txnReferenceId="&c;"')}`, 'DOCTYPE_NOT_ALLOWED'],
  ['a DOCTYPE on the heartbeat answer', 'ResDiagnostic', (d) => `${DECL}<!DOCTYPE r>${withoutDecl(d)}`, 'DOCTYPE_NOT_ALLOWED'],
  ['lower-case <!doctype after a byte order mark', 'BillPaymentRequest', (d) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${DECL}<!doctype r>${withoutDecl(d)}`)]), 'DOCTYPE_NOT_ALLOWED'],
  ['DOCTYPE in a CDATA section', 'BillFetchRequest', (d) => atHead(d, '<N><![CDATA[<!DOCTYPE r>]]></N>'), 'DOCTYPE_NOT_ALLOWED'],
  ['declared ISO-8859-1', 'BillPaymentRequest', (d) => d.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'REQUEST_INVALID'],
  ['UTF-16 with its byte order mark', 'BillFetchRequest', (d) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(d.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]), 'REQUEST_INVALID'],
  ['Content-Type charset=iso-8859-1', 'BillPaymentRequest', (d) => d, 'UNSUPPORTED_MEDIA_TYPE', 415, 'application/xml; charset=iso-8859-1'],
  ['invalid UTF-8 (overlong)', 'BillPaymentRequest', (d) => inCity(d, [0xc0, 0xaf]), 'REQUEST_INVALID'],
  ['invalid UTF-8 (encoded surrogate)', 'BillValidationRequest', (d) => inCity(d, [0xed, 0xa0, 0x80]), 'REQUEST_INVALID'],
  ['invalid UTF-8 (truncated)', 'BillFetchRequest', (d) => inCity(d, [0xe0, 0xa4]), 'REQUEST_INVALID'],
  ['a processing instruction', 'TxnStatusRequest', (d) => atHead(d, '<?x y?>'), 'REQUEST_INVALID'],
  ['an element named __proto__', 'BillValidationRequest', (d) => atHead(d, '<__proto__ polluted="yes"/>'), 'REQUEST_INVALID'],
  ['an attribute named constructor', 'TxnStatusRequest', (d) => d.replace('<TxnStatusReq ', '<TxnStatusReq constructor="x" '), 'REQUEST_INVALID'],
  ['billerId __proto__', 'BillFetchRequest', (d) => d.replace(`id="${PT}"`, 'id="__proto__"'), 'INVALID_BILLER'],
  ['a customer parameter given twice', 'BillPaymentRequest', (d) => d.replace('<Tag name="City" value="Amritsar"/>', '<Tag name="City" value="Amritsar"/><Tag name="City" value="Jalandhar"/>'), 'REQUEST_INVALID'],
  ['two Amt elements', 'BillPaymentRequest', (d) => d.replace(/(<Amt [^>]*\/>)/, '$1$1'), 'REQUEST_INVALID'],
  ['33 attributes on one element', 'BillPaymentRequest', (d) => d.replace('<Head ', `<Head ${Array.from({ length: 33 }, (_, i) => `a${i}="x"`).join(' ')} `), 'TOO_MANY_ATTRIBUTES'],
  ['nesting 40 deep', 'BillFetchRequest', (d) => atHead(d, `${'<d>'.repeat(40)}${'</d>'.repeat(40)}`), 'XML_TOO_DEEP'],
  ['5,000 numeric references', 'BillValidationRequest', (d) => atHead(d, `<x>${'&#65;'.repeat(5000)}</x>`), 'TOO_MANY_REFERENCES'],
  ['2,000 elements', 'TxnStatusRequest', (d) => atHead(d, '<e/>'.repeat(2000)), 'TOO_MANY_ELEMENTS'],
  ['a value of 20,000 characters', 'BillPaymentRequest', (d) => d.replace('value="Amritsar"', `value="${'A'.repeat(20_000)}"`), 'VALUE_TOO_LONG'],
  ['a body over BBPS_MAX_BODY_BYTES', 'BillPaymentRequest', (d) => atHead(d, `<Pad>${'x'.repeat(LIMIT)}</Pad>`), 'PAYLOAD_TOO_LARGE', 413],
  ['a body over BBPS_MAX_BODY_BYTES on the heartbeat answer', 'ResDiagnostic', (d) => atHead(d, `<Pad>${'x'.repeat(LIMIT)}</Pad>`), 'PAYLOAD_TOO_LARGE', 413],
  ['not XML', 'BillFetchRequest', () => 'hello', 'REQUEST_INVALID'],
  ['JSON', 'BillPaymentRequest', () => '{"refId":"x"}', 'UNSUPPORTED_MEDIA_TYPE', 415, 'application/json'],
];

describe.each([['unsigned', false], ['signed', true]] as const)('%s network mode', (_mode, signed) => {
  let n: Network;
  beforeAll(async () => {
    n = await startNetwork({ signed });
  });
  afterAll(async () => n?.stop());

  const digitWork = () => n.h.sandbox.receivedCalls().filter((c) => c.route !== 'login').length;
  /** signed mode: a body the pre-scan passes is signed by the CU; one it refuses is sent as it is */
  const signedIfPossible = (body: string | Buffer) => {
    if (!signed || typeof body !== 'string') return body;
    try {
      guardXml(body);
    } catch {
      return body;
    }
    return cuSign(body, n.cuKeys.privatePem);
  };
  const url = (api: Api, refId: string) => `/bbps/${api}/1.0/urn:referenceId:${refId}`;

  test.each(hostile)('%s (%s) → a Failure Ack, nothing accepted', async (_name, api, make, errorCd, status = 400, type = 'application/xml') => {
    const refId = newId();
    const txn = newId(20);
    const before = { digit: digitWork(), creates: n.h.sandbox.stats().createCalls, pending: await n.h.svc.ledger.countOutbox('PENDING'), received: n.cu.received.length };
    const res = await n.h.post(url(api, refId), signedIfPossible(make(docFor(api, refId, txn))), type);
    expect([res.status, attr(res.body, 'Ack', 'RspCd')]).toEqual([status, 'Failure']);
    expect(res.body).toContain(`<errorCd>${errorCd}</errorCd>`);
    expect(await n.h.svc.ledger.getOutbox(`work:${api}:${refId}`)).toBeUndefined();
    expect(await n.h.svc.ledger.countOutbox('PENDING')).toBe(before.pending);
    expect(await n.h.svc.ledger.getPayment(txn)).toBeUndefined();
    const recorded = await n.h.svc.ledger.findMessages({ refId, direction: 'IN' });
    expect(recorded.filter((m) => !m.outcome?.startsWith('REJECTED:'))).toEqual([]);
    expect(digitWork()).toBe(before.digit);
    expect(n.h.sandbox.stats().createCalls).toBe(before.creates);
    expect(n.cu.received.length).toBe(before.received); // no callback for it, now or later
    expect('polluted' in ({} as Record<string, unknown>)).toBe(false);
  });

  test('size before work: a Content-Length over the limit gets 413 before the body is sent, on every async route', async () => {
    for (const api of ['BillFetchRequest', 'BillPaymentRequest', 'BillValidationRequest', 'TxnStatusRequest', 'ResDiagnostic'] as const) {
      const refId = newId();
      const head = postHead(url(api, refId), { 'Content-Type': 'application/xml', 'Content-Length': 10 * 1024 * 1024 });
      const { answer, sentAfterHead } = await rawExchange(n.h.svc.url, head, { first: 'x'.repeat(1024) });
      expect([api, statusOf(answer)]).toEqual([api, 413]);
      expect(answer).toContain('<errorCd>PAYLOAD_TOO_LARGE</errorCd>');
      expect(answer).toMatch(/\r\nConnection: close\r\n/i); // the rest is never read
      expect(sentAfterHead).toBe(1024);
      expect(await n.h.svc.ledger.getOutbox(`work:${api}:${refId}`)).toBeUndefined();
    }
  });

  test('size before work: a chunked body is cut off with 413 soon after it passes the limit', async () => {
    const refId = newId();
    const head = postHead(url('BillPaymentRequest', refId), { 'Content-Type': 'application/xml', 'Transfer-Encoding': 'chunked' });
    const chunk = 'x'.repeat(16 * 1024);
    const frame = `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    const { answer, sentAfterHead } = await rawExchange(n.h.svc.url, head, { first: frame, more: () => frame });
    expect(statusOf(answer)).toBe(413);
    expect(answer).toContain('<errorCd>PAYLOAD_TOO_LARGE</errorCd>');
    expect(sentAfterHead).toBeLessThan(LIMIT + 40 * frame.length);
    expect(await n.h.svc.ledger.getOutbox(`work:BillPaymentRequest:${refId}`)).toBeUndefined();
  });

  test('a 10 MB body sent whole → 413, not 400', async () => {
    const refId = newId();
    const body = atHead(docFor('BillPaymentRequest', refId, newId(20)), `<Pad>${'x'.repeat(10 * 1024 * 1024)}</Pad>`);
    const res = await n.h.post(url('BillPaymentRequest', refId), body);
    expect(res.status).toBe(413);
    expect(res.body).toContain('<errorCd>PAYLOAD_TOO_LARGE</errorCd>');
    expect(await n.h.svc.ledger.getOutbox(`work:BillPaymentRequest:${refId}`)).toBeUndefined();
  });

  test('ids spelled __proto__ and constructor are opaque ids: the payment is accepted, answered and found by its status query', async () => {
    const paid = await n.cu.pay({ billerId: PT, params: PARAMS, amountPaise: 150000, refId: '__proto__', txnReferenceId: '__proto__' });
    expect(paid.ack?.ok).toBe(true);
    const answer = await n.cu.waitFor('BillPaymentResponse', '__proto__');
    expect(answer.message?.reason.responseCode).toBe('000');
    expect(await n.h.svc.ledger.getPayment('__proto__')).toMatchObject({ state: 'SUCCESS', refId: '__proto__' });
    const status = await n.cu.status({ txnReferenceId: '__proto__', refId: 'constructor' });
    expect(status.ack?.ok).toBe(true);
    const found = await n.cu.waitFor('TxnStatusResponse', 'constructor');
    expect(found.body).toContain('txnReferenceId="__proto__"');
    expect(found.message?.reason.responseCode).toBe('000');
    expect('polluted' in ({} as Record<string, unknown>)).toBe(false);
  });
});
