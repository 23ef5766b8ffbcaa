// GET /ops/recon and POST /ops/recon/repair through HTTP on the running service (in-process DIGIT
// sandbox): a viewer reads the report (JSON, or the CSV download, which parses back to the same items),
// a viewer's repair is refused (403), an operator's settles the safe item; bad days are 400 naming the
// parameter; the reconciliation gauge follows each run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { paymentContentHash } from '../../../src/core/content-hash';
import { istDate } from '../../../src/core/dates';
import type { ReconItem, ReconReport } from '../../../src/core/reconcile';
import { createDigitGateway, type DigitClient } from '../../../src/digit';
import { addOperator } from '../../../src/operators/add-cli';
import { SANDBOX_USER } from '../../../src/simulators/digit';
import { startHarness, type Harness } from '../../support/harness';
import { newId } from '../../support/messages';
import { itemsFromCsv } from '../../support/recon-csv';

const dir = mkdtempSync(join(tmpdir(), 'ops-recon-'));
let h: Harness;
let digit: DigitClient;
let viewer: string;
let operator: string;
// two IST days: the test never straddles a midnight it did not ask for
const today = istDate(Date.now());
const tomorrow = istDate(Date.now() + 86_400_000);
let held: string;
let matched: string;

const get = async (url: string, key: string) => {
  const res = await fetch(h.svc.url + url, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition'), text: await res.text() };
};
const post = async (url: string, key: string, body: unknown) => {
  const res = await fetch(h.svc.url + url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  const env = { OPERATORS_FILE: join(dir, 'operators.json') };
  viewer = addOperator(['--id', 'audit-1', '--role', 'viewer'], env).key;
  operator = addOperator(['--id', 'ops-01', '--role', 'operator'], env).key;
  h = await startHarness({ env, dir });
  digit = createDigitGateway({
    baseUrl: h.svc.sandboxUrl!, username: SANDBOX_USER.username, password: SANDBOX_USER.password, loginTenant: SANDBOX_USER.tenantId,
    userType: 'EMPLOYEE', timeoutMs: 2000, circuit: false,
  });
  const [a, b] = h.sandbox.addBulkPtConsumers({ count: 2, amount: 1500, tenantId: 'pb.amritsar', start: 900 });
  const request = (code: string) => ({
    refId: newId(), msgId: newId(), origInst: 'OU01', billerId: 'PBMC00000PUN01',
    params: [{ name: 'City', value: 'Amritsar' }, { name: 'Property ID', value: code }],
    txnReferenceId: newId(20), amountPaise: 150_000, custConvFeePaise: 0, paymentMode: 'UPI', quickPay: true, billsNamed: [], reversal: false,
  });
  const first = request(a);
  expect((await h.svc.payBill.execute(first, Date.now() + 10_000)).status).toBe('SUCCESS');
  matched = first.txnReferenceId;
  // posted, then the answer was lost: UNKNOWN in the ledger, held by DIGIT
  const second = request(b);
  held = second.txnReferenceId;
  const { payment } = await h.svc.ledger.claimPayment({ request: second, contentHash: paymentContentHash(second), leaseMs: 10_000 });
  const [bill] = await digit.fetchBills({ tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: b });
  const plan = {
    tenantId: 'pb.amritsar', paidBy: 'Asha Rani', paymentMode: 'ONLINE', additionalDetails: { bbps: { txnReferenceId: held } },
    bills: [{ billId: bill.billId, billNumber: bill.billNumber, businessService: 'PT', consumerCode: b, amountPaise: 150_000 }],
  };
  const started = await h.svc.ledger.now();
  await h.svc.ledger.markPosting(held, payment.leaseToken, plan, 10_000, started);
  await digit.createPayment(held, held, plan);
  await h.svc.ledger.markUnknown(held, payment.leaseToken, 'DIGIT timed out', 60_000, started);
}, 60_000);
afterAll(async () => {
  digit?.close();
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a viewer reads the report as JSON; the gauge says what needs action', async () => {
  const r = await get(`/ops/recon?from=${today}&to=${tomorrow}`, viewer);
  expect([r.status, r.type]).toEqual([200, expect.stringMatching(/^application\/json/)]);
  const report = JSON.parse(r.text) as ReconReport;
  expect(report).toMatchObject({ from: today, to: tomorrow, needsAction: true });
  expect(report.items.map((i) => [i.class, i.txnReferenceId, i.repairable ?? false]).sort()).toEqual([
    ['MATCHED', matched, false],
    ['UNRESOLVED', held, true],
  ]);
  expect(report.classes.UNRESOLVED).toEqual({ count: 1, paise: 150_000 });
  const metrics = await (await fetch(`${h.svc.url}/metrics`)).text();
  expect(metrics).toMatch(/^bbps_recon_items_needing_action\{class="UNRESOLVED"\} 1$/m);
  expect(metrics).toMatch(/^bbps_recon_items_needing_action\{class="MISSING_IN_DIGIT"\} 0$/m);
});

test('format=csv is an attachment named for the range, and parses back to the JSON items', async () => {
  const json = JSON.parse((await get(`/ops/recon?from=${today}&to=${tomorrow}`, viewer)).text) as ReconReport;
  const r = await get(`/ops/recon?from=${today}&to=${tomorrow}&format=csv`, viewer);
  expect(r.status).toBe(200);
  expect(r.type).toMatch(/^text\/csv/);
  expect(r.disposition).toBe(`attachment; filename="recon-${today}-${tomorrow}.csv"`);
  expect(r.text.endsWith('\r\n')).toBe(true);
  const rows = parse(r.text, { columns: true, record_delimiter: '\r\n' }) as Array<Record<string, string>>;
  expect(itemsFromCsv(rows)).toEqual(json.items as ReconItem[]);
});

test('bad days are 400 problem+json naming the parameter', async () => {
  for (const [url, param] of [
    [`/ops/recon?from=2026-02-30&to=${tomorrow}`, 'from'],
    [`/ops/recon?from=${today}`, 'to'],
    [`/ops/recon?from=${today}&to=${tomorrow}&format=xml`, 'format'],
    [`/ops/recon?from=${today}&to=${tomorrow}&tenant=pb.nowhere`, 'tenant'],
  ]) {
    const r = await get(url, viewer);
    expect([url, r.status, r.type]).toEqual([url, 400, expect.stringMatching(/^application\/problem\+json/)]);
    expect(JSON.parse(r.text)).toMatchObject({ code: 'REQUEST_INVALID', param });
  }
  const bad = await post('/ops/recon/repair', operator, { from: today, to: 'tomorrow' });
  expect([bad.status, bad.json.param]).toEqual([400, 'to']);
});

test("a viewer's repair is refused (403); an operator's settles the safe item, and the report then agrees", async () => {
  const refused = await post('/ops/recon/repair', viewer, { from: today, to: tomorrow });
  expect([refused.status, refused.json.code]).toEqual([403, 'OPERATOR_FORBIDDEN']);
  expect((await h.svc.ledger.getPayment(held))?.state).toBe('UNKNOWN');

  const creates = h.sandbox.stats().createCalls;
  const done = await post('/ops/recon/repair', operator, { from: today, to: tomorrow });
  expect(done.status).toBe(200);
  expect(done.json).toEqual({ from: today, to: tomorrow, repaired: [{ txnReferenceId: held, receiptNumbers: [expect.any(String)] }], skipped: [] });
  expect(h.sandbox.stats().createCalls).toBe(creates);
  const after = JSON.parse((await get(`/ops/recon?from=${today}&to=${tomorrow}`, viewer)).text) as ReconReport;
  expect(after.needsAction).toBe(false);
  expect(after.classes.MATCHED.count).toBe(2);
  const metrics = await (await fetch(`${h.svc.url}/metrics`)).text();
  expect(metrics).toMatch(/^bbps_recon_items_needing_action\{class="UNRESOLVED"\} 0$/m);
});
