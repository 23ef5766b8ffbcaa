import axios from 'axios';
import { billFor, createPayment, fetchBill, login, onlinePayment, searchPayments, startSandbox, token, type Harness } from './harness';

const AMR = 'pb.amritsar';
const PT_DUE = 'PB-PT-2023-04-12-000456';
const ptParams = { tenantId: AMR, businessService: 'PT', consumerCode: PT_DUE };

describe('DIGIT sandbox: fault injection', () => {
  let h: Harness;
  let tok: string;
  beforeEach(async () => {
    h = await startSandbox();
    tok = await token(h);
  });
  afterEach(() => h.close());

  it('latency delays the matching route only', async () => {
    h.sandbox.setFault({ route: 'fetchbill', mode: 'latency', latencyMs: 150 });
    let started = Date.now();
    expect((await fetchBill(h, tok, ptParams)).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    started = Date.now();
    expect((await login(h)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(140);
  });

  it('error5xx answers 502, 503, 500 in DIGIT style for the next `times` calls, then normally', async () => {
    h.sandbox.setFault({ route: 'fetchbill', mode: 'error5xx', times: 3 });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await fetchBill(h, tok, ptParams));
    expect(answers.map((r) => r.status)).toEqual([502, 503, 500, 201]);
    expect(answers[0].data).toEqual({
      ResponseInfo: null,
      Errors: [{ code: 'HttpHostConnectException', message: 'The backend service is unreachable', description: null, params: null }],
    });
    expect(answers[2].data.Errors[0]).toMatchObject({ message: 'An unhandled exception occurred on the server' });
    expect(h.sandbox.faults()).toEqual([]);
  });

  it('a fixed status and the "*" route', async () => {
    h.sandbox.setFault({ route: '*', mode: 'error5xx', status: 503 });
    expect((await login(h)).status).toBe(503);
    expect((await fetchBill(h, tok, ptParams)).status).toBe(503);
    h.sandbox.clearFaults();
    expect((await login(h)).status).toBe(200);
  });

  it('hang never answers until the client gives up; clearing the fault closes the held connection', async () => {
    h.sandbox.setFault({ route: 'paymentsearch', mode: 'hang' });
    const gaveUp = await h.http.post('/collection-services/payments/PT/_search', { RequestInfo: { authToken: tok } }, { params: { tenantId: AMR }, timeout: 200 }).catch((e: Error) => e);
    expect(gaveUp).toBeInstanceOf(Error);
    expect((gaveUp as { code?: string }).code).toBe('ECONNABORTED');
    const pending = h.http.post('/collection-services/payments/PT/_search', { RequestInfo: { authToken: tok } }, { params: { tenantId: AMR }, timeout: 0 }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    h.sandbox.clearFaults();
    const ended = await pending;
    expect(ended).toBeInstanceOf(Error);
    expect((await searchPayments(h, tok, 'PT', { tenantId: AMR })).status).toBe(200);
  });

  it('commitThenHang stores the payment and never answers; search finds it', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    h.sandbox.setFault({ route: 'create', mode: 'commitThenHang', times: 1 });
    const payment = onlinePayment(bill, { transactionNumber: 'LOST-1', instrumentNumber: 'LOST-1' });
    const lost = await h.http
      .post('/collection-services/payments/_create', { RequestInfo: { authToken: tok }, Payment: payment }, { timeout: 300 })
      .catch((e: Error) => e);
    expect((lost as { code?: string }).code).toBe('ECONNABORTED');
    const found = await searchPayments(h, tok, 'PT', { tenantId: AMR, transactionNumber: 'LOST-1' });
    expect(found.data.Payments).toHaveLength(1);
    expect(found.data.Payments[0].paymentDetails[0].billId).toBe(bill.id);
    // a blind re-post runs into the bill guard
    const again = await createPayment(h, tok, payment);
    expect(again.data.Errors[0].code).toBe('BILL_ALREADY_PAID');
    expect(h.sandbox.stats().createSucceeded).toBe(1);
  });

  it('down drops the connection without an answer', async () => {
    h.sandbox.setFault({ route: 'create', mode: 'down', times: 1 });
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const err = await createPayment(h, tok, onlinePayment(bill)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toMatch(/ECONNRESET|ERR_SOCKET|ECONNABORTED/);
    expect(h.sandbox.stats()).toMatchObject({ createCalls: 1, createSucceeded: 0 });
    expect((await createPayment(h, tok, onlinePayment(bill))).status).toBe(200);
  });

  it('is driven over HTTP by the admin API too', async () => {
    const admin = axios.create({ baseURL: `${h.url}/_admin`, validateStatus: () => true });
    expect((await admin.post('/faults', { route: 'login', mode: 'error5xx', status: 502, times: 1 })).status).toBe(201);
    expect((await admin.get('/faults')).data.faults).toEqual([{ route: 'login', mode: 'error5xx', status: 502, times: 1 }]);
    expect((await login(h)).status).toBe(502);
    expect((await admin.post('/faults', { route: 'nowhere', mode: 'hang' })).status).toBe(400);
    await admin.post('/faults', { route: 'fetchbill', mode: 'hang' });
    expect((await admin.delete('/faults')).data).toEqual({ faults: [] });
    expect((await fetchBill(h, tok, ptParams)).status).toBe(201);
  });

  it('close() ends requests held by a hang so the process can exit', async () => {
    h.sandbox.setFault({ route: 'fetchbill', mode: 'hang' });
    const pending = fetchBill(h, tok, ptParams).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await h.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(1000);
    h = await startSandbox(); // afterEach closes this one
  });
});
