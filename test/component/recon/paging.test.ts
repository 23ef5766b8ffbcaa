// More than 250 payments in a day: DIGIT's payment search is walked page by page (never more than 100
// a page: DIGIT's cap) to the end, and every payment is matched once — on SQLite and on PostgreSQL.
import type { Clock } from '../../../src/core/ports';
import { istDate } from '../../../src/core/dates';
import { reconcile, repairReconciliation } from '../../../src/core/reconcile';
import { openPostgresLedger } from '../../../src/ledger';
import { describePg, dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';
import { istMidnight, searchPages, startReconRig, type ReconRig } from '../../support/recon-rig';

const COUNT = 260;

async function payMany(rig: ReconRig, n: number): Promise<string[]> {
  const txns: string[] = [];
  // a few at a time: the sandbox and the ledger see concurrent payments, as in a day's traffic
  const codes = rig.consumers(n);
  for (let i = 0; i < codes.length; i += 10) {
    const batch = await Promise.all(codes.slice(i, i + 10).map((c) => rig.stepwise(c, { post: true, end: 'SUCCESS' })));
    txns.push(...batch.map((r) => r.txnReferenceId));
  }
  return txns;
}

async function expectWalked(rig: ReconRig, from: string, to: string, txns: string[]): Promise<void> {
  const before = searchPages(rig.sandbox).length;
  const report = await reconcile(rig.deps, { from, to, tenant: 'pb.amritsar' });
  expect(report.classes.MATCHED).toEqual({ count: COUNT, paise: COUNT * 150_000 });
  expect(report.needsAction).toBe(false);
  expect(report.items.map((i) => i.txnReferenceId).sort()).toEqual([...txns].sort());
  const pages = searchPages(rig.sandbox).slice(before);
  expect(pages.every((p) => p.limit <= 100)).toBe(true);
  // DIGIT also holds the demo's paid-up history (a counter payment, not BBPS: not an item)
  const inDigit = rig.sandbox.listPayments().filter((p) => p.tenantId === 'pb.amritsar' && p.paymentDetails && (p.paymentDetails as Array<{ businessService: string }>)[0].businessService === 'PT').length;
  expect(inDigit).toBeGreaterThanOrEqual(COUNT);
  expect(inDigit).toBeLessThan(300);
  // 100 + 100 + the rest, then the empty page that ends the walk
  expect(pages.map((p) => p.offset)).toEqual([0, 100, 200, inDigit]);
}

describe('SQLite', () => {
  let rig: ReconRig;
  afterAll(() => rig?.stop());

  test(`${COUNT} payments: several pages of at most 100, walked to the end, each matched once`, async () => {
    rig = await startReconRig({ at: istMidnight('2026-11-18') + 3_600_000 });
    const txns = await payMany(rig, COUNT);
    await expectWalked(rig, '2026-11-18', '2026-11-18', txns);
  }, 120_000);
});

describePg('PostgreSQL', () => {
  const schema = uniqueSchema('recon');
  let rig: ReconRig;
  afterAll(async () => {
    await rig?.stop();
    await dropSchema(schema);
  });

  test(`the same run on a PostgreSQL ledger`, async () => {
    // PostgreSQL judges leases in its own clock: the rig's clock is real time here
    const now = Date.now();
    rig = await startReconRig({ at: now, ledger: (clock: Clock) => openPostgresLedger(TEST_DATABASE_URL, { schema, clock }) });
    const txns = await payMany(rig, COUNT);
    await expectWalked(rig, istDate(now), istDate(Date.now()), txns);
  }, 120_000);

  test('repair on PostgreSQL: the UNKNOWN DIGIT holds becomes SUCCESS under its lease, the next run agrees', async () => {
    const held = await rig.stepwise(rig.consumers(1)[0], { post: true, end: 'UNKNOWN' });
    const lacking = await rig.stepwise(rig.consumers(1)[0], { post: false, end: 'UNKNOWN' });
    const q = { from: istDate(Date.now() - 60_000), to: istDate(Date.now()) };
    const report = await reconcile(rig.deps, q);
    const cls = (r: typeof report, txn: string) => r.items.find((i) => i.txnReferenceId === txn);
    expect(cls(report, held.txnReferenceId)).toMatchObject({ class: 'UNRESOLVED', repairable: true });
    expect(cls(report, lacking.txnReferenceId)).toMatchObject({ class: 'UNRESOLVED' });
    const result = await repairReconciliation(rig.deps, report);
    expect(result.repaired.map((r) => r.txnReferenceId)).toEqual([held.txnReferenceId]);
    const after = await reconcile(rig.deps, q);
    expect(cls(after, held.txnReferenceId)?.class).toBe('MATCHED');
    expect(cls(after, lacking.txnReferenceId)?.class).toBe('UNRESOLVED');
  }, 60_000);
});
