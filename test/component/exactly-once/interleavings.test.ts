// The interleavings a review found to break "exactly once" (issue: fenced leases, no new bill while
// uncertain, safe reversals), each made deterministic: the sandbox's delayed commit (DIGIT validates a
// `_create` at once and persists it later), a manual clock to expire leases, gates that pause a worker
// between two steps, and two workers (two ledger connections) on one ledger file.
import { DigitCallError } from '../../../src/core/ports';
import { Gate, sleep, startRig, tradeLicencePayment, TL_BILL, until, type Rig } from '../../support/core-rig';

let rig: Rig;
afterEach(async () => rig?.stop());

const FAR = () => Date.now() + 20_000;

test('a timed-out _create that DIGIT persists late, then the bill expires: no second bill is posted; the late payment is the answer', async () => {
  rig = await startRig({ createCommitDelayMs: 1500, timeoutMs: 400, persistBoundMs: 5000 });
  const w = await rig.worker();
  const req = tradeLicencePayment();
  const paying = w.payBill.execute(req, Date.now() + 8000);
  // attempt 0 is validated (and will commit at 1.5 s); the bill reaches its expiry meanwhile
  await until('the first _create', () => rig.sandbox.stats().createCalls === 1);
  await sleep(50);
  rig.sandbox.expireBill(TL_BILL);
  const outcome = await paying;
  expect(outcome.status).toBe('SUCCESS');
  await sleep(1700); // every commit still on its way has landed
  const inDigit = rig.paymentsFor(req.txnReferenceId);
  expect(inDigit).toHaveLength(1);
  expect(outcome.status === 'SUCCESS' && outcome.receipts[0].receiptNumber).toBe((inDigit[0].paymentDetails as Array<{ receiptNumber: string }>)[0].receiptNumber);
});

test('a hung _create DIGIT never processed, then the bill expires: the bill is regenerated only after the persistence bound, and paid once', async () => {
  rig = await startRig({ timeoutMs: 300, persistBoundMs: 1500 });
  const w = await rig.worker();
  const req = tradeLicencePayment();
  rig.sandbox.setFault({ route: 'create', mode: 'hang', times: 1 });
  const started = Date.now();
  const paying = w.payBill.execute(req, Date.now() + 8000);
  await until('the first _create', () => rig.sandbox.stats().createCalls === 1);
  rig.sandbox.expireBill(TL_BILL);
  const outcome = await paying;
  expect(outcome.status).toBe('SUCCESS');
  const inDigit = rig.paymentsFor(req.txnReferenceId);
  expect(inDigit).toHaveLength(1);
  // the regenerated bill was posted only once the first attempt could no longer land
  expect(Number(inDigit[0].transactionDate) - started).toBeGreaterThanOrEqual(rig.persistBoundMs);
});

test('a reversal while a timed-out _create is still being persisted is pending, never "not posted"; once it lands it is a posted payment', async () => {
  rig = await startRig({ createCommitDelayMs: 1500, timeoutMs: 400, persistBoundMs: 5000 });
  const w = await rig.worker();
  const req = tradeLicencePayment();
  // the forward's deadline passes before its _create times out: given up with the outcome unknown
  expect((await w.payBill.execute(req, Date.now() + 300)).status).toBe('PENDING');
  expect(rig.sandbox.stats().createCalls).toBe(1);
  expect((await w.reverse.execute({ ...req, reversal: true })).kind).toBe('PENDING');
  // the sweeper may not post it again: a reversal was asked
  await w.sweeper.sweepOnce();
  expect(rig.sandbox.stats().createCalls).toBe(1);
  await until('DIGIT persisted the first _create', () => rig.paymentsFor(req.txnReferenceId).length === 1);
  const again = await w.reverse.execute({ ...req, reversal: true });
  expect(again.kind).toBe('POSTED'); // an ONLINE payment: for the operators to reverse
  expect(await w.ledger.getPayment(req.txnReferenceId)).toMatchObject({ state: 'SUCCESS' });
  expect((await w.payBill.execute(req, FAR())).status).toBe('SUCCESS');
  expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(1);
});

test('a reversal of a _create DIGIT never processed: pending until the persistence bound, then "not posted"; the forward is never posted', async () => {
  rig = await startRig({ timeoutMs: 300, persistBoundMs: 1200 });
  const w = await rig.worker();
  const req = tradeLicencePayment();
  rig.sandbox.setFault({ route: 'create', mode: 'hang', times: 1 });
  expect((await w.payBill.execute(req, Date.now() + 200)).status).toBe('PENDING');
  expect((await w.reverse.execute({ ...req, reversal: true })).kind).toBe('PENDING');
  await w.sweeper.sweepOnce();
  expect(rig.sandbox.stats().createCalls).toBe(1);
  await until('the bound has passed', async () => (await w.reverse.execute({ ...req, reversal: true })).kind === 'NOT_POSTED', 8000);
  const forward = await w.payBill.execute(req, FAR());
  expect(forward).toMatchObject({ status: 'FAILED', code: 'BPR005' });
  await w.sweeper.sweepOnce();
  expect(rig.sandbox.stats().createCalls).toBe(1);
  expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(0);
});

test('a RECEIVED payment whose worker is still planning is not closed under it: the reversal waits; once the lease is lost the stale worker never posts', async () => {
  rig = await startRig({ leaseMs: 2000 });
  const planning = new Gate();
  const a = await rig.worker({ fetchBills: planning });
  const b = await rig.worker();
  const req = tradeLicencePayment();
  const paying = a.payBill.execute(req, FAR());
  await until('A is planning', () => planning.waiting === 1);
  expect((await b.reverse.execute({ ...req, reversal: true })).kind).toBe('PENDING'); // A holds it
  rig.clock.advance(rig.leaseMs + 1); // A stalls beyond its lease
  expect((await b.reverse.execute({ ...req, reversal: true })).kind).toBe('NOT_POSTED');
  planning.open();
  expect(await paying).toMatchObject({ status: 'FAILED', code: 'BPR005' });
  expect(rig.sandbox.stats().createCalls).toBe(0);
});

test('a worker stalled between markPosting and _create: a reversal that took its lease is pending, and what the worker then posts is found and kept', async () => {
  rig = await startRig({ leaseMs: 2000, persistBoundMs: 60_000 });
  const sending = new Gate();
  const a = await rig.worker({ createPayment: sending });
  const b = await rig.worker();
  const req = tradeLicencePayment();
  const paying = a.payBill.execute(req, FAR());
  await until('A committed POSTING and is about to call _create', () => sending.waiting === 1);
  rig.clock.advance(rig.leaseMs + 1);
  expect((await b.reverse.execute({ ...req, reversal: true })).kind).toBe('PENDING');
  sending.open();
  // A's _create reaches DIGIT, but A no longer holds the lease: its SUCCESS is not its to write
  expect((await paying).status).toBe('PENDING');
  expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(1);
  expect((await b.reverse.execute({ ...req, reversal: true })).kind).toBe('POSTED');
  expect(await b.ledger.getPayment(req.txnReferenceId)).toMatchObject({ state: 'SUCCESS' });
});

test("a stale worker's BPR010 never overwrites the new holder's success: both callers get the receipt", async () => {
  rig = await startRig({ leaseMs: 2000 });
  let down = true;
  const a = await rig.worker();
  const bSends = new Gate();
  const b = await rig.worker({ createPayment: bSends });
  // A sees DIGIT unreachable (nothing sent): it retries within its deadline, then would fail BPR010
  const unreachable = a.payBill as unknown as { deps: { digit: { fetchBills: (...x: unknown[]) => Promise<unknown> } } };
  const real = unreachable.deps.digit.fetchBills;
  unreachable.deps.digit.fetchBills = (...x) => (down ? Promise.reject(new DigitCallError('UNAVAILABLE', 'connection refused')) : real(...x));
  const req = tradeLicencePayment();
  const paying = a.payBill.execute(req, Date.now() + 1500);
  await sleep(300);
  rig.clock.advance(rig.leaseMs + 1);
  const taken = b.sweeper.sweepOnce();
  await until('B is about to call _create', () => bSends.waiting === 1);
  // A reaches its deadline while B posts: its BPR010 is not its to write
  expect((await paying).status).toBe('PENDING');
  bSends.open();
  expect(await taken).toBe(1);
  const stored = await b.ledger.getPayment(req.txnReferenceId);
  expect(stored).toMatchObject({ state: 'SUCCESS' });
  down = false;
  expect(await a.payBill.execute(req, FAR())).toStrictEqual(stored!.outcome);
  expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(1);
});

test('a stale worker giving up (UNKNOWN) cannot release the new holder: no second _create runs beside it', async () => {
  rig = await startRig({ leaseMs: 2000, timeoutMs: 300 });
  const aSends = new Gate();
  const a = await rig.worker({ createPayment: aSends });
  const bSends = new Gate();
  const b = await rig.worker({ createPayment: bSends });
  const req = tradeLicencePayment();
  const paying = a.payBill.execute(req, Date.now() + 1500);
  await until('A is about to call _create', () => aSends.waiting === 1);
  rig.clock.advance(rig.leaseMs + 1);
  const taken = b.sweeper.sweepOnce();
  await until('B is about to call _create', () => bSends.waiting === 1);
  rig.sandbox.setFault({ route: 'create', mode: 'error5xx', times: 1 });
  aSends.open(); // A's call answers 5xx: A would mark the payment UNKNOWN, but the lease is B's
  expect((await paying).status).toBe('PENDING');
  expect(await b.ledger.getPayment(req.txnReferenceId)).toMatchObject({ state: 'POSTING', leaseOwner: b.ledger.instanceId });
  // a repeat cannot take it over while B works on it
  expect(await a.ledger.tryLease(req.txnReferenceId, rig.leaseMs)).toBeUndefined();
  bSends.open();
  await taken;
  expect(await b.ledger.getPayment(req.txnReferenceId)).toMatchObject({ state: 'SUCCESS' });
  expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(1);
});

test('the sweeper never takes over a payment its own process is still working on, however long DIGIT takes', async () => {
  rig = await startRig({ leaseMs: 2000 });
  const sending = new Gate();
  const w = await rig.worker({ createPayment: sending });
  const req = tradeLicencePayment();
  const paying = w.payBill.execute(req, FAR());
  await until('the worker is about to call _create', () => sending.waiting === 1);
  rig.clock.advance(rig.leaseMs * 3);
  expect(await w.sweeper.sweepOnce()).toBe(0);
  sending.open();
  expect((await paying).status).toBe('SUCCESS');
  expect(rig.sandbox.stats().createCalls).toBe(1);
});

test('an unresolved payment is retried within 30 s whatever happened inside one run, never at a minutes-long backoff', async () => {
  rig = await startRig({ timeoutMs: 200 });
  const w = await rig.worker();
  const req = tradeLicencePayment();
  rig.sandbox.setFault({ route: 'paymentsearch', mode: 'error5xx' });
  rig.sandbox.setFault({ route: 'create', mode: 'error5xx' });
  expect((await w.payBill.execute(req, Date.now() + 1500)).status).toBe('PENDING');
  for (let i = 0; i < 4; i++) {
    rig.clock.advance(30_000);
    expect(await w.sweeper.sweepOnce()).toBe(1);
    const row = await w.ledger.getPayment(req.txnReferenceId);
    expect(row?.state).toBe('UNKNOWN');
    expect(row!.nextAttemptAt - rig.clock.now()).toBeLessThanOrEqual(30_000);
  }
  rig.sandbox.clearFaults();
  rig.clock.advance(30_000);
  expect(await w.sweeper.sweepOnce()).toBe(1);
  expect(await w.ledger.getPayment(req.txnReferenceId)).toMatchObject({ state: 'SUCCESS' });
  expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(1);
});

test('a reversal that crashed between taking the payment and closing it is resumed by the sweeper, never stuck, never posted', async () => {
  rig = await startRig({ leaseMs: 2000 });
  const w = await rig.worker();
  const req = tradeLicencePayment();
  // the forward's row, never posted (its worker died before planning)
  await w.ledger.claimPayment({ request: req, contentHash: 'h', leaseMs: 1 });
  rig.clock.advance(10); // that lease has run out
  // the reversal asked and took the lease... then its process died
  expect(await w.ledger.requestReversal(req.txnReferenceId)).toBe(true);
  expect(await w.ledger.tryLease(req.txnReferenceId, rig.leaseMs)).toBeDefined();
  const restarted = await rig.worker(); // a new process on the ledger file: the dead one's leases are free
  expect(await restarted.sweeper.sweepOnce()).toBe(1);
  expect(await restarted.ledger.getPayment(req.txnReferenceId)).toMatchObject({ state: 'FAILED', outcome: { code: 'BPR005' } });
  expect((await restarted.reverse.execute({ ...req, reversal: true })).kind).toBe('NOT_POSTED');
  expect(rig.sandbox.stats().createCalls).toBe(0);
});
