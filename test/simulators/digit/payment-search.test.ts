import { billFor, codes, createPayment, onlinePayment, post, searchPayments, startSandbox, T0, token, type Harness } from './harness';

const AMR = 'pb.amritsar';
const PT_DUE = 'PB-PT-2023-04-12-000456';
const DAY = 86_400_000;

describe('DIGIT sandbox: payments _search', () => {
  let h: Harness;
  let tok: string;
  beforeEach(async () => {
    h = await startSandbox();
    tok = await token(h);
  });
  afterEach(() => h.close());

  it('requires the module path for employees (EGCL_URI_EXCEPTION)', async () => {
    const res = await post(h, '/collection-services/payments/_search', tok, { tenantId: AMR });
    expect(res.status).toBe(400);
    expect(res.data.Errors).toEqual([
      { code: 'EGCL_URI_EXCEPTION', message: 'Path variable module name is mandatory for employees', description: null, params: null },
    ]);
  });

  it('lets a citizen use the plain path', async () => {
    h.sandbox.addUser({ userName: '9876543210', password: '123456', type: 'CITIZEN', tenantId: 'pb', roles: [{ code: 'CITIZEN', tenantId: 'pb' }] });
    const citizen = await token(h, { username: '9876543210', password: '123456', userType: 'CITIZEN', tenantId: 'pb.amritsar' });
    const res = await post(h, '/collection-services/payments/_search', citizen, { tenantId: AMR, consumerCodes: 'PB-PT-2023-04-12-000457' });
    expect(res.status).toBe(200);
    expect(res.data.Payments).toHaveLength(1);
  });

  it('filters, adds the module to businessServices, orders newest first, shows the stored bill copy', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const created = await createPayment(h, tok, onlinePayment(bill, { transactionNumber: 'AGG-77', instrumentNumber: 'AGG-77' }));
    const receipt = created.data.Payments[0].paymentDetails[0].receiptNumber;
    h.sandbox.flushMarkPaid();
    h.clock.t += 1000;
    const ws = await billFor(h, tok, AMR, 'WS', 'WS/107/2023-24/000045');
    await createPayment(h, tok, onlinePayment(ws, { transactionNumber: 'AGG-78', instrumentNumber: 'AGG-78' }));

    const byTxn = await searchPayments(h, tok, 'PT', { tenantId: AMR, transactionNumber: 'AGG-77' });
    expect(byTxn.status).toBe(200);
    expect(byTxn.data.ResponseInfo).toMatchObject({ resMsgId: 'uief87324', status: '200 OK' });
    expect(byTxn.data.Payments).toHaveLength(1);
    const p = byTxn.data.Payments[0];
    // collection keeps the bill as it was at create time: ACTIVE, though billing now says PAID
    expect(p.paymentDetails[0].bill.status).toBe('ACTIVE');
    expect(p.paymentDetails[0].manualReceiptDate).toBe(0);
    expect(p.fileStoreId).toMatch(/^[0-9a-f-]{36}$/);

    const ids = (res: { data: { Payments: Array<{ transactionNumber: string }> } }) => res.data.Payments.map((x) => x.transactionNumber);
    // module PT restricts to PT payments; WS module finds the WS one
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: AMR, transactionNumber: 'AGG-78' }))).toEqual([]);
    expect(ids(await searchPayments(h, tok, 'WS', { tenantId: AMR, transactionNumber: 'AGG-78' }))).toEqual(['AGG-78']);
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: AMR, billIds: bill.id }))).toEqual(['AGG-77']);
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: AMR, receiptNumbers: receipt }))).toEqual(['AGG-77']);
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: AMR, consumerCodes: PT_DUE }))).toEqual(['AGG-77']);
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: AMR, mobileNumber: '9876543210' }))).toEqual(['AGG-77']);
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: AMR, paymentModes: 'CASH' }))).toEqual([]);
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: AMR, status: 'DEPOSITED', consumerCodes: PT_DUE }))).toEqual(['AGG-77']);
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: AMR, status: 'CANCELLED' }))).toEqual([]);
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: 'pb.jalandhar', transactionNumber: 'AGG-77' }))).toEqual([]);
    // a state tenant searches every city
    expect(ids(await searchPayments(h, tok, 'PT', { tenantId: 'pb', transactionNumber: 'AGG-77' }))).toEqual(['AGG-77']);
    // newest first across modules given explicitly
    const both = await searchPayments(h, tok, 'PT', { tenantId: AMR, businessServices: 'WS', consumerCodes: `${PT_DUE},WS/107/2023-24/000045` });
    expect(ids(both)).toEqual(['AGG-78', 'AGG-77']);
  });

  it('toDate is extended by one day; fromDate is inclusive', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    await createPayment(h, tok, onlinePayment(bill, { transactionNumber: 'D-1', instrumentNumber: 'D-1' }));
    const q = (fromDate: number, toDate: number) => searchPayments(h, tok, 'PT', { tenantId: AMR, consumerCodes: PT_DUE, fromDate, toDate });
    expect((await q(T0, T0 - DAY)).data.Payments).toHaveLength(1);
    expect((await q(T0, T0 - DAY - 1)).data.Payments).toHaveLength(0);
    expect((await q(T0 + 1, T0 + DAY)).data.Payments).toHaveLength(0);
  });

  it('limit: default 30, capped at 100, with offset', async () => {
    const codesBulk = h.sandbox.addBulkPtConsumers({ count: 105, amount: 200 });
    for (const consumerCode of codesBulk) h.sandbox.payElsewhere({ tenantId: AMR, businessService: 'PT', consumerCode }, { paymentMode: 'ONLINE' });
    const count = async (params: Record<string, string | number>) =>
      (await searchPayments(h, tok, 'PT', { tenantId: AMR, ...params })).data.Payments.length;
    expect(await count({})).toBe(30);
    expect(await count({ limit: 500 })).toBe(100);
    expect(await count({ limit: 100, offset: 100 })).toBe(6); // 105 + the seeded history payment
  });

  it('needs a valid token like every route', async () => {
    const res = await post(h, '/collection-services/payments/PT/_search', 'not-a-token', { tenantId: AMR });
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['InvalidAccessTokenException']);
  });
});
