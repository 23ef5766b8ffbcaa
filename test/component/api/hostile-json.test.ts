// Prototype-polluting names in JSON API bodies (design §7: parsed keys are never trusted as object
// keys): "__proto__", "constructor" and "prototype" as body keys, customer parameter names and ids get
// a clear problem or the correct business answer; nothing pollutes Object.prototype or pays. And a body
// declared in another charset than UTF-8 is refused (415), never read as UTF-8.
import { PT, startApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.stop());

const PARAMS = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
const key = () => h.clients['agent-01'].key;
const clean = () => expect(Object.keys(Object.prototype)).toEqual([]);
const fetchBody = (customerParams: string, extra = '') => `{"billerId":"${PT}","customerParams":${customerParams}${extra}}`;

test.each([
  ['a top-level "__proto__" object', fetchBody(JSON.stringify(PARAMS), ',"__proto__":{"polluted":true}')],
  ['a top-level "constructor" object', fetchBody(JSON.stringify(PARAMS), ',"constructor":{"prototype":{"polluted":true}}')],
  ['a customer parameter "__proto__" holding an object', fetchBody('{"City":"Amritsar","__proto__":{"polluted":true}}')],
])('%s → a 400 problem naming the body, nothing polluted', async (_name, body) => {
  const res = await h.post(key(), '/api/v1/bills/fetch', body);
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe('REQUEST_INVALID');
  clean();
});

test('customer parameters named "__proto__" / "constructor" with text values are unknown parameters: the bill is fetched', async () => {
  const res = await h.post(key(), '/api/v1/bills/fetch', fetchBody(JSON.stringify(PARAMS).replace('{', '{"__proto__":"x","constructor":"y",')));
  expect([res.status, res.body.code]).toEqual([200, undefined]);
  expect(res.body.bills.length).toBeGreaterThan(0);
  clean();
});

test.each([
  ['__proto__', 400, 'REQUEST_INVALID'], // not a biller id at all ('_' is not in one)
  ['constructor', 403, 'BILLER_NOT_ALLOWED'],
  ['prototype', 403, 'BILLER_NOT_ALLOWED'],
  ['hasOwnProperty', 403, 'BILLER_NOT_ALLOWED'],
])('billerId %s → %i %s, nothing polluted', async (billerId, status, code) => {
  const res = await h.post(key(), '/api/v1/bills/fetch', { billerId, customerParams: PARAMS });
  expect([res.status, res.body.code]).toEqual([status, code]);
  clean();
});

test('a City of "constructor" is an unknown tenant value (422 INVALID_CUSTOMER_PARAMS), not an Object.prototype key', async () => {
  const res = await h.post(key(), '/api/v1/bills/fetch', { billerId: PT, customerParams: { ...PARAMS, City: 'constructor' } });
  expect([res.status, res.body.code]).toEqual([422, 'INVALID_CUSTOMER_PARAMS']);
});

test.each(['application/json; charset=iso-8859-1', 'application/json; charset="utf-16"'])('Content-Type %s → 415 UNSUPPORTED_MEDIA_TYPE', async (type) => {
  const res = await h.post(key(), '/api/v1/bills/fetch', { billerId: PT, customerParams: PARAMS }, { 'content-type': type });
  expect([res.status, res.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
});

test.each(['application/json; charset=UTF-8', 'application/json;charset=utf8'])('Content-Type %s is UTF-8: the bill is fetched', async (type) => {
  const res = await h.post(key(), '/api/v1/bills/fetch', { billerId: PT, customerParams: PARAMS }, { 'content-type': type });
  expect(res.status).toBe(200);
});

test('a key written twice in one object (read first by one reader, last by another) → 400, nothing paid; written once, it pays', async () => {
  const fetched = await h.post(key(), '/api/v1/bills/fetch', { billerId: PT, customerParams: PARAMS });
  const bill = fetched.body.bills[0] as { billNumber: string; amountPaise: number };
  const paid = await h.svc.ledger.successTotals();
  const body = (bills: string) => `{"billerId":"${PT}","customerParams":${JSON.stringify(PARAMS)},"fetchId":"${fetched.body.fetchId}","clientReference":"hostile-json-dup-1","paymentMode":"UPI","bills":[${bills}]}`;
  const twice = await h.post(key(), '/api/v1/payments', body(`{"billNumber":"${bill.billNumber}","amountPaise":10000,"amountPaise":${bill.amountPaise}}`), { 'Idempotency-Key': 'hostile-json-dup-1' });
  expect([twice.status, twice.body.code]).toEqual([400, 'REQUEST_INVALID']);
  expect(twice.body.detail).toContain('"amountPaise" appears twice');
  const param = await h.post(key(), '/api/v1/bills/fetch', `{"billerId":"${PT}","customerParams":{"City":"Amritsar","City":"Jalandhar","Property ID":"PB-PT-2023-04-12-000456"}}`);
  expect([param.status, param.body.code]).toEqual([400, 'REQUEST_INVALID']);
  expect(await h.svc.ledger.successTotals()).toEqual(paid);
  const once = await h.post(key(), '/api/v1/payments', body(`{"billNumber":"${bill.billNumber}","amountPaise":${bill.amountPaise}}`), { 'Idempotency-Key': 'hostile-json-dup-2' });
  expect([once.status, once.body.status]).toEqual([201, 'SUCCESS']);
});
