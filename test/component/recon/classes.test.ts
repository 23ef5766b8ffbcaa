// Reconciliation over one IST day against the DIGIT sandbox, each class injected exactly once: found
// once each, totals exact; --repair settles only the safe class (never a `_create`); a second run agrees.
// Also: a payment created just before midnight IST and posted just after is reported once, in the day
// of its ledger row, never as missing.
import { ReversePayment } from '../../../src/core/reverse-payment';
import { reconcile, repairReconciliation, type ReconItem, type ReconReport } from '../../../src/core/reconcile';
import { silentLogger } from '../../../src/core/logger';
import { istMidnight, NOON_20_NOV, PT, startReconRig, type ReconRig } from '../../support/recon-rig';

let rig: ReconRig;
const DAY = '2026-11-20';
const txns: Record<string, string> = {};

const itemOf = (report: ReconReport, txn: string): ReconItem | undefined => report.items.filter((i) => i.txnReferenceId === txn)[0];
const createCalls = () => rig.sandbox.stats().createCalls;

beforeAll(async () => {
  rig = await startReconRig();
  const [a, b, c, d, e, f, g, h, i] = rig.consumers(9);
  txns.matched = (await rig.pay(a)).txnReferenceId;
  // a ledger SUCCESS DIGIT lacks: the ledger recorded receipts no `_create` ever made
  txns.missingInDigit = (await rig.stepwise(b, {
    post: false, end: 'SUCCESS',
    receipts: [{ billId: 'gone', billNumber: 'BN-gone', businessService: 'PT', receiptNumber: 'PT/107/2026-27/999999', amountPaise: 150_000 }],
  })).txnReferenceId;
  // a BBPS payment in DIGIT the ledger lacks, and a counter payment (not BBPS: not ours to reconcile)
  txns.missingInLedger = 'BBPSLOST0000000000001';
  rig.sandbox.payElsewhere({ ...PT, consumerCode: c }, {
    paymentMode: 'ONLINE', transactionNumber: txns.missingInLedger,
    additionalDetails: { bbps: { txnReferenceId: txns.missingInLedger, refId: 'REF-LOST', billerId: 'PBMC00000PUN01', ouId: 'XX01' } },
  });
  rig.sandbox.payElsewhere({ ...PT, consumerCode: d }, { paymentMode: 'CASH', transactionNumber: 'COUNTER-1' });
  // an amount changed in DIGIT after the payment
  txns.amountMismatch = (await rig.pay(e)).txnReferenceId;
  expect(rig.sandbox.amendPayment(txns.amountMismatch, 1400)).toBe(true);
  // UNKNOWN: DIGIT holds it (the answer was lost) / DIGIT lacks it (died before `_create`)
  txns.unknownHeld = (await rig.stepwise(f, { post: true, end: 'UNKNOWN' })).txnReferenceId;
  txns.unknownLacking = (await rig.stepwise(g, { post: false, end: 'UNKNOWN' })).txnReferenceId;
  // a reversed posted payment: ONLINE cannot be cancelled through DIGIT's API, so it stays live
  const paid = await rig.pay(h);
  txns.reversedPosted = paid.txnReferenceId;
  const reverse = new ReversePayment({ digit: rig.digit, ledger: rig.ledger, clock: rig.clock, log: silentLogger, leaseMs: 10_000, persistBoundMs: 2000 });
  const r = await reverse.execute({ ...paid, refId: `${paid.refId}R`, reversal: true });
  expect(r.kind).toBe('POSTED');
  await rig.opsLog.reversal({
    txnReferenceId: paid.txnReferenceId, refId: `${paid.refId}R`, billerId: paid.billerId, amountPaise: paid.amountPaise,
    result: 'POSTED_MANUAL', note: 'posted in DIGIT; to be reversed by the operators', receipts: [], at: rig.clock.now(),
  });
  // a payment refused before DIGIT (below the minimum): FAILED, nothing collected, nothing to report
  const low = rig.request(i, { amountPaise: 5_000 });
  expect((await rig.payBill.execute(low, rig.clock.now() + 5000)).status).toBe('FAILED');
  txns.failed = low.txnReferenceId;
}, 60_000);
afterAll(() => rig?.stop());

test('each class found exactly once, with exact totals', async () => {
  const report = await reconcile(rig.deps, { from: DAY, to: DAY });
  const byClass = (c: string) => report.items.filter((i) => i.class === c).map((i) => i.txnReferenceId).sort();
  expect(byClass('MATCHED')).toEqual([txns.matched]);
  expect(byClass('MISSING_IN_DIGIT')).toEqual([txns.missingInDigit]);
  expect(byClass('MISSING_IN_LEDGER')).toEqual([txns.missingInLedger]);
  expect(byClass('AMOUNT_MISMATCH')).toEqual([txns.amountMismatch]);
  expect(byClass('UNRESOLVED')).toEqual([txns.unknownHeld, txns.unknownLacking].sort());
  expect(byClass('REVERSED_BUT_POSTED')).toEqual([txns.reversedPosted]);
  expect(report.items).toHaveLength(7);
  expect(report.classes).toEqual({
    MATCHED: { count: 1, paise: 150_000 },
    MISSING_IN_DIGIT: { count: 1, paise: 150_000 },
    MISSING_IN_LEDGER: { count: 1, paise: 150_000 },
    AMOUNT_MISMATCH: { count: 1, paise: 150_000 },
    UNRESOLVED: { count: 2, paise: 300_000 },
    REVERSED_BUT_POSTED: { count: 1, paise: 150_000 },
  });
  expect(report.needsAction).toBe(true);
  expect(report).toMatchObject({ from: DAY, to: DAY });

  expect(itemOf(report, txns.amountMismatch)).toMatchObject({ ledgerPaise: 150_000, digitPaise: 140_000, ledgerState: 'SUCCESS', tenantId: 'pb.amritsar', businessService: 'PT' });
  expect(itemOf(report, txns.missingInLedger)).toMatchObject({ digitPaise: 150_000, tenantId: 'pb.amritsar', businessService: 'PT', receiptNumbers: [expect.any(String)] });
  expect(itemOf(report, txns.missingInLedger)?.ledgerState).toBeUndefined();
  expect(itemOf(report, txns.missingInDigit)).toMatchObject({ ledgerPaise: 150_000, receiptNumbers: ['PT/107/2026-27/999999'] });
  expect(itemOf(report, txns.missingInDigit)?.digitPaise).toBeUndefined();
  // the safe class is visible as such: DIGIT holds it, same amount
  expect(itemOf(report, txns.unknownHeld)).toMatchObject({ ledgerState: 'UNKNOWN', ledgerPaise: 150_000, digitPaise: 150_000, repairable: true });
  expect(itemOf(report, txns.unknownLacking)).toMatchObject({ ledgerState: 'UNKNOWN', ledgerPaise: 150_000 });
  expect(itemOf(report, txns.unknownLacking)?.repairable).toBeUndefined();
  expect(itemOf(report, txns.failed)).toBeUndefined();
  expect(report.items.some((i) => i.txnReferenceId === 'COUNTER-1')).toBe(false);
});

test('repair settles only the UNKNOWN that DIGIT holds (no _create), and a second run agrees', async () => {
  const before = await reconcile(rig.deps, { from: DAY, to: DAY });
  const creates = createCalls();
  const result = await repairReconciliation(rig.deps, before);
  expect(createCalls()).toBe(creates);
  const held = itemOf(before, txns.unknownHeld)!;
  expect(result).toEqual({ repaired: [{ txnReferenceId: txns.unknownHeld, receiptNumbers: held.receiptNumbers }], skipped: [] });
  const row = await rig.ledger.getPayment(txns.unknownHeld);
  expect(row?.state).toBe('SUCCESS');
  expect(row?.outcome).toMatchObject({ status: 'SUCCESS', receipts: [expect.objectContaining({ receiptNumber: held.receiptNumbers[0], amountPaise: 150_000 })] });
  // the others are untouched
  expect((await rig.ledger.getPayment(txns.unknownLacking))?.state).toBe('UNKNOWN');

  const after = await reconcile(rig.deps, { from: DAY, to: DAY });
  expect(itemOf(after, txns.unknownHeld)).toMatchObject({ class: 'MATCHED', ledgerState: 'SUCCESS', receiptNumbers: held.receiptNumbers });
  expect(after.classes.MATCHED).toEqual({ count: 2, paise: 300_000 });
  expect(after.classes.UNRESOLVED).toEqual({ count: 1, paise: 150_000 });
  for (const c of ['MISSING_IN_DIGIT', 'MISSING_IN_LEDGER', 'AMOUNT_MISMATCH', 'REVERSED_BUT_POSTED'] as const) expect(after.classes[c]).toEqual(before.classes[c]);
  // nothing left to repair
  expect(await repairReconciliation(rig.deps, after)).toEqual({ repaired: [], skipped: [] });
  expect(createCalls()).toBe(creates);
});

test('repair skips (and reports) a payment whose lease is held by a worker', async () => {
  const [code] = rig.consumers(1);
  const req = await rig.stepwise(code, { post: true, end: 'POSTING' });
  const report = await reconcile(rig.deps, { from: DAY, to: DAY });
  expect(itemOf(report, req.txnReferenceId)).toMatchObject({ class: 'UNRESOLVED', ledgerState: 'POSTING', repairable: true });
  const result = await repairReconciliation(rig.deps, report);
  expect(result.skipped).toEqual([{ txnReferenceId: req.txnReferenceId, reason: 'its lease is held by a worker, or it is no longer unresolved' }]);
  expect((await rig.ledger.getPayment(req.txnReferenceId))?.state).toBe('POSTING');
});

test('a payment created 23:59:59 IST and posted 00:00:01 the next day is MATCHED once, never missing', async () => {
  const [code] = rig.consumers(1);
  const midnight = istMidnight('2026-11-22');
  rig.clock.jumpTo(midnight - 1000);
  const req = await rig.stepwise(code, { post: true, end: 'SUCCESS', beforePost: () => rig.clock.jumpTo(midnight + 1000) });
  const row = await rig.ledger.getPayment(req.txnReferenceId);
  expect(row!.createdAt).toBeLessThan(midnight);
  const [inDigit] = await rig.digit.searchPayments({ ...PT, transactionNumber: req.txnReferenceId });
  expect(inDigit.transactionDate).toBeGreaterThanOrEqual(midnight);

  const day21 = await reconcile(rig.deps, { from: '2026-11-21', to: '2026-11-21' });
  expect(day21.items).toEqual([expect.objectContaining({ class: 'MATCHED', txnReferenceId: req.txnReferenceId, digitPaise: 150_000 })]);
  const day22 = await reconcile(rig.deps, { from: '2026-11-22', to: '2026-11-22' });
  expect(day22.items).toEqual([]);
  expect(day22.needsAction).toBe(false);
  // both days in one run: once
  const both = await reconcile(rig.deps, { from: '2026-11-21', to: '2026-11-22' });
  expect(both.items.map((i) => [i.class, i.txnReferenceId])).toEqual([['MATCHED', req.txnReferenceId]]);
});

test('bad days and tenants are refused naming the parameter', async () => {
  const refused = async (q: { from: string; to: string; tenant?: string }) => reconcile(rig.deps, q).then(() => undefined, (e: { code: string; details: { param: string } }) => [e.code, e.details.param]);
  expect(await refused({ from: '2026-11-31', to: '2026-12-01' })).toEqual(['REQUEST_INVALID', 'from']);
  expect(await refused({ from: '2026-11-01', to: 'yesterday' })).toEqual(['REQUEST_INVALID', 'to']);
  expect(await refused({ from: '2026-11-02', to: '2026-11-01' })).toEqual(['REQUEST_INVALID', 'to']);
  expect(await refused({ from: '2026-11-01', to: '2026-11-01', tenant: 'pb.nowhere' })).toEqual(['REQUEST_INVALID', 'tenant']);
});

test('a tenant filter keeps that tenant only', async () => {
  const amritsar = await reconcile(rig.deps, { from: DAY, to: DAY, tenant: 'pb.amritsar' });
  expect(amritsar.items.length).toBeGreaterThan(0);
  expect(amritsar.tenant).toBe('pb.amritsar');
  const jalandhar = await reconcile(rig.deps, { from: DAY, to: DAY, tenant: 'pb.jalandhar' });
  expect(jalandhar.items).toEqual([]);
});

test('an UNKNOWN that DIGIT holds but whose reversal was asked is left to the reversal, not repaired', async () => {
  rig.clock.jumpTo(NOON_20_NOV + 3_600_000);
  const req = await rig.stepwise(rig.consumers(1)[0], { post: true, end: 'UNKNOWN' });
  expect(await rig.ledger.requestReversal(req.txnReferenceId)).toBe(true);
  const report = await reconcile(rig.deps, { from: DAY, to: DAY });
  const item = itemOf(report, req.txnReferenceId);
  expect(item).toMatchObject({ class: 'UNRESOLVED', digitPaise: 150_000, note: 'a reversal was asked: the reversal settles it' });
  expect(item?.repairable).toBeUndefined();
  const result = await repairReconciliation(rig.deps, report);
  expect(result.repaired.map((r) => r.txnReferenceId)).not.toContain(req.txnReferenceId);
  expect((await rig.ledger.getPayment(req.txnReferenceId))?.state).toBe('UNKNOWN');
});
