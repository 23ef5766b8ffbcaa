// A W3C traceparent followed from a BBPS request into DIGIT (the sandbox's received headers) and
// the log lines; one made when the request carries none; and spans exported over OTLP/HTTP to a
// loopback receiver when OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CONSUMERS, createDigitSandbox, type DigitSandbox } from '../../../src/simulators/digit';
import { killAdapter, sandboxEnv, startAdapter } from '../multi-instance/adapter-process';
import { startHarness, type Harness } from '../../support/harness';
import { attr, fetchXml, paymentXml } from '../../support/messages';
import { TRACEPARENT, TRACE_ID, capturedLogger } from './support';

const PARAMS = { City: 'Amritsar', 'Property ID': SEED_CONSUMERS.ptDue };
const post = (h: Harness, path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(h.svc.url + path, { method: 'POST', headers: { 'content-type': 'application/xml', ...headers }, body });
const traceOf = (tp: string | null | undefined) => tp?.split('-')[1];

describe('trace context', () => {
  const logs = capturedLogger('info');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ logger: logs.log, env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => h.stop());

  test('a traceparent is continued into every DIGIT call and written as traceId in the log lines', async () => {
    h.sandbox.reset();
    const fetched = await post(h, '/bbps/sync/BillFetchRequest', fetchXml({ billerId: 'PBMC00000PUN01', params: PARAMS }), { traceparent: TRACEPARENT });
    expect(fetched.status).toBe(200);
    expect(traceOf(fetched.headers.get('traceparent'))).toBe(TRACE_ID);
    const body = await fetched.text();
    const refId = attr(body, 'Head', 'refId')!;
    const bill = { billNumber: attr(body, 'BillerResponse', 'billNumber')!, amountPaise: 150000 };
    const paid = await post(h, '/bbps/sync/BillPaymentRequest', paymentXml({ billerId: 'PBMC00000PUN01', params: PARAMS, refId, amountPaise: 150000, bills: [bill] }), { traceparent: TRACEPARENT });
    expect(attr(await paid.text(), 'Reason', 'responseCode')).toBe('000');

    const calls = h.sandbox.receivedCalls().filter((c) => c.route !== 'login');
    expect(calls.map((c) => c.route)).toEqual(expect.arrayContaining(['fetchbill', 'create']));
    // a child span per call: same trace, the caller's span id replaced
    for (const c of calls) {
      expect(traceOf(c.traceparent)).toBe(TRACE_ID);
      expect(c.traceparent).not.toBe(TRACEPARENT);
    }
    const exchanges = logs.lines().filter((l) => l.message === 'bbps message');
    expect(exchanges.map((l) => l.api)).toEqual(['BillFetchRequest', 'BillPaymentRequest']);
    for (const l of exchanges) expect(l.traceId).toBe(TRACE_ID);
  });

  test('without a traceparent (or with a malformed one) a new trace is made, per request', async () => {
    h.sandbox.reset();
    const a = await post(h, '/bbps/sync/BillFetchRequest', fetchXml({ billerId: 'PBMC00000PUN01', params: PARAMS }));
    const b = await post(h, '/bbps/sync/BillFetchRequest', fetchXml({ billerId: 'PBMC00000PUN01', params: PARAMS }), { traceparent: 'garbage' });
    const [ta, tb] = [traceOf(a.headers.get('traceparent')), traceOf(b.headers.get('traceparent'))];
    expect(ta).toMatch(/^[0-9a-f]{32}$/);
    expect(tb).toMatch(/^[0-9a-f]{32}$/);
    expect(ta).not.toBe(tb);
    const fetches = h.sandbox.receivedCalls().filter((c) => c.route === 'fetchbill').map((c) => traceOf(c.traceparent));
    expect(fetches).toEqual([ta, tb]);
  });

  test('the JSON API and /health are traced too', async () => {
    const res = await fetch(`${h.svc.url}/health/live`, { headers: { traceparent: TRACEPARENT } });
    expect(traceOf(res.headers.get('traceparent'))).toBe(TRACE_ID);
    const api = await fetch(`${h.svc.url}/api/v1/billers`, { headers: { traceparent: TRACEPARENT } });
    expect(api.status).toBe(401);
    expect(traceOf(api.headers.get('traceparent'))).toBe(TRACE_ID);
  });
});

describe('background work', () => {
  const logs = capturedLogger('info');
  let h: Harness;
  let offset = 0;
  beforeAll(async () => {
    h = await startHarness({ logger: logs.log, env: { LOG_LEVEL: 'info' }, clock: { now: () => Date.now() + offset } });
  });
  afterAll(() => h.stop());

  test("the sweeper's resumption of a payment is one trace: its DIGIT calls and its log line share a traceId, not the request's", async () => {
    h.sandbox.reset();
    const params = { City: 'Jalandhar', 'Property ID': SEED_CONSUMERS.ptJalandhar };
    const fetched = await post(h, '/bbps/sync/BillFetchRequest', fetchXml({ billerId: 'PBMC00000PUN01', params }), { traceparent: TRACEPARENT });
    const body = await fetched.text();
    const refId = attr(body, 'Head', 'refId')!;
    const bill = { billNumber: attr(body, 'BillerResponse', 'billNumber')!, amountPaise: Number(attr(body, 'BillerResponse', 'amount')) };
    h.sandbox.setFault({ route: 'create', mode: 'commitThenHang' });
    h.sandbox.setFault({ route: 'paymentsearch', mode: 'error5xx' });
    const txnReferenceId = 'TRC' + Date.now().toString().slice(-12);
    const paid = await post(h, '/bbps/sync/BillPaymentRequest', paymentXml({ billerId: 'PBMC00000PUN01', params, refId, amountPaise: bill.amountPaise, bills: [bill], txnReferenceId }), { traceparent: TRACEPARENT });
    expect(paid.status).toBe(202);
    expect((await h.svc.ledger.getPayment(txnReferenceId))?.state).toBe('UNKNOWN');
    h.sandbox.clearFaults();
    const before = h.sandbox.receivedCalls().length;
    offset += 10 * 60_000; // past its retry time
    expect(await h.svc.sweeper.sweepOnce()).toBeGreaterThanOrEqual(1);
    expect((await h.svc.ledger.getPayment(txnReferenceId))?.state).toBe('SUCCESS');

    const sweepCalls = h.sandbox.receivedCalls().slice(before).filter((c) => c.route !== 'login');
    expect(sweepCalls.map((c) => c.route)).toContain('paymentsearch');
    const traces = new Set(sweepCalls.map((c) => traceOf(c.traceparent)));
    expect(traces.size).toBe(1);
    const [sweepTrace] = [...traces];
    expect(sweepTrace).toMatch(/^[0-9a-f]{32}$/);
    expect(sweepTrace).not.toBe(TRACE_ID);
    const worked = logs.lines().filter((l) => l.message === 'sweeper: payment worked on' && l.txnReferenceId === txnReferenceId);
    expect(worked.map((l) => l.traceId)).toEqual([sweepTrace]);
  });
});

// the built process (OpenTelemetry's HTTP exporter loads its transport by dynamic import, which the
// jest VM refuses): what an operator runs
describe('OTLP export', () => {
  let receiver: Server;
  const bodies: string[] = [];
  let endpoint: string;
  let sandbox: DigitSandbox;
  let sandboxServer: { url: string; close(): Promise<void> };
  let dir: string;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(`${req.url} ${Buffer.concat(chunks).toString('utf8')}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    sandbox = createDigitSandbox();
    sandboxServer = await sandbox.listen(0, '127.0.0.1');
    dir = mkdtempSync(join(tmpdir(), 'otlp-'));
  });
  afterAll(async () => {
    await sandboxServer.close();
    await new Promise<void>((r) => receiver.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('with OTEL_EXPORTER_OTLP_ENDPOINT set, the request and DIGIT spans arrive at <endpoint>/v1/traces', async () => {
    const a = await startAdapter({
      ...sandboxEnv(sandboxServer.url), DATABASE_URL: `sqlite:${join(dir, 'l.db')}`, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'adapter-under-test',
    });
    try {
      const res = await fetch(`${a.url}/bbps/sync/BillFetchRequest`, {
        method: 'POST', headers: { 'content-type': 'application/xml', traceparent: TRACEPARENT }, body: fetchXml({ billerId: 'PBMC00000PUN01', params: PARAMS }),
      });
      expect(res.status).toBe(200);
      a.child.kill('SIGTERM'); // close flushes the batch
      expect(await a.exited).toEqual({ code: 0, signal: null });
    } finally {
      await killAdapter(a);
    }
    const all = bodies.join('\n');
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.every((b) => b.startsWith('/v1/traces '))).toBe(true);
    expect(all).toContain(TRACE_ID);
    expect(all).toContain('adapter-under-test');
    expect(all).toContain('DIGIT _fetchbill');
    expect(all).toContain('POST /bbps/sync/BillFetchRequest');
  });
});
