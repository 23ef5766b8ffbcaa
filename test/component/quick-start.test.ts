// The README's quick start, as a user runs it: the built service with no DIGIT_URL (in-process
// sandbox) answers examples/fetch.xml and examples/payment.xml, and a repeat replays the receipt.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attr } from '../support/messages';
import { startAdapter, type AdapterProcess } from './multi-instance/adapter-process';

const dir = mkdtempSync(join(tmpdir(), 'quick-start-'));
let adapter: AdapterProcess;

beforeAll(async () => {
  adapter = await startAdapter({ DATABASE_URL: `sqlite:${join(dir, 'ledger.db')}` });
});
afterAll(async () => {
  adapter.child.kill('SIGTERM');
  await adapter.exited;
  rmSync(dir, { recursive: true, force: true });
});

const post = async (api: string, file: string) => {
  const res = await fetch(`${adapter.url}/bbps/sync/${api}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: readFileSync(join(__dirname, '..', '..', 'examples', file)),
  });
  return { status: res.status, body: await res.text() };
};

test('prints how to try it, then serves the example fetch and payment', async () => {
  await adapter.waitFor('Try a fetch:'); // printed right after the "adapter listening" log line
  const fetched = await post('BillFetchRequest', 'fetch.xml');
  expect(fetched.status).toBe(200);
  expect(attr(fetched.body, 'BillerResponse', 'amount')).toBe('150000');
  const paid = await post('BillPaymentRequest', 'payment.xml');
  expect(attr(paid.body, 'Reason', 'responseCode')).toBe('000');
  expect(attr(paid.body, 'Reason', 'approvalRefNum')).toMatch(/^PT\/107\//);
  const again = await post('BillPaymentRequest', 'payment.xml');
  expect(attr(again.body, 'Reason', 'approvalRefNum')).toBe(attr(paid.body, 'Reason', 'approvalRefNum'));
  const ready = await fetch(`${adapter.url}/health/ready`);
  expect(ready.status).toBe(200);
});

test("the README's JSON API tour: the printed demo key fetches and pays a water bill", async () => {
  await adapter.waitFor('demo client key:');
  const key = /demo client key: (bbk_[A-Za-z0-9_-]+)/.exec(adapter.output())![1];
  const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${adapter.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const customerParams = { 'Connection Number': 'WS/107/2023-24/000045' };
  const fetched = await call('/api/v1/bills/fetch', { billerId: 'AMRW00000PUN01', customerParams });
  expect(fetched.status).toBe(200);
  const [bill] = fetched.body.bills;
  expect(bill.amountPaise).toBe(48000);
  const payment = { billerId: 'AMRW00000PUN01', customerParams, fetchId: fetched.body.fetchId, clientReference: 'POS7-000123', paymentMode: 'Cash', bills: [{ billNumber: bill.billNumber, amountPaise: 48000 }] };
  const paid = await call('/api/v1/payments', payment, { 'idempotency-key': 'pos7-000123' });
  expect(paid.status).toBe(201);
  expect(paid.body.status).toBe('SUCCESS');
  expect(paid.body.receipts[0].receiptNumber).toMatch(/^WS\/107\//);
});

test('the printed demo operator key opens /ops; /ops refuses a request without it', async () => {
  await adapter.waitFor('demo operator key:');
  const key = /demo operator key: (bbo_[A-Za-z0-9_-]+)/.exec(adapter.output())![1];
  const listed = await fetch(`${adapter.url}/ops/outbox?state=PENDING`, { headers: { authorization: `Bearer ${key}` } });
  expect(listed.status).toBe(200);
  expect(await listed.json()).toMatchObject({ state: 'PENDING', items: expect.any(Array) });
  expect((await fetch(`${adapter.url}/ops/outbox?state=PENDING`)).status).toBe(401);
});

test('the printed console URL serves the sign-in page; the printed demo key signs in and opens the Overview', async () => {
  await adapter.waitFor('console: ');
  const out = adapter.output();
  const consoleUrl = /console: (http:\/\/\S+\/console) \(sign in with the key above\)/.exec(out)![1];
  const key = /demo operator key: (bbo_[A-Za-z0-9_-]+)/.exec(out)![1];
  expect(consoleUrl).toBe(`${adapter.url}/console`);
  const first = await fetch(consoleUrl, { redirect: 'manual' });
  expect([first.status, first.headers.get('location')]).toEqual([303, '/console/sign-in']);
  const signIn = await fetch(`${consoleUrl}/sign-in`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: adapter.url }, body: new URLSearchParams({ key }).toString(),
  });
  expect([signIn.status, signIn.headers.get('location')]).toEqual([303, '/console']);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
  const overview = await fetch(consoleUrl, { headers: { cookie } });
  expect(overview.status).toBe(200);
  expect(await overview.text()).toContain('<h1>Overview</h1>');
});
