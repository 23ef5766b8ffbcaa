// Graceful shutdown of the adapter process (issue 5): on SIGTERM it stops accepting, lets the payment
// in flight finish and answer in full, closes idle keep-alive connections, closes the ledger and
// exits 0 — leaving nothing half done (RECEIVED/POSTING) for a sweeper to find later.
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteLedger } from '../../../src/ledger';
import { createDigitSandbox, type DigitSandbox } from '../../../src/simulators/digit';
import { attr, newId, paymentXml } from '../../support/messages';
import { killAdapter, sandboxEnv, startAdapter, type AdapterProcess } from '../multi-instance/adapter-process';

const PT = 'PBMC00000PUN01';
const DIGIT_LATENCY_MS = 1500;
/** from SIGTERM to exit: the in-flight payment's remaining DIGIT time plus closing, with room */
const EXIT_BOUND_MS = 6000;

let sandbox: DigitSandbox;
let sandboxServer: { url: string; close(): Promise<void> };
let dir: string;
let adapter: AdapterProcess | undefined;
const agent = new Agent({ keepAlive: true });

beforeAll(async () => {
  sandbox = createDigitSandbox();
  sandboxServer = await sandbox.listen(0, '127.0.0.1');
  dir = mkdtempSync(join(tmpdir(), 'shutdown-'));
});
afterAll(async () => {
  await killAdapter(adapter);
  agent.destroy();
  await sandboxServer.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(url: string, path: string, body: string): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/xml' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A client that asked once and keeps its keep-alive connection open, idle. */
function idleKeepAlive(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.once('error', reject);
    socket.once('data', (d: Buffer) => {
      if (!d.toString().startsWith('HTTP/1.1 200')) reject(new Error(`unexpected answer: ${d.toString()}`));
      resolve({ socket, closed });
    });
    socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  });
}

/** Whether a new TCP connection is refused (nothing listens any more). */
function connectRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    p.then((v) => (clearTimeout(t), resolve(v)), (e: unknown) => (clearTimeout(t), reject(e)));
  });

test('SIGTERM with a payment in flight: full answer, new connections refused, idle ones closed, exit 0, ledger settled', async () => {
  adapter = await startAdapter({
    DATABASE_URL: `sqlite:${join(dir, 'ledger.db')}`,
    ...sandboxEnv(sandboxServer.url),
    BBPS_SYNC_DEADLINE_MS: '10000',
    DIGIT_TIMEOUT_MS: '5000',
    SWEEP_INTERVAL_MS: '60000',
  });
  const port = Number(new URL(adapter.url).port);
  const idle = await idleKeepAlive(port);

  const [code] = sandbox.addBulkPtConsumers({ count: 1, amount: 1500, start: 800_001 });
  const txn = newId(20);
  const refId = newId();
  const xml = paymentXml({ billerId: PT, params: { City: 'Amritsar', 'Property ID': code }, amountPaise: 150000, txnReferenceId: txn, refId, quickPay: true });
  sandbox.setFault({ route: 'create', mode: 'latency', latencyMs: DIGIT_LATENCY_MS, times: 1 });
  const before = sandbox.stats().createCalls;
  const answer = post(adapter.url, '/bbps/sync/BillPaymentRequest', xml);
  answer.catch(() => undefined); // awaited below; a failure before that must not be unhandled
  await until('the _create to reach DIGIT', () => sandbox.stats().createCalls > before, 5000);

  const signalledAt = Date.now();
  adapter.child.kill('SIGTERM');
  await adapter.waitFor('SIGTERM: finishing in-flight work', 2000);
  expect(await connectRefused(port)).toBe(true);
  await within(idle.closed, 2000, 'closing the idle keep-alive connection');

  const res = await answer;
  expect(res.status).toBe(200);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  expect(attr(res.body, 'Reason', 'approvalRefNum')).toMatch(/^PT\/107\/\d{4}-\d{2}\/\d{6}$/);
  // the answer was still being worked on at SIGTERM: it really waited for DIGIT
  expect(Date.now() - signalledAt).toBeGreaterThan(DIGIT_LATENCY_MS / 2);

  const exit = await within(adapter.exited, EXIT_BOUND_MS, 'exiting after SIGTERM');
  expect(exit).toEqual({ code: 0, signal: null });
  expect(adapter.output()).not.toMatch(/shutdown failed|"level":"error"/);

  const ledger = await openSqliteLedger(join(dir, 'ledger.db'));
  try {
    const row = await ledger.getPayment(txn);
    expect(row?.state).toBe('SUCCESS');
    expect(row?.outcome).toEqual({ status: 'SUCCESS', receipts: [expect.objectContaining({ receiptNumber: attr(res.body, 'Reason', 'approvalRefNum') })] });
    // nothing RECEIVED, POSTING or UNKNOWN left behind, however old
    expect(await ledger.listUnresolved(Date.now() + 86_400_000)).toEqual([]);
    // the answer's copy, written after it was sent, made it in before the ledger closed
    const out = await ledger.findMessages({ refId, direction: 'OUT' });
    expect(out.map((m) => m.api)).toEqual(['BillPaymentResponse']);
  } finally {
    await ledger.close();
  }
  expect(sandbox.stats().createCalls - before).toBe(1);
}, 30_000);

test('SIGINT when idle: exits 0 at once', async () => {
  adapter = await startAdapter({ DATABASE_URL: `sqlite:${join(dir, 'idle.db')}`, ...sandboxEnv(sandboxServer.url) });
  adapter.child.kill('SIGINT');
  expect(await within(adapter.exited, 3000, 'exiting after SIGINT')).toEqual({ code: 0, signal: null });
  expect(adapter.output()).toContain('SIGINT: finishing in-flight work');
}, 30_000);
