// BillPaymentRequest over HTTP against the DIGIT sandbox: amounts, duplicates, concurrency and
// DIGIT's awkward outcomes (design §3.6–§3.8).
import { attr, allAttrs, fetchXml, newId, paymentXml } from '../support/messages';
import { expectConservation, startHarness, type Harness } from '../support/harness';

const PT = 'PBMC00000PUN01';
const WATER = 'AMRW00000PUN01';
const TL = 'PBTL00000PUN01';
const CHALLAN = 'PBCH00000PUN01';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await expectConservation(h);
  await h.stop();
});

type Params = Record<string, string>;

async function fetchFor(billerId: string, params: Params) {
  const refId = newId();
  const res = await h.post('/bbps/sync/BillFetchRequest', fetchXml({ refId, billerId, params }));
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  const numbers = allAttrs(res.body, 'BillerResponse', 'billNumber');
  const amounts = allAttrs(res.body, 'BillerResponse', 'amount').map(Number);
  return { refId, bills: numbers.map((billNumber, i) => ({ billNumber, amountPaise: amounts[i] })) };
}

async function pay(billerId: string, params: Params, amountPaise: number | string, extra: { refId?: string; txnReferenceId?: string; bills?: { billNumber: string; amountPaise: number }[] } = {}) {
  const xml = paymentXml({ billerId, params, amountPaise, ...extra });
  return { xml, res: await h.post('/bbps/sync/BillPaymentRequest', xml) };
}

const code = (xml: string) => attr(xml, 'Reason', 'complianceRespCd');
const receipt = (xml: string) => attr(xml, 'Reason', 'approvalRefNum');

test('full payment after a fetch: one DIGIT receipt, ids kept in DIGIT', async () => {
  const params = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
  const f = await fetchFor(PT, params);
  const txn = newId(20);
  const before = h.sandbox.stats().createCalls;
  const { res } = await pay(PT, params, 150000, { refId: f.refId, txnReferenceId: txn, bills: f.bills });
  expect(res.status).toBe(200);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  expect(receipt(res.body)).toMatch(/^PT\/107\/\d{4}-\d{2}\/\d{6}$/);
  expect(attr(res.body, 'Txn', 'txnReferenceId')).toBe(txn);
  expect(attr(res.body, 'Txn', 'type')).toBe('FORWARD TYPE RESPONSE');
  expect(h.sandbox.stats().createCalls).toBe(before + 1);
  const inDigit = h.sandbox.listPayments().find((p) => p.transactionNumber === txn) as Record<string, any>;
  expect(inDigit.totalAmountPaid).toBe(1500);
  expect(inDigit.paymentMode).toBe('ONLINE');
  expect(inDigit.additionalDetails.bbps).toMatchObject({ txnReferenceId: txn, refId: f.refId, billerId: PT, ouId: 'XX01' });
  expect((await h.svc.ledger.getPayment(txn))?.state).toBe('SUCCESS');

  // DIGIT marks the bill paid asynchronously; meanwhile our ledger keeps it from being offered again
  const again = await h.post('/bbps/sync/BillFetchRequest', fetchXml({ billerId: PT, params }));
  expect(code(again.body)).toBe('BFR004');
});

test('partial payment within the rules; the remainder is the next bill', async () => {
  const params = { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' };
  const f = await fetchFor(PT, params);
  expect(f.bills[0].amountPaise).toBe(320000);
  const { res } = await pay(PT, params, 100000, { refId: f.refId, bills: f.bills });
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  h.sandbox.flushMarkPaid();
  const next = await fetchFor(PT, params);
  expect(next.bills[0].amountPaise).toBe(220000);
  expect(next.bills[0].billNumber).not.toBe(f.bills[0].billNumber);
});

test.each([
  ['below the minimum', 5000],
  ['more than due (no advance allowed)', 300000],
  ['not whole rupees', 150050],
  ['zero', 0],
])('%s: BPR011 and no DIGIT call', async (_name, amount) => {
  const params = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' };
  const f = await fetchFor(PT, params);
  const before = h.sandbox.stats().createCalls;
  const txn = newId(20);
  const { res } = await pay(PT, params, amount, { refId: f.refId, txnReferenceId: txn, bills: f.bills });
  expect(res.status).toBe(200);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('200');
  expect(code(res.body)).toBe('BPR011');
  expect(receipt(res.body)).toBe('');
  expect(h.sandbox.stats().createCalls).toBe(before);
  expect((await h.svc.ledger.getPayment(txn))?.state).toBe('FAILED');
});

test('an exact-only biller refuses a part payment', async () => {
  const params = { 'Connection Number': 'WS/107/2023-24/000047' };
  const f = await fetchFor(WATER, params);
  const { res } = await pay(WATER, params, 10000, { refId: f.refId, bills: f.bills });
  expect(code(res.body)).toBe('BPR011');
});

test('the same payment again replays the answer without a second DIGIT call', async () => {
  const params = { City: 'Amritsar', Challan: 'x', 'Challan Number': 'PB-CH-2026-02-01-000077' };
  const f = await fetchFor(CHALLAN, params);
  const { xml, res } = await pay(CHALLAN, params, 75000, { refId: f.refId, bills: f.bills });
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  const calls = h.sandbox.stats().createCalls;
  // an honest retry: new msgId and timestamps, same business content
  const retry = xml.replace(/msgId="[^"]+"/, `msgId="${newId()}"`).replace(/ts="2026-11-25T12:01:00\+05:30"/g, 'ts="2026-11-25T12:05:00+05:30"');
  const again = await h.post('/bbps/sync/BillPaymentRequest', retry);
  expect(again.status).toBe(200);
  expect(receipt(again.body)).toBe(receipt(res.body));
  expect(h.sandbox.stats().createCalls).toBe(calls);

  // same txnReferenceId, different amount: BPR007, nothing touched
  const changed = await h.post('/bbps/sync/BillPaymentRequest', xml.replace(/amount="75000" custConvFee/, 'amount="70000" custConvFee'));
  expect(code(changed.body)).toBe('BPR007');
  expect(h.sandbox.stats().createCalls).toBe(calls);
  const txn = attr(xml, 'Txn', 'txnReferenceId')!;
  expect((await h.svc.ledger.getPayment(txn))?.outcome).toMatchObject({ status: 'SUCCESS' });
});

test('50 concurrent copies of one payment: exactly one DIGIT _create, one answer for all', async () => {
  const params = { 'Connection Number': 'WS/107/2023-24/000047' };
  const f = await fetchFor(WATER, params);
  const before = h.sandbox.stats().createCalls;
  const xml = paymentXml({ billerId: WATER, params, amountPaise: f.bills[0].amountPaise, refId: f.refId, bills: f.bills });
  const answers = await Promise.all(Array.from({ length: 50 }, () => h.post('/bbps/sync/BillPaymentRequest', xml)));
  expect(h.sandbox.stats().createCalls).toBe(before + 1);
  expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
  const receipts = new Set(answers.map((a) => receipt(a.body)));
  expect(receipts.size).toBe(1);
  expect([...receipts][0]).toMatch(/^WS\//);
});

test('several bills in one payment: one _create, one receipt per bill', async () => {
  const params = { 'Registered Mobile Number': '9876543210' };
  const f = await fetchFor(WATER, params);
  expect(f.bills).toHaveLength(2);
  const total = f.bills.reduce((s, b) => s + b.amountPaise, 0);
  const before = h.sandbox.stats().createCalls;
  const { res } = await pay(WATER, params, total, { refId: f.refId, bills: f.bills });
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  expect(receipt(res.body)!.split(',').map((r) => r.split('/')[0]).sort()).toEqual(['SW', 'WS']);
  expect(allAttrs(res.body, 'BillerResponse', 'billNumber')).toHaveLength(2);
  expect(h.sandbox.stats().createCalls).toBe(before + 1);
});

test('several bills: an amount other than their sum is BPR011', async () => {
  const now = Date.now();
  const period = { fromPeriod: now - 30 * 86400000, toPeriod: now + 60 * 86400000 };
  h.sandbox.addDemands([
    { tenantId: 'pb.amritsar', businessService: 'WS', consumerCode: 'WS/107/2023-24/000901', ownerName: 'Veena Rani', mobileNumber: '9000000901', periods: [{ ...period, taxHeads: [{ code: 'WS_CHARGE', amount: 300 }] }] },
    { tenantId: 'pb.amritsar', businessService: 'SW', consumerCode: 'SW/107/2023-24/000902', ownerName: 'Veena Rani', mobileNumber: '9000000901', periods: [{ ...period, taxHeads: [{ code: 'SW_CHARGE', amount: 200 }] }] },
  ]);
  const params = { 'Registered Mobile Number': '9000000901' };
  const f = await fetchFor(WATER, params);
  expect(f.bills).toHaveLength(2);
  const { res } = await pay(WATER, params, 30000, { refId: f.refId, bills: f.bills });
  expect(code(res.body)).toBe('BPR011');
  const none = await pay(WATER, params, 50000, { refId: f.refId });
  expect(code(none.res.body)).toBe('BPR002'); // several bills fetched, none named
});

test('quick pay (no fetch): the one current bill is paid', async () => {
  const params = { City: 'Amritsar', 'Application Number': 'PB-TL-2026-01-15-000321' };
  const { res } = await pay(TL, params, 500000);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  expect(receipt(res.body)).toMatch(/^TL\//);
});

test('quick pay for an unknown consumer: BPR001', async () => {
  const { res } = await pay(TL, { City: 'Amritsar', 'Application Number': 'PB-TL-2026-01-15-999999' }, 500000);
  expect(code(res.body)).toBe('BPR001');
});

test("a payment naming another customer than its refId's fetch is refused (BPR002), nothing paid", async () => {
  const f = await fetchFor(PT, { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' });
  const before = h.sandbox.stats().createCalls;
  const other = { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' };
  const { res } = await pay(PT, other, f.bills[0].amountPaise, { refId: f.refId, bills: f.bills });
  expect(code(res.body)).toBe('BPR002');
  const sameCityOtherProperty = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
  const again = await pay(PT, sameCityOtherProperty, f.bills[0].amountPaise, { refId: f.refId, bills: f.bills });
  expect(code(again.res.body)).toBe('BPR002');
  expect(h.sandbox.stats().createCalls).toBe(before);
});
