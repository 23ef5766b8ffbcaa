// The /ops JSON routes behind the console, over HTTP against the real service: the Overview's figures
// equal the ledger's, the search finds a payment by each of its names and refuses bad parameters, a
// payment's page is masked, Resolve now settles through the sweeper's machinery (still unknown while
// DIGIT hangs, nothing posted twice), Resend refuses what is not parked.
import { istDate } from '../../../src/core/dates';
import { istWindow } from '../../../src/core/ist-window';
import { eventually } from '../network/network-harness';
import { attr, fetchXml, newId, paymentXml } from '../../support/messages';
import { expectConservation, opsAuth, startHarness, type Harness } from '../../support/harness';

const PT = 'PBMC00000PUN01';
let offset = 0;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock: { now: () => Date.now() + offset } });
});
afterAll(async () => {
  await expectConservation(h);
  await h.stop();
});
afterEach(() => h.sandbox.clearFaults());

const ops = async (path: string, method = 'GET') => {
  const res = await fetch(h.svc.url + path, { method, headers: opsAuth(h.svc) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: (await res.json()) as any };
};

async function pay(propertyId: string, mobile = '99XXXXX999') {
  const params = { City: 'Amritsar', 'Property ID': propertyId };
  const refId = newId();
  const fetched = await h.post('/bbps/sync/BillFetchRequest', fetchXml({ refId, billerId: PT, params, mobile }));
  const amountPaise = Number(attr(fetched.body, 'BillerResponse', 'amount'));
  const txn = newId(20);
  const xml = paymentXml({ refId, billerId: PT, params, mobile, amountPaise, bills: [{ billNumber: attr(fetched.body, 'BillerResponse', 'billNumber')!, amountPaise }], txnReferenceId: txn });
  const res = await h.post('/bbps/sync/BillPaymentRequest', xml);
  return { txn, refId, res, amountPaise };
}

test('overview, search and a payment page agree with the ledger; mobiles masked', async () => {
  const { txn, refId } = await pay('PB-PT-2023-04-12-000456', '9876543210');
  const row = (await h.svc.ledger.getPayment(txn))!;
  expect(row.outcome).toMatchObject({ status: 'SUCCESS' });
  const receipt = row.outcome?.status === 'SUCCESS' ? row.outcome.receipts[0].receiptNumber : '';

  const overview = await ops('/ops/overview');
  const day = istDate(Date.now() + offset);
  const { from, before } = istWindow(day, day);
  const rows = (await h.svc.ledger.listPayments(from, before)).filter((r) => r.state === 'SUCCESS');
  const sum = rows.reduce((s, r) => s + (r.outcome?.status === 'SUCCESS' ? r.outcome.receipts.reduce((a, x) => a + x.amountPaise, 0) : 0), 0);
  expect(overview.json).toMatchObject({ day, from, before, callbacks: { parked: 0, pending: 0 }, unresolved: { count: 0, oldestAgeMs: null }, digit: { ready: true, detail: 'ok' } });
  expect(overview.json.byState).toContainEqual({ state: 'SUCCESS', reversed: false, count: rows.length, sumPaise: sum });

  for (const term of [txn, refId, 'PB-PT-2023-04-12-000456', receipt]) {
    const found = await ops(`/ops/payments?search=${encodeURIComponent(term)}`);
    expect([term, found.json.items.map((i: { txnReferenceId: string }) => i.txnReferenceId)]).toEqual([term, [txn]]);
  }
  const listed = await ops(`/ops/payments?state=SUCCESS&biller=${PT}&from=${day}&to=${day}`);
  expect(listed.json).toMatchObject({ page: 1, pageSize: 25, hasNext: false, fromDay: day, toDay: day });
  expect(listed.json.items[0]).toMatchObject({ txnReferenceId: txn, state: 'SUCCESS', paidPaise: 150000, receiptNumbers: [receipt] });

  const detail = await ops(`/ops/payments/${txn}`);
  const text = JSON.stringify(detail.json);
  expect(text).not.toContain('9876543210');
  expect(detail.json.messages.map((m: { direction: string; api: string }) => `${m.direction} ${m.api}`)).toEqual([
    'IN BillFetchRequest', 'OUT BillFetchResponse', 'IN BillPaymentRequest', 'OUT BillPaymentResponse',
  ]);
  expect(detail.json.messages[2].body).toContain('mobile="98XXXXXX10"');
  type Event = { what: string; source: string; at: number };
  const history = detail.json.history as Event[];
  expect(history.filter((e) => e.source !== 'message journal').map((e) => e.what.split(':')[0])).toEqual(['RECEIVED', 'POSTING', 'SUCCESS']);
  expect(history.filter((e) => e.source === 'message journal').map((e) => e.what)).toEqual([
    'BBPS BillFetchRequest received (ACCEPTED)', 'BBPS BillFetchResponse sent (000)', 'BBPS BillPaymentRequest received (ACCEPTED)', 'BBPS BillPaymentResponse sent (000)',
  ]);
  expect(history.map((e) => e.at)).toEqual([...history.map((e) => e.at)].sort((a, b) => a - b));
  expect(detail.json).toMatchObject({ receipts: [{ receiptNumber: receipt }], attempts: 1, unresolved: false, customerMobile: '98XXXXXX10' });
});

test('bad search parameters are refused naming them; an unknown payment is 404', async () => {
  for (const [q, param] of [['state=NOPE', 'state'], ['from=2026-13-01', 'from'], ['page=0', 'page'], ['limt=5', 'limt'], ['from=2026-11-02&to=2026-11-01', 'to']]) {
    const r = await ops(`/ops/payments?${q}`);
    expect([q, r.status, r.json.code, r.json.param]).toEqual([q, 400, 'REQUEST_INVALID', param]);
  }
  const missing = await ops('/ops/payments/NO-SUCH-TXN');
  expect([missing.status, missing.type.split(';')[0], missing.json.code]).toEqual([404, 'application/problem+json', 'PAYMENT_NOT_FOUND']);
});

test('Resolve now: still unknown while DIGIT hangs (nothing changes), settled once it answers, one DIGIT payment', async () => {
  h.sandbox.setFault({ route: 'create', mode: 'commitThenHang' });
  h.sandbox.setFault({ route: 'paymentsearch', mode: 'error5xx' });
  const { txn, res } = await pay('PB-PT-2023-04-12-000458');
  expect(res.status).toBe(202);
  expect((await h.svc.ledger.getPayment(txn))?.state).toBe('UNKNOWN');
  h.sandbox.clearFaults();
  h.sandbox.setFault({ route: 'paymentsearch', mode: 'hang' });
  const creates = h.sandbox.stats().createCalls;
  const still = await ops(`/ops/payments/${txn}/resolve`, 'POST');
  expect([still.status, still.json]).toEqual([200, { result: 'STILL_UNKNOWN' }]);
  expect((await h.svc.ledger.getPayment(txn))?.state).toBe('UNKNOWN');

  h.sandbox.clearFaults();
  // the hung searches may have opened the collection circuit: while it is open nothing is tried (503)
  let settled = await ops(`/ops/payments/${txn}/resolve`, 'POST');
  if (settled.status === 503) {
    expect(settled.json).toMatchObject({ code: 'DIGIT_UNAVAILABLE', detail: expect.stringContaining('nothing was tried') });
    expect((await h.svc.ledger.getPayment(txn))?.state).toBe('UNKNOWN');
    await eventually(async () => (await (await fetch(`${h.svc.url}/health/ready`)).json()) as { digitCircuits: Record<string, string> }, (r) => r.digitCircuits.collection !== 'open');
    settled = await ops(`/ops/payments/${txn}/resolve`, 'POST');
  }
  expect(settled.json).toMatchObject({ result: 'SETTLED', outcome: { status: 'SUCCESS' } });
  expect((await ops(`/ops/payments/${txn}/resolve`, 'POST')).json).toMatchObject({ result: 'ALREADY_SETTLED', outcome: { status: 'SUCCESS' } });
  expect(h.sandbox.stats().createCalls).toBe(creates);
  expect(h.sandbox.listPayments().filter((p) => p.transactionNumber === txn)).toHaveLength(1);
});

test('Resend: only a parked callback (404 for none, 409 for a pending one)', async () => {
  expect((await ops('/ops/outbox/nothing/resend', 'POST')).json.code).toBe('OUTBOX_ITEM_NOT_FOUND');
  await h.svc.ledger.addOutbox({ id: 'cb:BillFetchRequest:R-pending', refId: 'R-pending', api: 'BillFetchResponse', url: 'http://127.0.0.1:9/x', body: '<x/>', leaseMs: 1e12 });
  const r = await ops(`/ops/outbox/${encodeURIComponent('cb:BillFetchRequest:R-pending')}/resend`, 'POST');
  expect([r.status, r.json.code]).toEqual([409, 'OUTBOX_ITEM_NOT_PARKED']);
});
