// The JSON API when DIGIT misbehaves: DIGIT unreachable is never "unknown consumer"; an unknown
// outcome (commit-then-hang) is 202 PENDING, never a failure, and resolves to the one receipt.
import { createDigitSandbox, type DigitSandbox } from '../../../src/simulators/digit';
import { expectConservation } from '../../support/harness';
import { digitPaymentsOf, freshProperty, PT, startApiHarness, type ApiHarness } from './api-harness';

describe('DIGIT faulty but reachable', () => {
  let h: ApiHarness;
  let key: string;
  beforeAll(async () => {
    h = await startApiHarness({ env: { BBPS_SYNC_DEADLINE_MS: '1500', DIGIT_TIMEOUT_MS: '400' } });
    key = h.clients['agent-01'].key;
  });
  afterEach(() => h.sandbox.clearFaults());
  afterAll(async () => {
    await expectConservation(h.base);
    await h.stop();
  });

  /** DIGIT's client opens its circuit after repeated outages (2 s): poll until an answer is final */
  async function eventually(call: () => Promise<{ status: number }>, done: (r: { status: number }) => boolean) {
    const until = Date.now() + 15_000;
    for (;;) {
      const res = await call();
      if (done(res) || Date.now() > until) return res;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function payBody(clientReference: string) {
    const params = freshProperty(h, 1500);
    const fetched = await eventually(() => h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params }), (r) => r.status !== 503) as Awaited<ReturnType<ApiHarness['post']>>;
    expect(fetched.status).toBe(200);
    return { billerId: PT, customerParams: params, fetchId: fetched.body.fetchId, clientReference, paymentMode: 'UPI', bills: [{ billNumber: fetched.body.bills[0].billNumber, amountPaise: 150000 }] };
  }

  test('DIGIT down while fetching: 503 BILLER_UNAVAILABLE, never UNKNOWN_CONSUMER', async () => {
    const params = freshProperty(h, 1500);
    h.sandbox.setFault({ route: 'fetchbill', mode: 'down' });
    const res = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('BILLER_UNAVAILABLE');
    // no bill due and the history search failing: still not an unknown consumer
    h.sandbox.clearFaults();
    h.sandbox.setFault({ route: 'billsearch', mode: 'error5xx', status: 503 });
    const unknown = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: { City: 'Amritsar', 'Property ID': 'PB-PT-2000-01-01-999998' } });
    expect(unknown.status).toBe(503);
    expect(unknown.body.code).toBe('BILLER_UNAVAILABLE');
  });

  test('commit-then-hang with search down: 202 PENDING; the repeat with the key gets the one receipt, no second _create', async () => {
    const body = await payBody('HANG-1');
    const before = h.sandbox.stats();
    h.sandbox.setFault({ route: 'create', mode: 'commitThenHang', times: 1 });
    h.sandbox.setFault({ route: 'paymentsearch', mode: 'down' });
    const first = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'hang-1' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ clientReference: 'HANG-1', status: 'PENDING', receipts: [] });
    // while unknown, a status read is PENDING too: never a failure
    const pending = await h.get(key, '/api/v1/payments/HANG-1');
    expect(pending.status).toBe(202);
    expect(pending.body.status).toBe('PENDING');
    expect((await h.get(key, '/api/v1/payments/HANG-1/receipts')).body.code).toBe('PAYMENT_PENDING');

    h.sandbox.clearFaults();
    const again = await eventually(() => h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'hang-1' }), (r) => r.status !== 202) as Awaited<ReturnType<ApiHarness['post']>>;
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.status).toBe('SUCCESS');
    const after = h.sandbox.stats();
    expect(after.createCalls).toBe(before.createCalls + 1);
    expect(after.createSucceeded).toBe(before.createSucceeded + 1);
    const inDigit = digitPaymentsOf(h, 'JSON:agent-01:HANG-1') as Array<Record<string, any>>;
    expect(inDigit).toHaveLength(1);
    expect(again.body.receipts[0].receiptNumber).toBe(inDigit[0].paymentDetails[0].receiptNumber);
    // the stored answer is now final: replayed as is
    const third = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'hang-1' });
    expect(third.body).toEqual(again.body);
    expect((await h.get(key, '/api/v1/payments/HANG-1')).body).toEqual(again.body);
  });

  test('an unknown outcome resolves through GET /payments/{clientReference} too', async () => {
    const body = await payBody('HANG-2');
    h.sandbox.setFault({ route: 'create', mode: 'error5xx', status: 502, times: 1 });
    h.sandbox.setFault({ route: 'paymentsearch', mode: 'error5xx', status: 503 });
    const first = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'hang-2' });
    expect(first.status).toBe(202);
    h.sandbox.clearFaults();
    const status = await eventually(() => h.get(key, '/api/v1/payments/HANG-2'), (r) => r.status !== 202) as Awaited<ReturnType<ApiHarness['get']>>;
    expect(status.status).toBe(200);
    expect(status.body.status).toBe('SUCCESS');
    expect(digitPaymentsOf(h, 'JSON:agent-01:HANG-2')).toHaveLength(1);
  });
});

describe('DIGIT unreachable (connection refused)', () => {
  let sandbox: DigitSandbox;
  let server: { url: string; close(): Promise<void> };
  let h: ApiHarness;
  beforeAll(async () => {
    sandbox = createDigitSandbox();
    server = await sandbox.listen();
    h = await startApiHarness({ sandbox: { instance: sandbox, url: server.url }, env: { BBPS_SYNC_DEADLINE_MS: '1200' } });
  });
  afterAll(async () => {
    await h.stop();
    await sandbox.dispose();
  });

  test('fetch 503 BILLER_UNAVAILABLE; payment FAILED for good (nothing reached DIGIT), replayed as such', async () => {
    const key = h.clients['agent-01'].key;
    const params = freshProperty(h, 1500);
    const fetched = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
    expect(fetched.status).toBe(200);
    await server.close();
    const res = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('BILLER_UNAVAILABLE');
    // quick pay: the bill must be read first, and DIGIT cannot be reached
    const body = { billerId: PT, customerParams: params, clientReference: 'DOWN-1', paymentMode: 'UPI', bills: [{ billNumber: fetched.body.bills[0].billNumber, amountPaise: 150000 }] };
    const paid = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'down-1' });
    expect(paid.status).toBe(503);
    expect(paid.body).toMatchObject({ code: 'BILLER_UNAVAILABLE', paymentStatus: 'FAILED', clientReference: 'DOWN-1' });
    expect((await h.svc.ledger.getPayment('JSON:agent-01:DOWN-1'))?.state).toBe('FAILED');
    const again = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'down-1' });
    expect(again.body).toEqual(paid.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(sandbox.stats().createCalls).toBe(0);
  });
});
