// Across channels (design §3.4): a bill paid over JSON then over BBPS (or the other way round) is
// posted once; a JSON payment naming a BBPS txnReferenceId and the same payment over BBPS get the one
// receipt. "The same payment" is the BBPS content hash: transaction id, biller, parameters, amount,
// fee, payment mode and bill numbers (README "JSON API").
import { expectConservation } from '../../support/harness';
import { attr, fetchXml, newId, paymentXml } from '../../support/messages';
import { digitPaymentsOf, freshProperty, PT, startApiHarness, type ApiHarness } from './api-harness';

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

const code = (xml: string) => attr(xml, 'Reason', 'complianceRespCd');
const approval = (xml: string) => attr(xml, 'Reason', 'approvalRefNum');
const paymentsFor = (consumerCode: string) =>
  h.sandbox.listPayments().filter((p) => (p as Record<string, any>).paymentDetails.some((d: any) => d.bill?.consumerCode === consumerCode));

async function jsonFetch(params: Record<string, string>) {
  const fetched = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
  expect(fetched.status).toBe(200);
  return fetched.body as { fetchId: string; bills: Array<{ billNumber: string; amountPaise: number }> };
}

test('paid over JSON, then over BBPS: the BBPS fetch finds nothing due, a BBPS payment is not posted', async () => {
  const params = freshProperty(h, 1500);
  const f = await jsonFetch(params);
  const paid = await h.post(key, '/api/v1/payments', {
    billerId: PT, customerParams: params, fetchId: f.fetchId, clientReference: 'X-1', paymentMode: 'Cash', bills: [{ billNumber: f.bills[0].billNumber, amountPaise: 150000 }],
  }, { 'Idempotency-Key': 'x-1' });
  expect(paid.status).toBe(201);
  const bbpsFetch = await h.postXml('/bbps/sync/BillFetchRequest', fetchXml({ billerId: PT, params }));
  expect(code(bbpsFetch.body)).toBe('BFR004');
  const bbpsPay = await h.postXml('/bbps/sync/BillPaymentRequest', paymentXml({ billerId: PT, params, amountPaise: 150000, quickPay: true }));
  expect(attr(bbpsPay.body, 'Reason', 'responseCode')).toBe('200');
  expect(code(bbpsPay.body)).toBe('BPR008');
  expect(paymentsFor(params['Property ID'])).toHaveLength(1);
});

test('paid over BBPS, then over JSON: nothing due, and a JSON payment fails without a second posting', async () => {
  const params = freshProperty(h, 1500);
  const bbps = await h.postXml('/bbps/sync/BillPaymentRequest', paymentXml({ billerId: PT, params, amountPaise: 150000, quickPay: true }));
  expect(code(bbps.body)).toBe('');
  expect(attr(bbps.body, 'Reason', 'responseCode')).toBe('000');
  const fetched = await h.post(key, '/api/v1/bills/fetch', { billerId: PT, customerParams: params });
  expect(fetched.status).toBe(422);
  expect(fetched.body.code).toBe('NO_BILL_DUE');
  const paid = await h.post(key, '/api/v1/payments', {
    billerId: PT, customerParams: params, clientReference: 'X-2', paymentMode: 'UPI', bills: [{ billNumber: 'any', amountPaise: 150000 }],
  }, { 'Idempotency-Key': 'x-2' });
  expect(paid.status).toBe(409);
  expect(paid.body).toMatchObject({ code: 'BILL_NOT_PAYABLE', paymentStatus: 'FAILED' });
  expect(paymentsFor(params['Property ID'])).toHaveLength(1);
});

test('a JSON payment naming a BBPS txnReferenceId, then the same payment over BBPS: the one receipt', async () => {
  const params = freshProperty(h, 1500);
  const f = await jsonFetch(params);
  const txn = newId(20);
  const bills = [{ billNumber: f.bills[0].billNumber, amountPaise: 150000 }];
  const paid = await h.post(key, '/api/v1/payments', {
    billerId: PT, customerParams: params, fetchId: f.fetchId, clientReference: 'X-3', bbpsTxnReferenceId: txn, paymentMode: 'UPI', bills,
  }, { 'Idempotency-Key': 'x-3' });
  expect(paid.status).toBe(201);
  expect(paid.body.txnReferenceId).toBe(txn);
  const calls = h.sandbox.stats().createCalls;
  // the agent's BBPS copy: another refId and msgId, masked customer fields, the same business content
  const bbps = await h.postXml('/bbps/sync/BillPaymentRequest', paymentXml({ billerId: PT, params, amountPaise: 150000, txnReferenceId: txn, bills, paymentMode: 'UPI' }));
  expect(attr(bbps.body, 'Reason', 'responseCode')).toBe('000');
  expect(approval(bbps.body)).toBe(paid.body.receipts[0].receiptNumber);
  expect(h.sandbox.stats().createCalls).toBe(calls);
  expect(digitPaymentsOf(h, txn)).toHaveLength(1);
  // a BBPS copy with other content is a repeat with different content (BPR007), never a payment
  const other = await h.postXml('/bbps/sync/BillPaymentRequest', paymentXml({ billerId: PT, params, amountPaise: 150000, txnReferenceId: txn, bills, paymentMode: 'Cash' }));
  expect(code(other.body)).toBe('BPR007');
  expect(h.sandbox.stats().createCalls).toBe(calls);
});

test('the other way round: over BBPS first, then over JSON naming its txnReferenceId: the BBPS receipt', async () => {
  const params = freshProperty(h, 1500);
  const f = await jsonFetch(params);
  const txn = newId(20);
  const bills = [{ billNumber: f.bills[0].billNumber, amountPaise: 150000 }];
  const bbps = await h.postXml('/bbps/sync/BillPaymentRequest', paymentXml({ billerId: PT, params, amountPaise: 150000, txnReferenceId: txn, bills, paymentMode: 'UPI' }));
  expect(attr(bbps.body, 'Reason', 'responseCode')).toBe('000');
  const calls = h.sandbox.stats().createCalls;
  const paid = await h.post(key, '/api/v1/payments', {
    billerId: PT, customerParams: params, fetchId: f.fetchId, clientReference: 'X-4', bbpsTxnReferenceId: txn, paymentMode: 'UPI', bills,
  }, { 'Idempotency-Key': 'x-4' });
  expect(paid.status).toBe(201);
  expect(paid.body.receipts[0].receiptNumber).toBe(approval(bbps.body));
  expect(h.sandbox.stats().createCalls).toBe(calls);
  // it is now this client's payment: readable by its reference, listed for reconciliation
  expect((await h.get(key, '/api/v1/payments/X-4')).body.receipts).toEqual(paid.body.receipts);
});
