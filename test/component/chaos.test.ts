// A seeded fault simulation: payments, some sent several times at once, while DIGIT misbehaves at
// random (5xx, dropped connections, commit-then-hang, latency, token loss). Afterwards, with DIGIT
// healthy and the sweeper run to the end: no payment is in DIGIT twice, every ledger success is in
// DIGIT exactly once, no ledger failure is in DIGIT, nothing is left unresolved, and the money adds up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDigitSandbox, type DigitSandbox, type FaultSpec } from '../../src/simulators/digit';
import { attr, fetchXml, newId, paymentXml } from '../support/messages';
import { expectConservation, startHarness, type Harness } from '../support/harness';

const SEED = Number(process.env.CHAOS_SEED ?? 20261125);
const PAYMENTS = 40;
const BATCH = 8;

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with CHAOS_SEED */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let sandbox: DigitSandbox;
let server: { url: string; close(): Promise<void> };
let h: Harness;
let offset = 0;
const clock = { now: () => Date.now() + offset };
const dir = mkdtempSync(join(tmpdir(), 'bbps-chaos-'));

beforeAll(async () => {
  sandbox = createDigitSandbox({ markPaidDelayMs: 50 });
  server = await sandbox.listen();
  h = await startHarness({
    dir,
    sandbox: { instance: sandbox, url: server.url },
    clock,
    env: { DIGIT_TIMEOUT_MS: '300', BBPS_SYNC_DEADLINE_MS: '1500' },
  });
});
afterAll(async () => {
  await h.stop();
  await sandbox.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test(`seed ${SEED}: ${PAYMENTS} payments under random DIGIT faults are each posted at most once`, async () => {
  const rand = prng(SEED);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const codes = sandbox.addBulkPtConsumers({ count: PAYMENTS, amount: 700, start: 500 });
  const faults: Array<FaultSpec | 'tokens' | 'none'> = [
    'none', 'none', 'tokens',
    { route: 'create', mode: 'error5xx', times: 1 },
    { route: 'create', mode: 'down', times: 1 },
    { route: 'create', mode: 'commitThenHang', times: 1 },
    { route: 'create', mode: 'latency', latencyMs: 400, times: 2 },
    { route: 'paymentsearch', mode: 'error5xx', times: 2 },
    { route: 'fetchbill', mode: 'down', times: 1 },
  ];
  const sent = new Map<string, string>(); // txnReferenceId → payment XML
  const answers: Array<{ txn: string; status: number; body: string }> = [];

  for (let i = 0; i < PAYMENTS; i += BATCH) {
    const fault = pick(faults);
    if (fault === 'tokens') sandbox.expireTokens();
    else if (fault !== 'none') sandbox.setFault(fault);
    await Promise.all(
      codes.slice(i, i + BATCH).map(async (code) => {
        const params = { City: 'Amritsar', 'Property ID': code };
        const refId = newId();
        const quickPay = rand() < 0.3;
        if (!quickPay) await h.post('/bbps/sync/BillFetchRequest', fetchXml({ refId, billerId: 'PBMC00000PUN01', params }));
        const txn = newId(20);
        // part payments too: the biller allows them above ₹100
        const amount = pick([70000, 70000, 50000]);
        const xml = paymentXml({ billerId: 'PBMC00000PUN01', params, amountPaise: amount, refId, txnReferenceId: txn, quickPay });
        sent.set(txn, xml);
        const copies = 1 + Math.floor(rand() * 3);
        const res = await Promise.all(Array.from({ length: copies }, () => h.post('/bbps/sync/BillPaymentRequest', xml)));
        for (const r of res) answers.push({ txn, ...r });
      }),
    );
    sandbox.clearFaults();
  }

  // DIGIT is healthy again: the sweeper resolves whatever is left (leases and backoff skipped by the clock)
  for (let round = 0; round < 10; round++) {
    offset += 10 * 60_000;
    if ((await h.svc.sweeper.sweepOnce()) === 0) break;
  }

  const inDigit = new Map<string, number>();
  for (const p of sandbox.listPayments()) {
    const txn = String(p.transactionNumber);
    if (sent.has(txn)) inDigit.set(txn, (inDigit.get(txn) ?? 0) + 1);
  }
  for (const [txn, xml] of sent) {
    const row = await h.svc.ledger.getPayment(txn);
    expect([txn, row?.state]).toEqual([txn, expect.stringMatching(/^(SUCCESS|FAILED)$/)]);
    const posted = inDigit.get(txn) ?? 0;
    expect([txn, posted]).toEqual([txn, row?.state === 'SUCCESS' ? 1 : 0]);
    // a repeat now answers with the stored outcome, never a different one
    const again = await h.post('/bbps/sync/BillPaymentRequest', xml);
    expect(attr(again.body, 'Reason', 'responseCode')).toBe(row?.state === 'SUCCESS' ? '000' : '200');
  }
  // every copy answered during the chaos was a success, a pending Ack, or a failure of a payment that failed for good
  for (const a of answers) {
    const state = (await h.svc.ledger.getPayment(a.txn))?.state;
    if (a.status === 202) continue;
    const code = attr(a.body, 'Reason', 'responseCode');
    expect([a.txn, code]).toEqual([a.txn, state === 'SUCCESS' ? '000' : '200']);
  }
  await expectConservation(h);
  // the faults really bit: more _create calls reached DIGIT than payments it holds
  const successes = [...inDigit.values()].reduce((a, b) => a + b, 0);
  expect(sandbox.stats().createCalls).toBeGreaterThan(successes);
});
