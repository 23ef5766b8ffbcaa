// State transitions: RECEIVED → POSTING → SUCCESS / FAILED / UNKNOWN → (leased) POSTING; terminal is
// final. Every progress write is the lease holder's: here the creator's token (CREATOR).
import type { LedgerContext } from './context';
import { CREATOR, expectLeaseFor, failedWith, newPayment, postingPlan, rejectionCode, succeeded, uid } from './fixtures';

export function transitionCases(ctx: LedgerContext): void {
  const slack = ctx.leaseClock === 'store' ? 1000 : 0;

  describe('state transitions', () => {
    it('RECEIVED → POSTING stores the plan exactly, counts the attempt, records when it started and renews the lease', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger, 1000);
      const plan = postingPlan([uid('B1'), uid('B2')], 9_007_199_254_740_991);
      const startedAt = Date.now() - 7;
      const before = Date.now();
      expect(await ledger.markPosting(txn, CREATOR, plan, 45_000, startedAt)).toBe(true);
      const after = Date.now();
      const row = await ledger.getPayment(txn);
      expect(row).toMatchObject({ state: 'POSTING', attempts: 1, lastPostAt: startedAt, leaseToken: CREATOR, leaseOwner: ledger.instanceId });
      expectLeaseFor(row!.nextAttemptAt, 45_000, before, after, slack);
      expect(row?.plan).toStrictEqual(plan);
      expect(row?.updatedAt).toBeGreaterThanOrEqual(row!.createdAt);
    });

    it('POSTING → SUCCESS stores the outcome to replay and releases the lease; SUCCESS is final', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, CREATOR, postingPlan(), 1000, Date.now());
      const outcome = succeeded(150_000, 25_000);
      expect(await ledger.complete(txn, CREATOR, outcome)).toBe(true);
      const done = await ledger.getPayment(txn);
      expect(done?.state).toBe('SUCCESS');
      expect(done?.outcome).toStrictEqual(outcome);
      expect(done).not.toHaveProperty('leaseOwner');

      expect(await ledger.complete(txn, CREATOR, failedWith())).toBe(false);
      expect(await ledger.complete(txn, CREATOR, succeeded(1))).toBe(false);
      expect(await ledger.markPosting(txn, CREATOR, postingPlan(), 1000, Date.now())).toBe(false);
      expect(await ledger.markUnknown(txn, CREATOR, 'late timeout', 0, Date.now())).toBe(false);
      expect(await ledger.renewLease(txn, CREATOR, 1000)).toBe(false);
      expect(await ledger.tryLease(txn, 1000)).toBeUndefined();
      expect(await ledger.getPayment(txn)).toStrictEqual(done);
    });

    it('POSTING → FAILED is final too', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, CREATOR, postingPlan(), 1000, Date.now());
      expect(await ledger.complete(txn, CREATOR, failedWith('BPR005', 'DIGIT refused the payment'))).toBe(true);
      const done = await ledger.getPayment(txn);
      expect(done).toMatchObject({ state: 'FAILED', outcome: { status: 'FAILED', code: 'BPR005', reason: 'DIGIT refused the payment' } });
      expect(await ledger.complete(txn, CREATOR, succeeded(150_000))).toBe(false);
      expect(await ledger.markPosting(txn, CREATOR, postingPlan(), 0, Date.now())).toBe(false);
      expect(await ledger.getPayment(txn)).toStrictEqual(done);
    });

    it('RECEIVED → FAILED directly (nothing reached DIGIT); the payment can never be posted later', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      expect(await ledger.complete(txn, CREATOR, failedWith('BPR010', 'DIGIT unreachable'))).toBe(true);
      expect(await ledger.markPosting(txn, CREATOR, postingPlan(), 0, Date.now())).toBe(false);
      expect((await ledger.getPayment(txn))?.plan).toBeUndefined();
    });

    it('POSTING → UNKNOWN (released) → leased POSTING → SUCCESS, the plan and note kept, attempts counted', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      const plan = postingPlan();
      const startedAt = Date.now();
      await ledger.markPosting(txn, CREATOR, plan, 1000, startedAt);
      const before = Date.now();
      expect(await ledger.markUnknown(txn, CREATOR, 'timeout after 10000 ms', 4000, startedAt)).toBe(true);
      const after = Date.now();
      const unknown = await ledger.getPayment(txn);
      expect(unknown).toMatchObject({ state: 'UNKNOWN', note: 'timeout after 10000 ms', attempts: 1, plan, lastPostAt: startedAt, leaseToken: CREATOR });
      expect(unknown).not.toHaveProperty('leaseOwner');
      expectLeaseFor(unknown!.nextAttemptAt, 4000, before, after, slack);

      // UNKNOWN is nobody's: a worker leases it (a new token) before it may post again
      const leased = await ledger.tryLease(txn, 2000);
      expect(leased).toMatchObject({ state: 'POSTING', leaseToken: CREATOR + 1, leaseOwner: ledger.instanceId });
      const replanned = postingPlan([uid('Regenerated')]);
      expect(await ledger.markPosting(txn, leased!.leaseToken, replanned, 2000, Date.now())).toBe(true);
      const again = await ledger.getPayment(txn);
      expect(again).toMatchObject({ state: 'POSTING', attempts: 2, note: 'timeout after 10000 ms' });
      expect(again?.plan).toStrictEqual(replanned);
      expect(await ledger.complete(txn, leased!.leaseToken, succeeded(150_000))).toBe(true);
    });

    it('markUnknown sets lastPostAt to the attempt that may still land, or clears it when none may', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, CREATOR, postingPlan(), 1000, 1_700_000_000_000);
      await ledger.markUnknown(txn, CREATOR, 'timeout', 0, 1_699_999_999_000);
      expect((await ledger.getPayment(txn))?.lastPostAt).toBe(1_699_999_999_000);
      const leased = await ledger.tryLease(txn, 1000);
      await ledger.markUnknown(txn, leased!.leaseToken, 'search failed', 0, undefined);
      expect(await ledger.getPayment(txn)).not.toHaveProperty('lastPostAt');
    });

    it('RECEIVED → UNKNOWN (a crash before the plan) keeps no plan', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      expect(await ledger.markUnknown(txn, CREATOR, 'search failed', 10, undefined)).toBe(true);
      const row = await ledger.getPayment(txn);
      expect(row).toMatchObject({ state: 'UNKNOWN', attempts: 0 });
      expect(row?.plan).toBeUndefined();
      expect(row).not.toHaveProperty('lastPostAt');
    });

    it('changes nothing for an unknown txnReferenceId', async () => {
      const ledger = ctx.ledger();
      const txn = uid('None');
      expect(await ledger.markPosting(txn, CREATOR, postingPlan(), 1, 1)).toBe(false);
      expect(await ledger.complete(txn, CREATOR, succeeded(100))).toBe(false);
      expect(await ledger.markUnknown(txn, CREATOR, 'x', 1, undefined)).toBe(false);
      expect(await ledger.renewLease(txn, CREATOR, 1)).toBe(false);
      expect(await ledger.requestReversal(txn)).toBe(false);
      expect(await ledger.tryLease(txn, 1)).toBeUndefined();
      expect(await ledger.getPayment(txn)).toBeUndefined();
    });

    it('refuses a receipt that is not integer paise, leaving the payment as it was', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, CREATOR, postingPlan(), 1000, Date.now());
      expect(await rejectionCode(ledger.complete(txn, CREATOR, succeeded(100.25)))).toBe('INTERNAL');
      expect(await rejectionCode(ledger.markPosting(txn, CREATOR, postingPlan([uid()], 0.1), 1, 1))).toBe('INTERNAL');
      expect(await ledger.getPayment(txn)).toMatchObject({ state: 'POSTING', attempts: 1, leaseOwner: ledger.instanceId });
    });
  });

  describe('billIdsTaken', () => {
    it('names the bills of POSTING, UNKNOWN and SUCCESS payments only', async () => {
      const ledger = ctx.ledger();
      const [a, b, c, d, e, f] = ['A', 'B', 'C', 'D', 'E', 'F'].map((x) => uid(`Bill${x}`));
      const post = async (billIds: string[]) => {
        const txn = await newPayment(ledger);
        expect(await ledger.markPosting(txn, CREATOR, postingPlan(billIds), 1000, Date.now())).toBe(true);
        return txn;
      };
      await post([a, b]);
      await ledger.markUnknown(await post([c]), CREATOR, 'timeout', 0, Date.now());
      await ledger.complete(await post([d]), CREATOR, succeeded(150_000));
      await ledger.complete(await post([e]), CREATOR, failedWith());
      await newPayment(ledger); // RECEIVED: no plan yet

      expect((await ledger.billIdsTaken([a, b, c, d, e, f])).sort()).toEqual([a, b, c, d].sort());
      expect(await ledger.billIdsTaken([f])).toEqual([]);
      expect(await ledger.billIdsTaken([])).toEqual([]);
    });

    it('follows a regenerated plan: the old bills are free again', async () => {
      const ledger = ctx.ledger();
      const [old1, kept, fresh] = [uid('Old'), uid('Kept'), uid('New')];
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, CREATOR, postingPlan([old1, kept]), 1000, Date.now());
      await ledger.markPosting(txn, CREATOR, postingPlan([kept, fresh]), 1000, Date.now());
      expect((await ledger.billIdsTaken([old1, kept, fresh])).sort()).toEqual([kept, fresh].sort());
    });

    it('reports a bill once when two payments name it', async () => {
      const ledger = ctx.ledger();
      const shared = uid('Shared');
      for (let i = 0; i < 2; i++) {
        const txn = await newPayment(ledger);
        await ledger.markPosting(txn, CREATOR, postingPlan([shared]), 1000, Date.now());
      }
      expect(await ledger.billIdsTaken([shared, shared])).toEqual([shared]);
    });

    it('keeps the bills of a refused plan out (a stale or reversed markPosting writes nothing)', async () => {
      const ledger = ctx.ledger();
      const [mine, refused] = [uid('Mine'), uid('Refused')];
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, CREATOR, postingPlan([mine]), 1000, Date.now());
      expect(await ledger.markPosting(txn, CREATOR + 1, postingPlan([refused]), 1000, Date.now())).toBe(false);
      await ledger.requestReversal(txn);
      expect(await ledger.markPosting(txn, CREATOR, postingPlan([refused]), 1000, Date.now())).toBe(false);
      expect(await ledger.billIdsTaken([mine, refused])).toEqual([mine]);
    });
  });
}
