// Idempotency-Key on POST /api/v1/payments over HTTP (design §3.4): replay with a header, another body
// 422, 20 concurrent copies → one DIGIT _create, keys per client, the key required.
import { expectConservation } from '../../support/harness';
import { digitPaymentsOf, freshProperty, PT, startApiHarness, TL, type ApiHarness } from './api-harness';

let h: ApiHarness;
let key: string;
beforeAll(async () => {
  h = await startApiHarness({ clients: [{ id: 'agent-03', key: 'bbk_third-client-key-for-tests-0000000000000', billers: [PT] }] });
  key = h.clients['agent-01'].key;
});
afterAll(async () => {
  await expectConservation(h.base);
  await h.stop();
});

async function payBody(clientReference: string, rupees = 1500) {
  const params = freshProperty(h, rupees);
  const fetched = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
  expect(fetched.status).toBe(200);
  return {
    billerId: PT, customerParams: params, fetchId: fetched.body.fetchId, clientReference, paymentMode: 'UPI',
    bills: [{ billNumber: fetched.body.bills[0].billNumber, amountPaise: rupees * 100 }],
  };
}

test('same key, same body: the stored answer replayed with Idempotent-Replayed, DIGIT not called again', async () => {
  const body = await payBody('IDEM-1');
  const first = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'idem-1' });
  expect(first.status).toBe(201);
  const calls = h.sandbox.stats().createCalls;
  // keys in another order, the same content: the same body
  const reordered = Object.fromEntries(Object.entries(body).reverse());
  const again = await h.post(key, '/api/v1/payments', reordered, { 'Idempotency-Key': 'idem-1' });
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body).toEqual(first.body);
  expect(h.sandbox.stats().createCalls).toBe(calls);
});

test('same key, different body: 422 IDEMPOTENCY_KEY_REUSED, nothing paid', async () => {
  const body = await payBody('IDEM-2');
  const first = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'idem-2' });
  expect(first.status).toBe(201);
  const other = await payBody('IDEM-2b');
  const calls = h.sandbox.stats().createCalls;
  const res = await h.post(key, '/api/v1/payments', other, { 'Idempotency-Key': 'idem-2' });
  expect(res.status).toBe(422);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'urn:bbps-adapter:problem:IDEMPOTENCY_KEY_REUSED', status: 422, code: 'IDEMPOTENCY_KEY_REUSED', title: expect.any(String), detail: expect.any(String) });
  expect(h.sandbox.stats().createCalls).toBe(calls);
  expect((await h.get(key, '/api/v1/payments/IDEM-2b')).status).toBe(404);
});

test('20 concurrent requests with one key: exactly one DIGIT _create, every answer the one receipt', async () => {
  const body = await payBody('IDEM-20');
  const before = h.sandbox.stats().createCalls;
  const answers = await Promise.all(Array.from({ length: 20 }, () => h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'idem-20' })));
  expect(h.sandbox.stats().createCalls).toBe(before + 1);
  expect(digitPaymentsOf(h, 'JSON:agent-01:IDEM-20')).toHaveLength(1);
  const ok = answers.filter((a) => a.status === 201);
  // the one answer, or 409 while the first was in flight (never a second payment, never a failure)
  for (const a of answers) expect([201, 409]).toContain(a.status);
  expect(ok.length).toBeGreaterThanOrEqual(1);
  const receipts = new Set(ok.map((a) => a.body.receipts[0].receiptNumber));
  expect(receipts.size).toBe(1);
  expect(answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
  for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
});

test('a new key for the same clientReference gets the same payment (PayBill replays), a different payment under it is refused', async () => {
  const body = await payBody('IDEM-REF');
  const first = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'idem-ref-a' });
  expect(first.status).toBe(201);
  const calls = h.sandbox.stats().createCalls;
  const second = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'idem-ref-b' });
  expect(second.status).toBe(201);
  expect(second.body.receipts).toEqual(first.body.receipts);
  const changed = await h.post(key, '/api/v1/payments', { ...body, paymentMode: 'Cash' }, { 'Idempotency-Key': 'idem-ref-c' });
  expect(changed.status).toBe(422);
  expect(changed.body).toMatchObject({ code: 'PAYMENT_CONTENT_MISMATCH', paymentStatus: 'FAILED' });
  const otherTxn = await h.post(key, '/api/v1/payments', { ...body, bbpsTxnReferenceId: 'XX01A123BCDEFGHIJKLM' }, { 'Idempotency-Key': 'idem-ref-d' });
  expect(otherTxn.status).toBe(422);
  expect(otherTxn.body.code).toBe('CLIENT_REFERENCE_REUSED');
  expect(h.sandbox.stats().createCalls).toBe(calls);
  // the first payment's answer is untouched
  expect((await h.get(key, '/api/v1/payments/IDEM-REF')).body).toEqual(first.body);
});

test('keys are per client: another client may use the same key and clientReference for its own payment', async () => {
  const third = h.clients['agent-03'].key;
  const mine = await payBody('SHARED-REF');
  const theirs = { ...(await payBody('SHARED-REF')) };
  const a = await h.post(key, '/api/v1/payments', mine, { 'Idempotency-Key': 'shared-key' });
  const b = await h.post(third, '/api/v1/payments', theirs, { 'Idempotency-Key': 'shared-key' });
  expect(a.status).toBe(201);
  expect(b.status).toBe(201);
  expect(b.headers.get('idempotent-replayed')).toBeNull();
  expect(a.body.txnReferenceId).toBe('JSON:agent-01:SHARED-REF');
  expect(b.body.txnReferenceId).toBe('JSON:agent-03:SHARED-REF');
  expect(a.body.receipts[0].receiptNumber).not.toBe(b.body.receipts[0].receiptNumber);
});

test('Idempotency-Key is required on payments', async () => {
  const body = await payBody('IDEM-NOKEY');
  const calls = h.sandbox.stats().createCalls;
  const res = await h.post(key, '/api/v1/payments', body);
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  const tooLong = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'k'.repeat(129) });
  expect(tooLong.status).toBe(400);
  expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'header Idempotency-Key' })]);
  expect(h.sandbox.stats().createCalls).toBe(calls);
  expect((await h.get(key, '/api/v1/payments/IDEM-NOKEY')).status).toBe(404);
});

test('another client\'s biller is 403, another client\'s payment is not found, its BBPS transaction id is taken', async () => {
  const body = await payBody('OWN-1');
  const paid = await h.post(key, '/api/v1/payments', { ...body, bbpsTxnReferenceId: 'XX01B000AAAABBBBCCCC' }, { 'Idempotency-Key': 'own-1' });
  expect(paid.status).toBe(201);
  const other = h.clients['agent-02'].key;
  const refused = await h.post(other, '/api/v1/bills/fetch', { billerId: PT, customerParams: body.customerParams });
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ code: 'BILLER_NOT_ALLOWED', status: 403 });
  const pay = await h.post(other, '/api/v1/payments', { ...body, clientReference: 'THEIRS' }, { 'Idempotency-Key': 'x' });
  expect(pay.status).toBe(403);
  const tl = await h.post(key, '/api/v1/bills/fetch', { billerId: TL, customerParams: { City: 'Amritsar', 'Application Number': 'PB-TL-2026-01-15-000321' } });
  expect(tl.status).toBe(403);
  for (const path of ['/api/v1/payments/OWN-1', '/api/v1/payments/OWN-1/receipts']) {
    const res = await h.get(h.clients['agent-03'].key, path);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('PAYMENT_NOT_FOUND');
  }
  // agent-03 naming agent-01's BBPS transaction id: refused, agent-01's receipt not shown
  const third = h.clients['agent-03'].key;
  const stolen = await h.post(third, '/api/v1/payments', { ...body, clientReference: 'STEAL', bbpsTxnReferenceId: 'XX01B000AAAABBBBCCCC' }, { 'Idempotency-Key': 'steal' });
  expect(stolen.status).toBe(409);
  expect(stolen.body.code).toBe('TXN_REFERENCE_TAKEN');
  expect(JSON.stringify(stolen.body)).not.toContain(paid.body.receipts[0].receiptNumber);
});
