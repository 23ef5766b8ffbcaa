// The operators' console in headless Chromium against the real service (network mode, DIGIT sandbox,
// CU simulator): sign in; a payment made over BBPS on the Overview (figures equal to the ledger's) and
// found by txnReferenceId; an unknown-outcome payment seen in Unresolved and settled with Resolve now
// once DIGIT answers again (no second _create); a parked callback resent; a reconciliation run, its CSV
// downloaded and its safe item repaired; a viewer refused an action;
// forged cross-site POSTs refused; no page without a session; no full mobile number in any page.
// One browser and one service for the whole file; every page visited is kept, checked and screenshotted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { istDate } from '../../src/core/dates';
import { istWindow } from '../../src/core/ist-window';
import { rupees } from '../../src/http/console/format';
import { maskMobiles } from '../../src/observability/mask';
import { addOperator } from '../../src/operators/add-cli';
import { describeBrowser, launchChromium, screenshot } from '../support/browser';
import { eventually, startNetwork, type Network } from '../component/network/network-harness';
import { attr, allAttrs, fetchXml, newId, paymentXml } from '../support/messages';

const PT = 'PBMC00000PUN01';
const WATER = 'AMRW00000PUN01';
const TL = 'PBTL00000PUN01';
// the seed's owner mobiles behind the bills paid here: none may appear in full on any page
const MOBILES = ['9812345670', '9988776655', '9876543210'];

describeBrowser('operators console in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-browser-'));
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  let n: Network;
  let browser: Browser;
  let operator: BrowserContext;
  let viewer: BrowserContext;
  let opPage: Page;
  let viewPage: Page;
  let operatorKey: string;
  let viewerKey: string;
  const visited: Array<{ url: string; html: string; text: string }> = [];
  let paidTxn = '';
  let unknownTxn = '';

  beforeAll(async () => {
    const env = { OPERATORS_FILE: join(dir, 'operators.json') };
    operatorKey = addOperator(['--id', 'ops-01', '--role', 'operator', '--name', 'Asha (operations)'], env).key;
    viewerKey = addOperator(['--id', 'audit-1', '--role', 'viewer', '--name', 'Ravi (audit)'], env).key;
    // unsigned: the sync BBPS routes take the test's own messages as they are
    n = await startNetwork({ dir, clock, signed: false, env: { ...env, BBPS_CALLBACK_PARK_AFTER_MS: '1500', BBPS_CALLBACK_TIMEOUT_MS: '500' } });
    browser = await launchChromium();
    operator = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    viewer = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    opPage = await operator.newPage();
    viewPage = await viewer.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await n?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = (path: string) => `${n.h.svc.url}${path}`;

  /** Keeps the page as loaded (for the crawl checks), checks its frame, and screenshots it. */
  async function keep(page: Page, shot?: string): Promise<void> {
    visited.push({ url: page.url(), html: await page.content(), text: await page.locator('body').innerText() });
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    if (shot) await screenshot(page, shot);
  }

  async function visit(page: Page, path: string, shot?: string): Promise<void> {
    const res = await page.goto(url(path));
    expect(res?.status()).toBe(200);
    await keep(page, shot);
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(url('/console/sign-in'));
    await page.getByLabel('Operator key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(url('/console'));
  }

  test('no page without a session: every console page leads to sign-in', async () => {
    for (const path of ['/console', '/console/payments', '/console/unresolved', '/console/callbacks', '/console/reversals', '/console/reconciliation', '/console/reconciliation.csv', '/console/payments/x']) {
      await opPage.goto(url(path));
      expect(opPage.url()).toBe(url('/console/sign-in'));
    }
    await keep(opPage, 'sign-in');
    expect(await opPage.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in');
  });

  test('sign in with the operator key; a wrong key is refused', async () => {
    await opPage.goto(url('/console/sign-in'));
    await opPage.getByLabel('Operator key').fill('bbo_wrong');
    await opPage.getByRole('button', { name: 'Sign in' }).click();
    expect(await opPage.getByRole('alert').innerText()).toBe('That operator key is not known.');
    await signIn(opPage, operatorKey);
    await keep(opPage);
    for (const name of ['Overview', 'Payments', 'Unresolved', 'Callbacks', 'Reversals', 'Reconciliation']) {
      expect(await opPage.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true }).count()).toBe(1);
    }
    expect(await opPage.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  });

  test('a payment made over BBPS is on the Overview with the ledger’s figures, found by txnReferenceId, and shown on its page', async () => {
    // the customer's mobile travels in full in the messages (Customer/@mobile): the pages must mask it
    const params = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
    const refId = newId();
    const fetched = await n.h.post('/bbps/sync/BillFetchRequest', fetchXml({ refId, billerId: PT, params, mobile: '9876543210' }));
    expect([attr(fetched.body, 'Reason', 'responseCode'), fetched.body]).toEqual(['000', fetched.body]);
    const bills = allAttrs(fetched.body, 'BillerResponse', 'billNumber').map((billNumber, i) => ({ billNumber, amountPaise: Number(allAttrs(fetched.body, 'BillerResponse', 'amount')[i]) }));
    paidTxn = newId(20);
    const paid = await n.h.post('/bbps/sync/BillPaymentRequest', paymentXml({ refId, billerId: PT, params, mobile: '9876543210', amountPaise: bills[0].amountPaise, bills: bills.slice(0, 1), txnReferenceId: paidTxn }));
    expect(attr(paid.body, 'Reason', 'responseCode')).toBe('000');

    await visit(opPage, '/console', 'overview');
    // the figures, recomputed from the ledger's own rows of today (IST)
    const day = istDate(clock.now());
    const { from, before } = istWindow(day, day);
    const rows = await n.h.svc.ledger.listPayments(from, before);
    const success = rows.filter((r) => r.state === 'SUCCESS' && r.reversedAt === undefined);
    const sum = success.reduce((s, r) => s + (r.outcome?.status === 'SUCCESS' ? r.outcome.receipts.reduce((a, x) => a + x.amountPaise, 0) : 0), 0);
    const rowsShown = await Promise.all((await opPage.locator('section[aria-labelledby="today"] tbody tr').all()).map((r) => r.locator('td').allInnerTexts()));
    const cells = rowsShown.find((c) => c[0] === 'SUCCESS');
    expect(cells).toEqual(['SUCCESS', String(success.length), rupees(sum)]);
    expect(success.length).toBeGreaterThanOrEqual(1);

    await opPage.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Payments', exact: true }).click();
    await opPage.getByLabel('Search').fill(paidTxn);
    await opPage.getByRole('button', { name: 'Find payments' }).click();
    await keep(opPage, 'payments');
    await opPage.getByRole('link', { name: paidTxn }).click();
    await opPage.waitForURL(url(`/console/payments/${paidTxn}`));
    await keep(opPage, 'payment');
    const row = (await n.h.svc.ledger.getPayment(paidTxn))!;
    const receipt = row.outcome?.status === 'SUCCESS' ? row.outcome.receipts[0].receiptNumber : 'none';
    const text = await opPage.locator('main').innerText();
    expect(text).toContain(`Payment ${paidTxn}`);
    expect(text).toContain(receipt);
    expect(text).toContain('State history');
    expect(text).toMatch(/in · BillPaymentRequest/);
    expect(text).toMatch(/out · BillPaymentResponse · 000/);
    expect(text).toMatch(/in · BillFetchRequest/);
    // the message bodies are there, masked
    await opPage.locator('details').filter({ hasText: 'in · BillPaymentRequest' }).locator('summary').click();
    expect(await opPage.locator('details[open] pre').innerText()).toContain('mobile="98XXXXXX10"');
  });

  test('an unknown-outcome payment is in Unresolved and settled with Resolve now once DIGIT answers again, with one DIGIT payment', async () => {
    const params = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' };
    const refId = newId();
    const fetched = await n.h.post('/bbps/sync/BillFetchRequest', fetchXml({ refId, billerId: PT, params }));
    const amount = Number(attr(fetched.body, 'BillerResponse', 'amount'));
    const billNumber = attr(fetched.body, 'BillerResponse', 'billNumber')!;
    unknownTxn = newId(20);
    // DIGIT stores the payment but never answers, and its search fails: the adapter cannot know
    n.h.sandbox.setFault({ route: 'create', mode: 'commitThenHang' });
    n.h.sandbox.setFault({ route: 'paymentsearch', mode: 'error5xx' });
    const res = await n.h.post('/bbps/sync/BillPaymentRequest', paymentXml({ refId, billerId: PT, params, amountPaise: amount, bills: [{ billNumber, amountPaise: amount }], txnReferenceId: unknownTxn }));
    expect(res.status).toBe(202);
    expect((await n.h.svc.ledger.getPayment(unknownTxn))?.state).toBe('UNKNOWN');
    const inDigit = () => n.h.sandbox.listPayments().filter((p) => p.transactionNumber === unknownTxn);
    expect(inDigit()).toHaveLength(1);

    offset += 2 * 60_000; // past the minute after which it is listed
    await visit(opPage, '/console/unresolved', 'unresolved');
    const item = opPage.getByRole('row').filter({ hasText: unknownTxn });
    expect(await item.locator('td').nth(2).innerText()).toBe('UNKNOWN');

    n.h.sandbox.clearFaults(); // DIGIT answers again
    await eventually(async () => (await (await fetch(url('/health/ready'))).json()) as { digitCircuits: Record<string, string> }, (r) => r.digitCircuits.collection !== 'open');
    const creates = n.h.sandbox.stats().createCalls;
    await item.getByRole('button', { name: 'Resolve now' }).click();
    await opPage.waitForURL(/\/console\/unresolved\?notice=settled$/);
    await keep(opPage);
    expect(await opPage.getByRole('status').innerText()).toBe('Resolved: the payment is settled.');
    expect(await opPage.getByRole('row').filter({ hasText: unknownTxn }).count()).toBe(0);
    const row = await n.h.svc.ledger.getPayment(unknownTxn);
    expect(row?.state).toBe('SUCCESS');
    expect(n.h.sandbox.stats().createCalls).toBe(creates); // found by search: no second _create
    expect(inDigit()).toHaveLength(1);
  });

  test('a parked callback is resent from Callbacks and delivered', async () => {
    n.cu.misbehave({ mode: 'error', status: 503 });
    const sent = await n.cu.fetch({ billerId: WATER, params: { 'Connection Number': 'WS/107/2023-24/000045' } });
    const id = `cb:BillFetchRequest:${sent.refId}`;
    await eventually(() => n.h.svc.ledger.getOutbox(id), (i) => i?.state === 'PARKED', 10_000);
    n.cu.behave();
    await visit(opPage, '/console/callbacks', 'callbacks');
    const item = opPage.locator('section[aria-labelledby="parked"]').getByRole('row').filter({ hasText: id });
    expect(await item.innerText()).toMatch(/503/);
    await item.getByRole('button', { name: 'Resend' }).click();
    await opPage.waitForURL(/\/console\/callbacks\?notice=resent$/);
    await keep(opPage);
    await n.cu.waitFor('BillFetchResponse', sent.refId);
    await eventually(() => n.h.svc.ledger.getOutbox(id), (i) => i?.state === 'SENT');
  });

  test('a reconciliation is run from its page, its CSV downloaded, and its safe item repaired without a _create', async () => {
    // an unresolved payment that DIGIT holds: the safe class
    const params = { City: 'Amritsar', 'Application Number': 'PB-TL-2026-01-15-000321' };
    const refId = newId();
    const fetched = await n.h.post('/bbps/sync/BillFetchRequest', fetchXml({ refId, billerId: TL, params }));
    const amount = Number(attr(fetched.body, 'BillerResponse', 'amount'));
    const stuck = newId(20);
    n.h.sandbox.setFault({ route: 'create', mode: 'commitThenHang' });
    n.h.sandbox.setFault({ route: 'paymentsearch', mode: 'error5xx' });
    const res = await n.h.post('/bbps/sync/BillPaymentRequest', paymentXml({ refId, billerId: TL, params, amountPaise: amount, bills: [{ billNumber: attr(fetched.body, 'BillerResponse', 'billNumber')!, amountPaise: amount }], txnReferenceId: stuck }));
    expect(res.status).toBe(202);
    n.h.sandbox.clearFaults();

    await visit(opPage, '/console/reconciliation');
    const today = istDate(clock.now());
    expect([await opPage.getByLabel('From').inputValue(), await opPage.getByLabel('To').inputValue()]).toEqual([today, today]);
    await opPage.getByRole('button', { name: 'Run reconciliation' }).click();
    await opPage.waitForURL(/\/console\/reconciliation\?from=/);
    await keep(opPage, 'reconciliation');
    const classRow = async (c: string) => (await opPage.locator('section[aria-labelledby="report"] > table tbody tr').filter({ hasText: c }).first().locator('td').allInnerTexts());
    expect((await classRow('UNRESOLVED'))[1]).toBe('1');
    expect(Number((await classRow('MATCHED'))[1])).toBeGreaterThanOrEqual(2);
    expect(await opPage.getByRole('row').filter({ hasText: stuck }).innerText()).toContain('yes');

    const [download] = await Promise.all([opPage.waitForEvent('download'), opPage.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`recon-${today}-${today}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('class,txnReferenceId,ledgerState,ledgerPaise,digitPaise,receiptNumbers,tenantId,businessService,repairable,note');
    expect(csv).toMatch(new RegExp(`^MATCHED,${paidTxn},SUCCESS,`, 'm'));
    expect(csv).toMatch(new RegExp(`^UNRESOLVED,${stuck},UNKNOWN,${amount},${amount},`, 'm'));

    const creates = n.h.sandbox.stats().createCalls;
    await opPage.getByRole('button', { name: 'Repair' }).click();
    await opPage.waitForURL(/notice=repaired/);
    await keep(opPage);
    expect(await opPage.getByRole('status').innerText()).toBe('Repair done: the safe items are settled.');
    expect((await classRow('UNRESOLVED'))[1]).toBe('0');
    expect((await n.h.svc.ledger.getPayment(stuck))?.state).toBe('SUCCESS');
    expect(n.h.sandbox.stats().createCalls).toBe(creates);
  });

  test('the Reversals page lists what reversals did', async () => {
    await visit(opPage, '/console/reversals', 'reversals');
    expect(await opPage.getByRole('table').count()).toBe(1);
  });

  test('a viewer sees the actions disabled, and a crafted POST with their own token is refused (403)', async () => {
    const txn = newId(20);
    const { payment } = await n.h.svc.ledger.claimPayment({
      request: { refId: newId(), msgId: newId(), origInst: 'BBCU', billerId: PT, params: [{ name: 'City', value: 'Amritsar' }], txnReferenceId: txn, amountPaise: 100, custConvFeePaise: 0, paymentMode: 'UPI', quickPay: true, billsNamed: [], reversal: false },
      contentHash: 'h', leaseMs: 1e12,
    });
    expect(payment.state).toBe('RECEIVED');
    await signIn(viewPage, viewerKey);
    await visit(viewPage, `/console/payments/${txn}`);
    expect(await viewPage.getByRole('button', { name: 'Resolve now' }).isDisabled()).toBe(true);
    await visit(viewPage, '/console/reconciliation?from=' + istDate(clock.now()));
    // Run reconciliation is a read: the viewer runs it; Repair is an action
    expect(await viewPage.getByRole('button', { name: 'Run reconciliation' }).isDisabled()).toBe(false);
    expect(await viewPage.getByRole('button', { name: 'Repair' }).isDisabled()).toBe(true);
    offset += 2 * 60_000; // old enough to be listed in Unresolved
    await visit(viewPage, '/console/unresolved');
    expect(await viewPage.getByRole('row').filter({ hasText: txn }).getByRole('button', { name: 'Resolve now' }).isDisabled()).toBe(true);
    const csrf = await viewPage.locator('input[name="_csrf"]').first().inputValue();
    const refused = await viewPage.request.post(url(`/console/payments/${txn}/resolve`), { form: { _csrf: csrf }, headers: { origin: n.h.svc.url }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('audit-1 is a viewer');
    expect((await n.h.svc.ledger.getPayment(txn))?.state).toBe('RECEIVED');
  });

  test('forged cross-site POSTs are refused: a form on another origin, a wrong Origin, a missing token', async () => {
    // a page on another origin (same host, other port: the browser sends the SameSite cookie along,
    // so only the console's origin check stands in the way) that submits a form to the console
    const evil: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><form id="f" method="post" action="${url('/console/callbacks/x/resend')}"><input name="_csrf" value="forged"></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    try {
      const answered = opPage.waitForResponse((r) => r.url() === url('/console/callbacks/x/resend'));
      await opPage.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const res = await answered;
      expect(res.status()).toBe(403);
      expect(await res.text()).toContain('may not change anything here');
    } finally {
      await new Promise((r) => evil.close(r));
    }
    await visit(opPage, '/console/callbacks');
    const csrf = await opPage.locator('input[name="_csrf"]').first().inputValue();
    const wrongOrigin = await opPage.request.post(url('/console/callbacks/x/resend'), { form: { _csrf: csrf }, headers: { origin: 'http://evil.example' }, maxRedirects: 0 });
    expect(wrongOrigin.status()).toBe(403);
    const noToken = await opPage.request.post(url('/console/callbacks/x/resend'), { form: {}, headers: { origin: n.h.svc.url }, maxRedirects: 0 });
    expect(noToken.status()).toBe(403);
    expect(await noToken.text()).toContain('missing or wrong token');
  });

  test('no full mobile number in any page visited; every page had the strict frame (one h1, lang=en)', () => {
    expect(visited.length).toBeGreaterThanOrEqual(10);
    for (const v of visited) {
      for (const m of MOBILES) expect([v.url, v.html.includes(m)]).toEqual([v.url, false]);
      expect([v.url, maskMobiles(v.text)]).toEqual([v.url, v.text]);
    }
  });

  test('sign out ends the session', async () => {
    await visit(opPage, '/console');
    await opPage.getByRole('button', { name: 'Sign out' }).click();
    await opPage.waitForURL(url('/console/sign-in'));
    await opPage.goto(url('/console'));
    expect(opPage.url()).toBe(url('/console/sign-in'));
  });
});
