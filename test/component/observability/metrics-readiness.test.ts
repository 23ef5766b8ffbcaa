// Metrics scraped and parsed after a fetch and a payment (the values moved), and readiness: red while
// DIGIT's logins fail, green again by itself with no traffic, and probes never causing a login.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CONSUMERS, createDigitSandbox, type DigitSandbox } from '../../../src/simulators/digit';
import { startHarness, type Harness } from '../../support/harness';
import { attr, fetchXml, paymentXml } from '../../support/messages';
import { eventually, readMetrics } from './support';

const PARAMS = { City: 'Amritsar', 'Property ID': SEED_CONSUMERS.ptDue };
const scrape = async (h: Harness) => readMetrics(await (await fetch(`${h.svc.url}/metrics`)).text());

describe('metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  test('a fetch and a payment move the DIGIT, parse, ledger, login and API metrics', async () => {
    const fetched = await h.post('/bbps/sync/BillFetchRequest', fetchXml({ billerId: 'PBMC00000PUN01', params: PARAMS }));
    const refId = attr(fetched.body, 'Head', 'refId')!;
    const bill = { billNumber: attr(fetched.body, 'BillerResponse', 'billNumber')!, amountPaise: 150000 };
    const paid = await h.post('/bbps/sync/BillPaymentRequest', paymentXml({ billerId: 'PBMC00000PUN01', params: PARAMS, refId, amountPaise: 150000, bills: [bill] }));
    expect(attr(paid.body, 'Reason', 'responseCode')).toBe('000');
    await fetch(`${h.svc.url}/api/v1/payments/some-ref`, { headers: { authorization: `Bearer ${h.svc.demoApiKey}` } });

    // the first scrape of this instance: counters start at 0, and the per-state count is not cached yet
    const m = await scrape(h);
    const moved = (k: string) => m.get(k) ?? 0;
    expect(moved('digit_call_duration_seconds_count{operation="_fetchbill",outcome="ok"}')).toBe(1);
    expect(moved('digit_call_duration_seconds_count{operation="_create",outcome="ok"}')).toBe(1);
    expect(moved('bbps_parse_duration_seconds_count{api="BillFetchRequest"}')).toBe(1);
    expect(moved('bbps_parse_duration_seconds_count{api="BillPaymentRequest"}')).toBe(1);
    expect(moved('bbps_request_duration_seconds_count{api="BillPaymentRequest"}')).toBe(1);
    expect(m.get('ledger_payments_by_state{state="SUCCESS"}')).toBe(1);
    expect(m.get('ledger_payments_by_state{state="UNKNOWN"}')).toBe(0);
    expect(m.get('digit_logins_total{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('digit_circuit_state{group="billing"}')).toBe(0);
    expect(m.get('digit_circuit_state{group="collection"}')).toBe(0);
    expect(m.get('outbox_pending')).toBe(0);
    expect(m.get('outbox_oldest_pending_age_seconds')).toBe(0);
    // the route pattern, never the raw URL
    expect(m.get('api_requests_total{method="GET",route="/api/v1/payments/:clientReference",status="404"}')).toBe(1);
    expect([...m.keys()].some((k) => k.includes('some-ref'))).toBe(false);
  });

  test('the reconciliation gauge is set per class and reset for classes no longer named', async () => {
    h.svc.metrics.setReconNeedingAction({ MISSING_IN_DIGIT: 2, UNRESOLVED: 1 });
    h.svc.metrics.setReconNeedingAction({ MISSING_IN_DIGIT: 1 });
    const m = await scrape(h);
    expect(m.get('bbps_recon_items_needing_action{class="MISSING_IN_DIGIT"}')).toBe(1);
    expect(m.has('bbps_recon_items_needing_action{class="UNRESOLVED"}')).toBe(false);
  });
});

describe('readiness', () => {
  let sandbox: DigitSandbox;
  let server: { url: string; close(): Promise<void> };
  let dir: string;
  beforeAll(async () => {
    sandbox = createDigitSandbox();
    server = await sandbox.listen(0, '127.0.0.1');
    dir = mkdtempSync(join(tmpdir(), 'ready-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('red while logins fail, no login per probe, green again by itself when DIGIT recovers', async () => {
    sandbox.setFault({ route: 'login', mode: 'error5xx', status: 503 });
    const logins = () => sandbox.receivedCalls().filter((c) => c.route === 'login').length;
    const h = await startHarness({ dir, sandbox: { instance: sandbox, url: server.url }, env: { DIGIT_RELOGIN_MS: '1000' } });
    try {
      const ready = () => fetch(`${h.svc.url}/health/ready`);
      await eventually(logins, (n) => n >= 1);
      const red = await ready();
      expect(red.status).toBe(503);
      expect(await red.json()).toMatchObject({ status: 'not ready', ledger: 'ok', digit: expect.stringMatching(/login failing/) });
      // right after a background login, thirty probes: the next login is a second away
      const seen = logins();
      await eventually(logins, (n) => n > seen, 5000);
      const at = logins();
      const probes = await Promise.all(Array.from({ length: 30 }, ready));
      expect(probes.every((r) => r.status === 503)).toBe(true);
      expect(logins()).toBe(at);

      sandbox.clearFaults();
      // no traffic but the probes: the background login turns it green within DIGIT_RELOGIN_MS or so
      const green = await eventually(async () => (await ready()).status, (s) => s === 200, 5000);
      expect(green).toBe(200);
      const settled = logins();
      await Promise.all(Array.from({ length: 30 }, ready));
      expect(logins()).toBe(settled);
    } finally {
      await h.stop();
    }
  });
});
