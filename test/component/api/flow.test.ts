// An agent's whole flow over the JSON API against the DIGIT sandbox: billers → fetch → pay → status →
// receipt → transactions, several bills in one payment, and the money adding up (design §3.4).
import { expectConservation } from '../../support/harness';
import { digitPaymentsOf, freshProperty, PT, startApiHarness, TL, WATER, type ApiHarness } from './api-harness';

let h: ApiHarness;
let key: string;
beforeAll(async () => {
  h = await startApiHarness();
  key = h.clients['agent-01'].key;
});
afterAll(async () => {
  await expectConservation(h.base);
  await h.stop();
});

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/;

test('billers: only the client\'s own, with parameters, regexes and payment rules', async () => {
  const res = await h.get(key, '/api/v1/billers');
  expect(res.status).toBe(200);
  expect(res.body.billers.map((b: { billerId: string }) => b.billerId)).toEqual([PT, WATER]);
  const pt = res.body.billers[0];
  expect(pt.customerParams).toEqual([
    { name: 'City', role: 'tenant', optional: false, values: ['Amritsar', 'Jalandhar'] },
    { name: 'Property ID', role: 'consumerCode', regex: '^PB-PT-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}$', optional: true },
    { name: 'Registered Mobile Number', role: 'mobileNumber', regex: '^[6-9][0-9]{9}$', optional: true },
  ]);
  expect(pt.paymentRules).toEqual({ exactness: 'EXACT_AND_BELOW', partPaymentAllowed: true, advanceAllowed: false, minimumAmountPaise: 10000, wholeRupeesOnly: true });
  expect(res.body.billers[1].paymentRules).toMatchObject({ exactness: 'EXACT', partPaymentAllowed: false });
  const other = await h.get(h.clients['agent-02'].key, '/api/v1/billers');
  expect(other.body.billers.map((b: { billerId: string }) => b.billerId)).toEqual([TL]);
});

test('fetch → pay → status → receipt → transactions', async () => {
  const params = freshProperty(h, 1500);
  const fetched = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
  expect(fetched.status).toBe(200);
  expect(fetched.body.fetchId).toMatch(/^[A-Za-z0-9]{35}$/);
  const [bill] = fetched.body.bills;
  expect(bill).toMatchObject({ consumerCode: params['Property ID'], businessService: 'PT', amountPaise: 150000, billPeriod: 'Yearly' });
  expect(bill.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  const body = {
    billerId: PT, customerParams: params, fetchId: fetched.body.fetchId, clientReference: 'FLOW-1', paymentMode: 'Cash',
    bills: [{ billNumber: bill.billNumber, amountPaise: 150000 }],
  };
  const paid = await h.post(key, '/api/v1/payments', body, { 'Idempotency-Key': 'flow-1' });
  expect(paid.status).toBe(201);
  expect(paid.headers.get('idempotent-replayed')).toBeNull();
  expect(paid.body).toMatchObject({ clientReference: 'FLOW-1', txnReferenceId: 'JSON:agent-01:FLOW-1', billerId: PT, status: 'SUCCESS', amountPaise: 150000 });
  expect(paid.body.createdAt).toMatch(ISO_WITH_OFFSET);
  const [receipt] = paid.body.receipts;
  expect(receipt).toMatchObject({ billNumber: bill.billNumber, amountPaise: 150000, businessService: 'PT' });
  expect(receipt.receiptNumber).toMatch(/^PT\/107\//);

  // in DIGIT: one payment, whole rupees, keyed by the derived transaction id, the agent recorded
  const [inDigit] = digitPaymentsOf(h, 'JSON:agent-01:FLOW-1') as Array<Record<string, any>>;
  expect(inDigit.totalAmountPaid).toBe(1500);
  expect(inDigit.paymentDetails[0].receiptNumber).toBe(receipt.receiptNumber);
  expect(inDigit.additionalDetails.bbps).toMatchObject({ agentId: 'agent-01', channel: 'JSON_API', paymentMode: 'Cash', paymentRefId: 'FLOW-1' });

  const status = await h.get(key, '/api/v1/payments/FLOW-1');
  expect(status.status).toBe(200);
  expect(status.body).toEqual(paid.body);

  const receipts = await h.get(key, '/api/v1/payments/FLOW-1/receipts');
  expect(receipts.status).toBe(200);
  expect(receipts.body.receipts).toEqual([expect.objectContaining({
    receiptNumber: receipt.receiptNumber, billNumber: bill.billNumber, amountPaise: 150000, tenantId: 'pb.amritsar',
    paymentStatus: 'DEPOSITED', instrumentStatus: 'REMITTED',
  })]);
  expect(receipts.body.receipts[0].transactionDate).toMatch(ISO_WITH_OFFSET);

  // the same customer's bill is not offered again while DIGIT marks it paid
  const again = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
  expect(again.status).toBe(422);
  expect(again.body.code).toBe('NO_BILL_DUE');

  const today = new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
  const list = await h.get(key, `/api/v1/transactions?from=${today}&to=${today}`);
  expect(list.status).toBe(200);
  expect(list.body.items).toContainEqual(expect.objectContaining({ clientReference: 'FLOW-1', status: 'SUCCESS', amountPaise: 150000 }));
});

test('several bills in one payment (mobile-number fetch): one receipt per bill', async () => {
  const params = { 'Registered Mobile Number': '9876543210' };
  const fetched = await h.post(key, '/api/v1/bills/fetch', { billerId: WATER, customerParams: params });
  expect(fetched.status).toBe(200);
  expect(fetched.body.bills.map((b: { businessService: string }) => b.businessService).sort()).toEqual(['SW', 'WS']);
  const bills = fetched.body.bills.map((b: { billNumber: string; amountPaise: number }) => ({ billNumber: b.billNumber, amountPaise: b.amountPaise }));
  const paid = await h.post(key, '/api/v1/payments', {
    billerId: WATER, customerParams: params, fetchId: fetched.body.fetchId, clientReference: 'FLOW-WS', paymentMode: 'UPI', bills,
  }, { 'Idempotency-Key': 'flow-ws' });
  expect(paid.status).toBe(201);
  expect(paid.body.amountPaise).toBe(60000);
  expect(paid.body.receipts).toHaveLength(2);
  expect(new Set(paid.body.receipts.map((r: { receiptNumber: string }) => r.receiptNumber)).size).toBe(2);
  const receipts = await h.get(key, '/api/v1/payments/FLOW-WS/receipts');
  expect(receipts.body.receipts.map((r: { receiptNumber: string }) => r.receiptNumber).sort())
    .toEqual(paid.body.receipts.map((r: { receiptNumber: string }) => r.receiptNumber).sort());
});

test('transactions: a date range, paged with nextCursor, only the client\'s own', async () => {
  const refs: string[] = [];
  for (let i = 0; i < 3; i++) {
    const params = freshProperty(h, 200);
    const ref = `PAGE-${i}`;
    refs.push(ref);
    const fetched = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
    // the last one offers less than the biller's minimum part payment: a failure, listed as such
    const amountPaise = i < 2 ? 20000 : 5000;
    const bills = [{ billNumber: fetched.body.bills[0].billNumber, amountPaise }];
    const paid = await h.post(key, '/api/v1/payments', { billerId: PT, customerParams: params, fetchId: fetched.body.fetchId, clientReference: ref, paymentMode: 'UPI', bills }, { 'Idempotency-Key': ref });
    if (i < 2) expect(paid.status).toBe(201);
    else expect(paid.body).toMatchObject({ status: 422, code: 'AMOUNT_NOT_ACCEPTED', paymentStatus: 'FAILED', clientReference: ref });
  }
  const today = new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
  const seen: Array<{ clientReference: string; status: string }> = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await h.get(key, `/api/v1/transactions?from=${today}&to=${today}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(2);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  expect(seen).toContainEqual(expect.objectContaining({ clientReference: refs[0], status: 'SUCCESS', amountPaise: 20000 }));
  expect(seen).toContainEqual(expect.objectContaining({ clientReference: refs[1], status: 'SUCCESS' }));
  expect(seen).toContainEqual(expect.objectContaining({ clientReference: refs[2], status: 'FAILED', receipts: [], failure: expect.objectContaining({ code: 'AMOUNT_NOT_ACCEPTED' }) }));
  expect(pages).toBeGreaterThan(1);
  expect(new Set(seen.map((s) => s.clientReference)).size).toBe(seen.length);
  const other = await h.get(h.clients['agent-02'].key, `/api/v1/transactions?from=${today}&to=${today}`);
  expect(other.body.items).toEqual([]);
  const bad = await h.get(key, `/api/v1/transactions?from=${today}&to=2020-01-01`);
  expect(bad.status).toBe(400);
  expect(bad.body.detail).toMatch(/to/);
});
