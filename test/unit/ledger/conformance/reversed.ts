// markReversed: a SUCCESS payment cancelled in DIGIT afterwards keeps its state and outcome (what was
// answered) but is no longer money collected (successTotals), once only.
import type { LedgerContext } from './context';
import { CREATOR, failedWith, newPayment, postingPlan, succeeded } from './fixtures';

export function reversedCases(ctx: LedgerContext): void {
  describe('markReversed', () => {
    it('marks a SUCCESS payment once: state and outcome kept, reversedAt set, out of successTotals', async () => {
      const ledger = await ctx.openWithClock({ now: () => 1_800_000_000_123 });
      try {
        const txn = await newPayment(ledger);
        await ledger.markPosting(txn, CREATOR, postingPlan(), 1000, Date.now());
        const outcome = succeeded(150_000, 25_000);
        await ledger.complete(txn, CREATOR, outcome);
        const before = await ledger.successTotals();

        expect(await ledger.markReversed(txn)).toBe(true);
        const row = await ledger.getPayment(txn);
        expect(row).toMatchObject({ state: 'SUCCESS', outcome, reversedAt: 1_800_000_000_123, updatedAt: 1_800_000_000_123 });
        expect(await ledger.successTotals()).toEqual({ count: before.count - 1, sumPaise: before.sumPaise - 175_000 });

        expect(await ledger.markReversed(txn)).toBe(false);
        expect(await ledger.successTotals()).toEqual({ count: before.count - 1, sumPaise: before.sumPaise - 175_000 });
        // terminal stays terminal: a late completion cannot bring it back either
        expect(await ledger.complete(txn, CREATOR, succeeded(1))).toBe(false);
      } finally {
        await ledger.close();
      }
    });

    it('refuses payments that are not SUCCESS, and unknown ones', async () => {
      const ledger = ctx.ledger();
      const live = await newPayment(ledger);
      const failed = await newPayment(ledger);
      await ledger.complete(failed, CREATOR, failedWith());
      expect(await ledger.markReversed(live)).toBe(false);
      expect(await ledger.markReversed(failed)).toBe(false);
      expect(await ledger.markReversed('NEVER-SEEN')).toBe(false);
      expect((await ledger.getPayment(live))?.reversedAt).toBeUndefined();
      expect((await ledger.getPayment(failed))?.reversedAt).toBeUndefined();
    });

    it('a payment never reversed has no reversedAt (a record read back equals the one written)', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.complete(txn, CREATOR, succeeded(100));
      expect(await ledger.getPayment(txn)).not.toHaveProperty('reversedAt');
    });
  });
}
