// DIGIT's awkward outcomes: commit-then-hang, someone else's payment, a bill regenerated between fetch
// and payment, token expiry, DIGIT unreachable, and a restart with a payment whose outcome is unknown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDigitSandbox, type DigitSandbox } from '../../src/simulators/digit';
import { attr, allAttrs, fetchXml, newId, paymentXml } from '../support/messages';
import { expectConservation, startHarness, type Harness } from '../support/harness';

const PT = 'PBMC00000PUN01';
const WATER = 'AMRW00000PUN01';
const TL = 'PBTL00000PUN01';
const CHALLAN = 'PBCH00000PUN01';

let sandbox: DigitSandbox;
let sandboxServer: { url: string; close(): Promise<void> };
let h: Harness;
let offset = 0;
const clock = { now: () => Date.now() + offset };
const dir = mkdtempSync(join(tmpdir(), 'bbps-outcomes-'));

beforeAll(async () => {
  sandbox = createDigitSandbox({ markPaidDelayMs: 200 });
  sandboxServer = await sandbox.listen();
  h = await startHarness({ dir, sandbox: { instance: sandbox, url: sandboxServer.url }, clock });
});
afterAll(async () => {
  await expectConservation(h);
  await h.stop();
  await sandbox.dispose();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => sandbox.clearFaults());

type Params = Record<string, string>;
const code = (xml: string) => attr(xml, 'Reason', 'complianceRespCd');
const receipt = (xml: string) => attr(xml, 'Reason', 'approvalRefNum');

async function fetchFor(billerId: string, params: Params) {
  const refId = newId();
  const res = await h.post('/bbps/sync/BillFetchRequest', fetchXml({ refId, billerId, params }));
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  const bills = allAttrs(res.body, 'BillerResponse', 'billNumber').map((billNumber, i) => ({
    billNumber,
    amountPaise: Number(allAttrs(res.body, 'BillerResponse', 'amount')[i]),
  }));
  return { refId, bills };
}

const payXml = (billerId: string, params: Params, f: { refId: string; bills: { billNumber: string; amountPaise: number }[] }, txnReferenceId = newId(20)) =>
  paymentXml({ billerId, params, amountPaise: f.bills[0].amountPaise, refId: f.refId, bills: f.bills, txnReferenceId });

const paymentsFor = (txn: string) => sandbox.listPayments().filter((p) => p.transactionNumber === txn);

test('commit-then-hang: DIGIT stored the payment but never answered → found by search, success, one payment', async () => {
  const params = { City: 'Amritsar', 'Application Number': 'PB-TL-2026-01-15-000321' };
  const f = await fetchFor(TL, params);
  const txn = newId(20);
  sandbox.setFault({ route: 'create', mode: 'commitThenHang', times: 1 });
  const res = await h.post('/bbps/sync/BillPaymentRequest', payXml(TL, params, f, txn));
  expect(res.status).toBe(200);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  expect(receipt(res.body)).toMatch(/^TL\//);
  expect(paymentsFor(txn)).toHaveLength(1);
  expect(receipt(res.body)).toBe((paymentsFor(txn)[0].paymentDetails as { receiptNumber: string }[])[0].receiptNumber);
});

test('DIGIT 5xx on _create without storing: searched, then posted again, one payment', async () => {
  const params = { 'Connection Number': 'SW/107/2023-24/000046' };
  const f = await fetchFor(WATER, params);
  const txn = newId(20);
  sandbox.setFault({ route: 'create', mode: 'error5xx', times: 1 });
  const res = await h.post('/bbps/sync/BillPaymentRequest', payXml(WATER, params, f, txn));
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  expect(sandbox.faults()).toEqual([]); // the 5xx was really served
  expect(paymentsFor(txn)).toHaveLength(1);
});

test("the bill was paid by someone else (BILL_ALREADY_PAID, not ours) → BPR008", async () => {
  const params = { City: 'Amritsar', 'Challan Number': 'PB-CH-2026-02-01-000077' };
  const f = await fetchFor(CHALLAN, params);
  sandbox.payElsewhere({ tenantId: 'pb.amritsar', businessService: 'OTHER.Misc_Challans', consumerCode: 'PB-CH-2026-02-01-000077' });
  const txn = newId(20);
  const res = await h.post('/bbps/sync/BillPaymentRequest', payXml(CHALLAN, params, f, txn));
  expect(code(res.body)).toBe('BPR008');
  expect(paymentsFor(txn)).toHaveLength(0);
  expect((await h.svc.ledger.getPayment(txn))?.state).toBe('FAILED');
});

test('bill expired between fetch and payment: the regenerated bill is paid when the rules still pass', async () => {
  const params = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' };
  const f = await fetchFor(PT, params);
  const oldBillId = (await h.svc.ledger.getFetch(f.refId))!.bills[0].billId;
  sandbox.expireBill({ tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000458' });
  const txn = newId(20);
  const res = await h.post('/bbps/sync/BillPaymentRequest', payXml(PT, params, f, txn));
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  const paid = paymentsFor(txn)[0].paymentDetails as { billId: string }[];
  expect(paid[0].billId).not.toBe(oldBillId);
});

test('bill expired and its amount changed beyond the rules → BPR008, nothing paid', async () => {
  const now = Date.now();
  sandbox.addDemands([{
    tenantId: 'pb.amritsar', businessService: 'WS', consumerCode: 'WS/107/2023-24/000777', ownerName: 'Asha Rani', mobileNumber: '9000000777',
    periods: [{ fromPeriod: now - 86400000 * 20, toPeriod: now + 86400000 * 10, taxHeads: [{ code: 'WS_CHARGE', amount: 500 }] }],
  }]);
  const params = { 'Connection Number': 'WS/107/2023-24/000777' };
  const f = await fetchFor(WATER, params);
  // someone pays part at the counter, then the bill is regenerated for the remainder
  sandbox.payElsewhere({ tenantId: 'pb.amritsar', businessService: 'WS', consumerCode: 'WS/107/2023-24/000777' }, { amount: 100 });
  sandbox.flushMarkPaid();
  const txn = newId(20);
  const res = await h.post('/bbps/sync/BillPaymentRequest', payXml(WATER, params, f, txn));
  expect(code(res.body)).toBe('BPR008');
  expect(paymentsFor(txn)).toHaveLength(0);
});

test('token expiry mid-run: one re-login, the request succeeds', async () => {
  const logins = sandbox.stats().logins;
  sandbox.expireTokens();
  const res = await h.post('/bbps/sync/BillFetchRequest', fetchXml({ billerId: PT, params: { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' } }));
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  expect(sandbox.stats().logins).toBe(logins + 1);
});

test('connection dropped on _create and search: 202 pending, UNKNOWN, resolved by the repeat', async () => {
  const params = { 'Connection Number': 'WS/107/2023-24/000045' };
  const f = await fetchFor(WATER, params);
  sandbox.setFault({ route: 'create', mode: 'down' });
  sandbox.setFault({ route: 'paymentsearch', mode: 'down' });
  const txn = newId(20);
  // "down" drops the connection after it was accepted: that is an unknown outcome, never a failure
  const res = await h.post('/bbps/sync/BillPaymentRequest', payXml(WATER, params, f, txn));
  expect(res.status).toBe(202);
  expect(attr(res.body, 'Ack', 'RspCd')).toBe('Successful');
  expect((await h.svc.ledger.getPayment(txn))?.state).toBe('UNKNOWN');
  sandbox.clearFaults();
  // the repeat resolves it at once, backoff or not (search first): not found, posted, success
  const again = await h.post('/bbps/sync/BillPaymentRequest', payXml(WATER, params, f, txn));
  expect(attr(again.body, 'Reason', 'responseCode')).toBe('000');
  expect(paymentsFor(txn)).toHaveLength(1);
});

test('restart with an UNKNOWN payment in the ledger: the sweeper resolves it without a second payment', async () => {
  const params = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
  const f = await fetchFor(PT, params);
  const txn = newId(20);
  sandbox.setFault({ route: 'create', mode: 'commitThenHang' });
  sandbox.setFault({ route: 'paymentsearch', mode: 'error5xx' });
  const xml = paymentXml({ billerId: PT, params, amountPaise: 150000, refId: f.refId, bills: f.bills, txnReferenceId: txn });
  const res = await h.post('/bbps/sync/BillPaymentRequest', xml);
  expect(res.status).toBe(202);
  expect((await h.svc.ledger.getPayment(txn))?.state).toBe('UNKNOWN');
  expect(paymentsFor(txn)).toHaveLength(1); // DIGIT did store it

  await h.stop(); // the process goes away with the outcome unknown
  sandbox.clearFaults();
  h = await startHarness({ dir, sandbox: { instance: sandbox, url: sandboxServer.url }, clock });
  const calls = sandbox.stats().createCalls;
  offset += 10 * 60_000;
  expect(await h.svc.sweeper.sweepOnce()).toBeGreaterThanOrEqual(1);
  const row = await h.svc.ledger.getPayment(txn);
  expect(row?.state).toBe('SUCCESS');
  expect(sandbox.stats().createCalls).toBe(calls);
  expect(paymentsFor(txn)).toHaveLength(1);
  // and the repeat now answers with that receipt
  const again = await h.post('/bbps/sync/BillPaymentRequest', xml);
  expect(receipt(again.body)).toBe((paymentsFor(txn)[0].paymentDetails as { receiptNumber: string }[])[0].receiptNumber);
});

test('the ledger failing after DIGIT was called: 202 pending, never a failure; the sweeper completes it', async () => {
  const params = { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' };
  const f = await fetchFor(PT, params);
  const txn = newId(20);
  const ledger = h.svc.ledger;
  const complete = ledger.complete.bind(ledger);
  let failures = 0;
  ledger.complete = async (...args) => {
    if (failures++ === 0) throw new Error('disk I/O error');
    return complete(...args);
  };
  try {
    const xml = paymentXml({ billerId: PT, params, amountPaise: f.bills[0].amountPaise, refId: f.refId, bills: f.bills, txnReferenceId: txn });
    const res = await h.post('/bbps/sync/BillPaymentRequest', xml);
    expect(res.status).toBe(202);
    expect(attr(res.body, 'Ack', 'RspCd')).toBe('Successful');
    expect(paymentsFor(txn)).toHaveLength(1);
    expect((await ledger.getPayment(txn))?.state).toBe('POSTING');
    offset += 10 * 60_000; // past the lease
    await h.svc.sweeper.sweepOnce();
    expect((await ledger.getPayment(txn))?.state).toBe('SUCCESS');
    expect(paymentsFor(txn)).toHaveLength(1);
    const again = await h.post('/bbps/sync/BillPaymentRequest', xml);
    expect(receipt(again.body)).toBe((paymentsFor(txn)[0].paymentDetails as { receiptNumber: string }[])[0].receiptNumber);
  } finally {
    ledger.complete = complete;
  }
});
