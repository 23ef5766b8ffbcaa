// State transitions: RECEIVED → POSTING → SUCCESS / FAILED / UNKNOWN → POSTING; terminal is final.
import type { LedgerContext } from './context';
import { failedWith, newPayment, postingPlan, rejectionCode, succeeded, uid } from './fixtures';

export function transitionCases(ctx: LedgerContext): void {
  describe('state transitions', () => {
    it('RECEIVED → POSTING stores the plan exactly, counts the attempt and leases the row', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      const plan = postingPlan([uid('B1'), uid('B2')], 9_007_199_254_740_991);
      const lease = Date.now() + 45_000;
      expect(await ledger.markPosting(txn, plan, lease)).toBe(true);
      const row = await ledger.getPayment(txn);
      expect(row).toMatchObject({ state: 'POSTING', attempts: 1, nextAttemptAt: lease });
      expect(row?.plan).toStrictEqual(plan);
      expect(row?.updatedAt).toBeGreaterThanOrEqual(row!.createdAt);
    });

    it('POSTING → SUCCESS stores the outcome to replay; SUCCESS is final', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, postingPlan(), Date.now() + 1000);
      const outcome = succeeded(150_000, 25_000);
      expect(await ledger.complete(txn, outcome)).toBe(true);
      const done = await ledger.getPayment(txn);
      expect(done?.state).toBe('SUCCESS');
      expect(done?.outcome).toStrictEqual(outcome);

      expect(await ledger.complete(txn, failedWith())).toBe(false);
      expect(await ledger.complete(txn, succeeded(1))).toBe(false);
      expect(await ledger.markPosting(txn, postingPlan(), Date.now() + 1000)).toBe(false);
      expect(await ledger.markUnknown(txn, 'late timeout', Date.now())).toBe(false);
      expect(await ledger.getPayment(txn)).toStrictEqual(done);
    });

    it('POSTING → FAILED is final too', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, postingPlan(), Date.now() + 1000);
      expect(await ledger.complete(txn, failedWith('BPR005', 'DIGIT refused the payment'))).toBe(true);
      const done = await ledger.getPayment(txn);
      expect(done).toMatchObject({ state: 'FAILED', outcome: { status: 'FAILED', code: 'BPR005', reason: 'DIGIT refused the payment' } });
      expect(await ledger.complete(txn, succeeded(150_000))).toBe(false);
      expect(await ledger.markPosting(txn, postingPlan(), Date.now())).toBe(false);
      expect(await ledger.getPayment(txn)).toStrictEqual(done);
    });

    it('RECEIVED → FAILED directly (nothing reached DIGIT); the payment can never be posted later', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      expect(await ledger.complete(txn, failedWith('BPR010', 'DIGIT unreachable'))).toBe(true);
      expect(await ledger.markPosting(txn, postingPlan(), Date.now())).toBe(false);
      expect((await ledger.getPayment(txn))?.plan).toBeUndefined();
    });

    it('POSTING → UNKNOWN → POSTING → SUCCESS, the plan and note kept, attempts counted', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      const plan = postingPlan();
      await ledger.markPosting(txn, plan, Date.now() + 1000);
      const retryAt = Date.now() + 4000;
      expect(await ledger.markUnknown(txn, 'timeout after 10000 ms', retryAt)).toBe(true);
      expect(await ledger.getPayment(txn)).toMatchObject({ state: 'UNKNOWN', note: 'timeout after 10000 ms', nextAttemptAt: retryAt, attempts: 1, plan });

      const replanned = postingPlan([uid('Regenerated')]);
      expect(await ledger.markPosting(txn, replanned, Date.now() + 2000)).toBe(true);
      const again = await ledger.getPayment(txn);
      expect(again).toMatchObject({ state: 'POSTING', attempts: 2, note: 'timeout after 10000 ms' });
      expect(again?.plan).toStrictEqual(replanned);
      expect(await ledger.complete(txn, succeeded(150_000))).toBe(true);
    });

    it('RECEIVED → UNKNOWN (a crash before the plan) keeps no plan', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      expect(await ledger.markUnknown(txn, 'search failed', Date.now() + 10)).toBe(true);
      const row = await ledger.getPayment(txn);
      expect(row).toMatchObject({ state: 'UNKNOWN', attempts: 0 });
      expect(row?.plan).toBeUndefined();
    });

    it('changes nothing for an unknown txnReferenceId', async () => {
      const ledger = ctx.ledger();
      const txn = uid('None');
      expect(await ledger.markPosting(txn, postingPlan(), 1)).toBe(false);
      expect(await ledger.complete(txn, succeeded(100))).toBe(false);
      expect(await ledger.markUnknown(txn, 'x', 1)).toBe(false);
      expect(await ledger.getPayment(txn)).toBeUndefined();
    });

    it('refuses a receipt that is not integer paise, leaving the payment as it was', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, postingPlan(), Date.now() + 1000);
      expect(await rejectionCode(ledger.complete(txn, succeeded(100.25)))).toBe('INTERNAL');
      expect(await rejectionCode(ledger.markPosting(txn, postingPlan([uid()], 0.1), 1))).toBe('INTERNAL');
      expect(await ledger.getPayment(txn)).toMatchObject({ state: 'POSTING', attempts: 1 });
    });
  });

  describe('billIdsTaken', () => {
    it('names the bills of POSTING, UNKNOWN and SUCCESS payments only', async () => {
      const ledger = ctx.ledger();
      const [a, b, c, d, e, f] = ['A', 'B', 'C', 'D', 'E', 'F'].map((x) => uid(`Bill${x}`));
      const posting = await newPayment(ledger);
      await ledger.markPosting(posting, postingPlan([a, b]), Date.now() + 1000);
      const unknown = await newPayment(ledger);
      await ledger.markPosting(unknown, postingPlan([c]), Date.now() + 1000);
      await ledger.markUnknown(unknown, 'timeout', Date.now());
      const success = await newPayment(ledger);
      await ledger.markPosting(success, postingPlan([d]), Date.now() + 1000);
      await ledger.complete(success, succeeded(150_000));
      const failed = await newPayment(ledger);
      await ledger.markPosting(failed, postingPlan([e]), Date.now() + 1000);
      await ledger.complete(failed, failedWith());
      await newPayment(ledger); // RECEIVED: no plan yet

      expect((await ledger.billIdsTaken([a, b, c, d, e, f])).sort()).toEqual([a, b, c, d].sort());
      expect(await ledger.billIdsTaken([f])).toEqual([]);
      expect(await ledger.billIdsTaken([])).toEqual([]);
    });

    it('follows a regenerated plan: the old bills are free again', async () => {
      const ledger = ctx.ledger();
      const [old1, kept, fresh] = [uid('Old'), uid('Kept'), uid('New')];
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, postingPlan([old1, kept]), Date.now() + 1000);
      await ledger.markPosting(txn, postingPlan([kept, fresh]), Date.now() + 1000);
      expect((await ledger.billIdsTaken([old1, kept, fresh])).sort()).toEqual([kept, fresh].sort());
    });

    it('reports a bill once when two payments name it', async () => {
      const ledger = ctx.ledger();
      const shared = uid('Shared');
      for (let i = 0; i < 2; i++) {
        const txn = await newPayment(ledger);
        await ledger.markPosting(txn, postingPlan([shared]), Date.now() + 1000);
      }
      expect(await ledger.billIdsTaken([shared, shared])).toEqual([shared]);
    });
  });
}
