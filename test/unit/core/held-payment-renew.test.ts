// Skipped renewals (one write fewer per payment) must never leave a lease shorter than the DIGIT call
// that follows: with the service's lease (paymentLeaseMs(T) = 4T + 5 s) a renewal is skipped only just
// after the lease was written, so every call path (up to 4T: login, call, 401, re-login, call) starting
// after a renewal ends inside the lease, and no other holder can take the payment in the middle of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeldPayment } from '../../../src/core/held-payment';
import { paymentLeaseMs } from '../../../src/digit';
import { openSqliteLedger } from '../../../src/ledger';
import { tradeLicencePayment } from '../../support/core-rig';

const T = 10_000; // DIGIT_TIMEOUT_MS's default
const LEASE = paymentLeaseMs(T);
const CALL_PATH = 4 * T;

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'held-renew-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function manualClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

async function claimed(clock: ReturnType<typeof manualClock>) {
  const a = await openSqliteLedger(join(dir, 'l.db'), { clock, instanceId: 'a' });
  const b = await openSqliteLedger(join(dir, 'l.db'), { clock, instanceId: 'b', besideService: true });
  const req = tradeLicencePayment();
  const leasedAt = clock.now();
  const { created, payment } = await a.claimPayment({ request: req, contentHash: 'h', leaseMs: LEASE });
  expect(created).toBe(true);
  const held = new HeldPayment(a, payment, LEASE, { clock, leasedAt });
  const leaseEnd = async () => (await a.getPayment(req.txnReferenceId))!.nextAttemptAt;
  return { a, b, req, held, leaseEnd, close: async () => { await b.close(); await a.close(); } };
}

test('the renewal right after the claim is skipped (no write), the lease still outlasting a call path', async () => {
  const clock = manualClock();
  const { held, leaseEnd, close } = await claimed(clock);
  const before = await leaseEnd();
  clock.advance(20);
  expect(await held.renew()).toBe(true);
  expect(await leaseEnd()).toBe(before); // not written
  expect(before - clock.now()).toBeGreaterThanOrEqual(CALL_PATH);
  await close();
});

test.each([1_000, 5_000, T + 250, 2 * T])('a renewal %i ms after the claim is written: the next call path ends inside the lease', async (after) => {
  const clock = manualClock();
  const { b, req, held, leaseEnd, close } = await claimed(clock);
  clock.advance(after); // e.g. the first bill read timed out after T, then retryOrFail's 250 ms
  const callStart = clock.now();
  expect(await held.renew()).toBe(true);
  expect((await leaseEnd()) - callStart).toBeGreaterThanOrEqual(CALL_PATH);
  clock.advance(CALL_PATH - 1);
  expect(await b.tryLease(req.txnReferenceId, LEASE)).toBeUndefined(); // still ours at the end of the call
  await close();
});
