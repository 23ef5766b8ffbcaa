// Every bad input gets HTTP 400 (413/415) with a Failure Ack naming the error, is recorded as rejected,
// and changes nothing else: no fetch, no payment, no DIGIT call.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attr, fetchXml, paymentXml } from '../support/messages';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { BBPS_MAX_BODY_BYTES: '4096' } });
});
afterAll(() => h.stop());

const PT = 'PBMC00000PUN01';
const params = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
const good = paymentXml({ billerId: PT, params, amountPaise: 150000, refId: 'HOSTILEREF00000000000000000000000001', txnReferenceId: 'HOSTILETXN0000000001' });
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'bbps', name), 'utf8');

const cases: Array<[string, string, string | Buffer, string, number?, string?]> = [
  ['not XML', 'BillPaymentRequest', 'this is not xml', 'REQUEST_INVALID'],
  ['empty body', 'BillPaymentRequest', '', 'REQUEST_INVALID'],
  ['wrong root', 'BillPaymentRequest', fetchXml({ billerId: PT, params }), 'REQUEST_INVALID'],
  ['DOCTYPE', 'BillPaymentRequest', good.replace('<ns2:BillPaymentRequest', '<!DOCTYPE x [<!ENTITY a "b">]><ns2:BillPaymentRequest'), 'DOCTYPE_NOT_ALLOWED'],
  ['external entity', 'BillFetchRequest', `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><ns2:BillFetchRequest xmlns:ns2="http://bbps.org/schema"><Head refId="&x;"/></ns2:BillFetchRequest>`, 'DOCTYPE_NOT_ALLOWED'],
  ['billion laughs', 'BillFetchRequest', `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>`, 'DOCTYPE_NOT_ALLOWED'],
  ['processing instruction', 'BillPaymentRequest', good.replace('<Head', '<?evil run?><Head'), 'REQUEST_INVALID'],
  ['UTF-16 declaration', 'BillPaymentRequest', good.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'REQUEST_INVALID'],
  ['invalid UTF-8', 'BillPaymentRequest', Buffer.concat([Buffer.from(good.slice(0, 200)), Buffer.from([0xc3, 0x28]), Buffer.from(good.slice(200))]), 'REQUEST_INVALID'],
  ['no Head', 'BillPaymentRequest', good.replace(/<Head [^>]*\/>/, ''), 'HEAD_REQUIRED'],
  ['no refId', 'BillPaymentRequest', good.replace(/refId="[^"]*"/, ''), 'HEAD_REQUIRED'],
  ['no Txn', 'BillPaymentRequest', good.replace(/<Txn [^>]*\/>/, ''), 'TXN_REQUIRED'],
  ['no txnReferenceId', 'BillPaymentRequest', good.replace(/txnReferenceId="[^"]*"/, ''), 'REQUEST_INVALID'],
  ['no biller', 'BillPaymentRequest', good.replace(/<Biller [^>]*\/>/, ''), 'BILLER_REQUIRED'],
  ['unknown biller', 'BillPaymentRequest', good.replace(PT, 'NOSUCHBILLER01'), 'INVALID_BILLER'],
  ['amount with decimals (public sample)', 'BillPaymentRequest', fixture('bbps-biller-integrator__BillPaymentRequest__2.xml'), 'REQUEST_INVALID'],
  ['negative amount', 'BillPaymentRequest', good.replace('amount="150000" custConvFee', 'amount="-150000" custConvFee'), 'REQUEST_INVALID'],
  ['amount with exponent', 'BillPaymentRequest', good.replace('amount="150000" custConvFee', 'amount="15e4" custConvFee'), 'REQUEST_INVALID'],
  ['two Head elements', 'BillPaymentRequest', good.replace(/(<Head [^>]*\/>)/, '$1$1'), 'REQUEST_INVALID'],
  ['duplicate attribute', 'BillPaymentRequest', good.replace('<Head ver="1.0"', '<Head ver="1.0" ver="2.0"'), 'REQUEST_INVALID'],
  ['second root', 'BillPaymentRequest', good + '<x/>', 'REQUEST_INVALID'],
  ['__proto__ element', 'BillPaymentRequest', good.replace('<Head', '<__proto__ polluted="yes"/><Head'), 'REQUEST_INVALID'],
  ['a reversal on the sync route', 'BillPaymentRequest', good.replace('FORWARD TYPE REQUEST', 'REVERSAL TYPE REQUEST'), 'REQUEST_INVALID'],
  ['60 customer parameters', 'BillPaymentRequest', good.replace('<CustomerParams>', `<CustomerParams>${Array.from({ length: 59 }, (_, i) => `<Tag name="P${i}" value="x"/>`).join('')}`), 'REQUEST_INVALID'],
  ['a parameter value of 2,000 characters', 'BillPaymentRequest', good.replace('value="Amritsar"', `value="${'A'.repeat(2000)}"`), 'REQUEST_INVALID'],
  ['too large', 'BillPaymentRequest', good.replace('<Head', `<Pad>${'x'.repeat(5000)}</Pad><Head`), 'PAYLOAD_TOO_LARGE', 413],
  ['JSON instead of XML', 'BillPaymentRequest', '{"a":1}', 'UNSUPPORTED_MEDIA_TYPE', 415, 'application/json'],
];

test.each(cases)('%s → refused with a Failure Ack, nothing changed', async (_name, api, body, errorCd, status = 400, type = 'application/xml') => {
  const before = { creates: h.sandbox.stats().createCalls, paid: await h.svc.ledger.successTotals() };
  const res = await h.post(`/bbps/sync/${api}`, body, type);
  expect(res.status).toBe(status);
  expect(res.body).toContain('<ns2:Ack ');
  expect(attr(res.body, 'Ack', 'RspCd')).toBe('Failure');
  expect(res.body).toContain(`<errorCd>${errorCd}</errorCd>`);
  expect(h.sandbox.stats().createCalls).toBe(before.creates);
  expect(await h.svc.ledger.successTotals()).toEqual(before.paid);
  expect(await h.svc.ledger.getPayment('HOSTILETXN0000000001')).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test('rejected messages are recorded as rejected', async () => {
  await h.post('/bbps/sync/BillPaymentRequest', good.replace(PT, 'NOSUCHBILLER01'));
  const msgs = await h.svc.ledger.findMessages({ refId: 'HOSTILEREF00000000000000000000000001', direction: 'IN' });
  expect(msgs.length).toBeGreaterThan(0);
  expect(msgs.every((m) => m.outcome?.startsWith('REJECTED:'))).toBe(true);
});

test('the realistic public samples are read (unknown billers are refused by id, not by parse)', async () => {
  for (const name of ['bbps-biller-integrator__BillFetchRequest__1.xml', 'bbps-biller-integrator__BillPaymentRequest__1.xml', 'bbps-biller-integrator__BillFetchRequest__2.xml']) {
    const api = name.includes('Fetch') ? 'BillFetchRequest' : 'BillPaymentRequest';
    const res = await h.post(`/bbps/sync/${api}`, fixture(name), 'text/xml');
    expect(res.status).toBe(400);
    expect(res.body).toContain('<errorCd>INVALID_BILLER</errorCd>');
  }
});

test('after all that, the good request still works', async () => {
  const res = await h.post('/bbps/sync/BillPaymentRequest', good);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
});
