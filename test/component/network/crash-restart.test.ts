// The adapter process really killed (SIGKILL) after it Acked a payment and while DIGIT was committing
// it; restarted on the same ledger → the response is still delivered, and DIGIT has exactly one payment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CuSimulator } from '../../../src/simulators/bbps-cu';
import { createDigitSandbox, type DigitSandbox } from '../../../src/simulators/digit';
import { killAdapter, sandboxEnv, startAdapter, type AdapterProcess } from '../multi-instance/adapter-process';
import { eventually, newKeyPair, writePem } from './network-harness';

const PT = 'PBMC00000PUN01';
const PARAMS = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };

let sandbox: DigitSandbox;
let sandboxServer: { url: string; close(): Promise<void> };
let cu: CuSimulator;
let dir: string;
let adapter: AdapterProcess | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = createDigitSandbox();
  sandboxServer = await sandbox.listen(0, '127.0.0.1');
  dir = mkdtempSync(join(tmpdir(), 'bbps-crash-'));
  const adapterKeys = newKeyPair();
  const cuKeys = newKeyPair();
  cu = new CuSimulator({ privateKeyPem: cuKeys.privatePem, adapterKeyPem: adapterKeys.publicPem });
  const cuUrl = await cu.listen();
  env = {
    ...sandboxEnv(sandboxServer.url),
    DATABASE_URL: `sqlite:${join(dir, 'ledger.db')}`,
    BBPS_CALLBACK_URL: cuUrl,
    BBPS_SIGNING_KEY_FILE: writePem(dir, 'adapter-private.pem', adapterKeys.privatePem),
    BBPS_CU_CERT_FILE: writePem(dir, 'cu-public.pem', cuKeys.publicPem),
    // the defaults: leases of 45 s that a restart must never wait out (design §3.7)
    BBPS_SYNC_DEADLINE_MS: '20000',
    DIGIT_TIMEOUT_MS: '10000',
    BBPS_CALLBACK_RETRY_MS: '100',
    BBPS_HEARTBEAT_MS: '0',
  };
});
// each test ends with its restarted process running: stopped here, or the next test's start would orphan it
afterEach(() => killAdapter(adapter));
afterAll(async () => {
  await killAdapter(adapter);
  await cu.close();
  await sandboxServer.close();
  await sandbox.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('SIGKILL after the Ack, mid-payment: after a restart the answer is delivered, one DIGIT payment', async () => {
  adapter = await startAdapter(env);
  cu.adapterUrl = adapter.url;
  // DIGIT commits the payment but never answers: the adapter is stuck inside _create
  sandbox.setFault({ route: 'create', mode: 'commitThenHang', times: 1 });
  const committed = sandbox.stats().createSucceeded;
  const paid = await cu.pay({ billerId: PT, params: PARAMS, amountPaise: 150000 });
  expect(paid.ack?.ok).toBe(true);
  await eventually(() => sandbox.stats().createSucceeded, (n) => n === committed + 1);
  adapter.child.kill('SIGKILL');
  expect((await adapter.exited).signal).toBe('SIGKILL');
  expect(cu.delivered('BillPaymentResponse')).toHaveLength(0);

  const restarted = Date.now();
  adapter = await startAdapter(env);
  cu.adapterUrl = adapter.url;
  const cb = await cu.waitFor('BillPaymentResponse', paid.refId, 20_000);
  // the dead process's leases were freed when the ledger was opened, not waited out
  expect(Date.now() - restarted).toBeLessThan(10_000);
  expect(cb.verified).toBe(true);
  expect(cb.message?.reason.responseCode).toBe('000');
  const inDigit = sandbox.listPayments().filter((p) => p.transactionNumber === paid.txnReferenceId);
  expect(inDigit).toHaveLength(1);
  expect(cb.message?.reason.approvalRefNum).toBe((inDigit[0] as unknown as { paymentDetails: Array<{ receiptNumber: string }> }).paymentDetails[0]?.receiptNumber);
  expect(sandbox.stats().createSucceeded).toBe(committed + 1);
}, 40_000);

test('SIGKILL while _create hangs unprocessed: the restarted service posts it within seconds, once', async () => {
  adapter = await startAdapter(env);
  cu.adapterUrl = adapter.url;
  // DIGIT holds the request and never processes it
  sandbox.setFault({ route: 'create', mode: 'hang', times: 1 });
  const calls = sandbox.stats().createCalls;
  const committed = sandbox.stats().createSucceeded;
  const paid = await cu.pay({ billerId: PT, params: { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' }, amountPaise: 320000 });
  expect(paid.ack?.ok).toBe(true);
  await eventually(() => sandbox.stats().createCalls, (n) => n === calls + 1);
  adapter.child.kill('SIGKILL');
  await adapter.exited;
  sandbox.clearFaults();

  const restarted = Date.now();
  adapter = await startAdapter(env);
  cu.adapterUrl = adapter.url;
  const cb = await cu.waitFor('BillPaymentResponse', paid.refId, 20_000);
  expect(Date.now() - restarted).toBeLessThan(10_000);
  expect(cb.message?.reason.responseCode).toBe('000');
  expect(sandbox.listPayments().filter((p) => p.transactionNumber === paid.txnReferenceId)).toHaveLength(1);
  expect(sandbox.stats().createSucceeded).toBe(committed + 1);
}, 40_000);
