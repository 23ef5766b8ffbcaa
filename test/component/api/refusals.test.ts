// What the JSON API refuses, as application/problem+json (RFC 9457): wrong or missing key, the rate
// limit with Retry-After, invalid bodies naming the field; each changes nothing.
import { expectConservation } from '../../support/harness';
import { freshProperty, PT, startApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
let key: string;
beforeAll(async () => {
  h = await startApiHarness({ clients: [{ id: 'slow-agent', key: 'bbk_slow-agent-key-for-rate-limit-tests-000000', billers: [PT], ratePerMinute: 3 }] });
  key = h.clients['agent-01'].key;
});
afterAll(async () => {
  await expectConservation(h.base);
  await h.stop();
});

const expectProblem = (res: { status: number; headers: Headers; body: any }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `urn:bbps-adapter:problem:${code}`, status, code, title: expect.any(String), detail: expect.any(String) });
};

test('no key or an unknown key: 401 problem with WWW-Authenticate, on every /api/v1 route', async () => {
  for (const path of ['/api/v1/billers', '/api/v1/payments/X', '/api/v1/transactions?from=2026-01-01&to=2026-01-02']) {
    const none = await h.get(undefined, path);
    expectProblem(none, 401, 'UNAUTHORIZED');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expectProblem(await h.get('bbk_not-a-key-anybody-has', path), 401, 'UNAUTHORIZED');
  }
  const calls = h.sandbox.stats().createCalls;
  expectProblem(await h.post('wrong', '/api/v1/payments', { billerId: PT }, { 'Idempotency-Key': 'k' }), 401, 'UNAUTHORIZED');
  expect(h.sandbox.stats().createCalls).toBe(calls);
});

test('helmet headers on the API', async () => {
  const res = await h.get(key, '/api/v1/billers');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(res.headers.get('x-powered-by')).toBeNull();
});

test('over the client\'s ratePerMinute: 429 problem with Retry-After; other clients unaffected', async () => {
  const slow = h.clients['slow-agent'].key;
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await h.get(slow, '/api/v1/billers'));
  expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
  expectProblem(answers[3], 429, 'RATE_LIMITED');
  const retryAfter = Number(answers[3].headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect((await h.get(key, '/api/v1/billers')).status).toBe(200);
});

test.each([
  ['a string amount', (b: any) => ({ ...b, bills: [{ ...b.bills[0], amountPaise: '150000' }] }), 'bills[0].amountPaise', 'must be integer'],
  ['a fractional amount', (b: any) => ({ ...b, bills: [{ ...b.bills[0], amountPaise: 1500.5 }] }), 'bills[0].amountPaise', 'must be integer'],
  ['a missing clientReference', (b: any) => ({ ...b, clientReference: undefined }), 'clientReference', 'is required'],
  ['an unknown field', (b: any) => ({ ...b, amountRupees: 1500 }), 'amountRupees', 'is not a known field'],
  ['an unknown payment mode', (b: any) => ({ ...b, paymentMode: 'Barter' }), 'paymentMode', 'must be equal to one of the allowed values'],
  ['no bills', (b: any) => ({ ...b, bills: [] }), 'bills', 'must NOT have fewer than 1 items'],
  ['a parameter that is not text', (b: any) => ({ ...b, customerParams: { ...b.customerParams, City: 7 } }), 'customerParams.City', 'must be string'],
  ['a clientReference with spaces', (b: any) => ({ ...b, clientReference: 'a b' }), 'clientReference', 'must match pattern'],
])('invalid body (%s): 400 naming the field, nothing recorded', async (_what, change, field, message) => {
  const params = freshProperty(h, 1500);
  const body = change({ billerId: PT, customerParams: params, clientReference: 'BAD-1', paymentMode: 'UPI', bills: [{ billNumber: 'B1', amountPaise: 150000 }] });
  const calls = h.sandbox.stats().createCalls;
  const res = await h.post(key, '/api/v1/payments', JSON.stringify(body), { 'Idempotency-Key': `bad-${_what.replace(/ /g, '-')}` });
  expectProblem(res, 400, 'REQUEST_INVALID');
  expect(res.body.detail).toContain(field);
  expect(res.body.errors).toContainEqual({ field, message: expect.stringContaining(message) });
  expect(h.sandbox.stats().createCalls).toBe(calls);
  // the key was never claimed: the corrected request goes through under it
  if (field === 'bills[0].amountPaise') {
    const fetched = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
    const good = { billerId: PT, customerParams: params, fetchId: fetched.body.fetchId, clientReference: `GOOD-${_what.replace(/ /g, '-')}`, paymentMode: 'UPI', bills: [{ billNumber: fetched.body.bills[0].billNumber, amountPaise: 150000 }] };
    expect((await h.post(key, '/api/v1/payments', good, { 'Idempotency-Key': `bad-${_what.replace(/ /g, '-')}` })).status).toBe(201);
  }
});

test('not JSON, and fetch bodies: 400 naming the field', async () => {
  const notJson = await h.post(key, '/api/v1/bills/fetch', '{"billerId":', {});
  expectProblem(notJson, 400, 'REQUEST_INVALID');
  expect(notJson.body.detail).toMatch(/not valid JSON/);
  const noParams = await h.post(key, '/api/v1/bills/fetch', { billerId: PT });
  expectProblem(noParams, 400, 'REQUEST_INVALID');
  expect(noParams.body.errors).toEqual([{ field: 'customerParams', message: 'is required' }]);
  const badBiller = await h.post(key, '/api/v1/bills/fetch', { billerId: 'PB-MC', customerParams: { a: 'b' } });
  expect(badBiller.body.errors).toEqual([expect.objectContaining({ field: 'billerId' })]);
});

test('business refusals carry the domain code of the BBPS code: parameters, unknown consumer, amount', async () => {
  const badRegex = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: { City: 'Amritsar', 'Property ID': 'nope' } });
  expectProblem(badRegex, 422, 'INVALID_CUSTOMER_PARAMS');
  const unknown = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: { City: 'Amritsar', 'Property ID': 'PB-PT-2000-01-01-999999' } });
  expectProblem(unknown, 404, 'UNKNOWN_CONSUMER');
  const params = freshProperty(h, 1500);
  const fetched = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
  const body = { billerId: PT, customerParams: params, fetchId: fetched.body.fetchId, clientReference: 'PAISE-1', paymentMode: 'UPI', bills: [{ billNumber: fetched.body.bills[0].billNumber, amountPaise: 150050 }] };
  const calls = h.sandbox.stats().createCalls;
  const res = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'paise-1' });
  expectProblem(res, 422, 'AMOUNT_NOT_ACCEPTED');
  expect(res.body).toMatchObject({ paymentStatus: 'FAILED', clientReference: 'PAISE-1', txnReferenceId: 'JSON:agent-01:PAISE-1' });
  expect(h.sandbox.stats().createCalls).toBe(calls);
  // the failure is the payment's answer: a GET says the same
  expect((await h.get(key, '/api/v1/payments/PAISE-1')).body).toEqual(res.body);
});

test('unknown route under /api: 404 problem', async () => {
  expectProblem(await h.get(key, '/api/v1/nothing-here'), 404, 'NOT_FOUND');
});
