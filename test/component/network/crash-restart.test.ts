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
    // short deadlines keep the leases a restart must wait out short (deadline + DIGIT timeout + 5 s)
    BBPS_SYNC_DEADLINE_MS: '1000',
    DIGIT_TIMEOUT_MS: '500',
    BBPS_CALLBACK_RETRY_MS: '100',
    SWEEP_INTERVAL_MS: '200',
    BBPS_HEARTBEAT_MS: '0',
  };
});
afterAll(async () => {
  await killAdapter(adapter);
  await cu.close();
  await sandboxServer.close();
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

  adapter = await startAdapter(env);
  cu.adapterUrl = adapter.url;
  const cb = await cu.waitFor('BillPaymentResponse', paid.refId, 20_000);
  expect(cb.verified).toBe(true);
  expect(cb.message?.reason.responseCode).toBe('000');
  const inDigit = sandbox.listPayments().filter((p) => p.transactionNumber === paid.txnReferenceId);
  expect(inDigit).toHaveLength(1);
  expect(cb.message?.reason.approvalRefNum).toBe((inDigit[0] as unknown as { paymentDetails: Array<{ receiptNumber: string }> }).paymentDetails[0]?.receiptNumber);
  expect(sandbox.stats().createSucceeded).toBe(committed + 1);
}, 40_000);
