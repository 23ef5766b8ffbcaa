// The counts behind the metrics gauges: payments by state within a creation window, and the PENDING
// outbox's depth and oldest item. On a fresh store, with a clock the test moves.
import type { LedgerContext } from './context';
import { CREATOR, failedWith, newPayment, postingPlan, succeeded } from './fixtures';

export function gaugeCases(ctx: LedgerContext): void {
  describe('metrics counts', () => {
    it('counts payments created since a time by state, and the PENDING outbox with its oldest item', async () => {
      let now = 1_900_000_000_000;
      const ledger = await ctx.fresh()({ clock: { now: () => now } });
      try {
        expect(await ledger.countByState(0)).toEqual({});
        expect(await ledger.pendingOutbox()).toEqual({ count: 0 });

        const old = await newPayment(ledger);
        await ledger.markPosting(old, CREATOR, postingPlan(), 60_000, now);
        await ledger.complete(old, CREATOR, succeeded(150_000));
        now += 60_000;
        const since = now;
        const ok = await newPayment(ledger);
        await ledger.markPosting(ok, CREATOR, postingPlan(), 60_000, now);
        await ledger.complete(ok, CREATOR, succeeded(150_000));
        const failed = await newPayment(ledger);
        await ledger.complete(failed, CREATOR, failedWith('BPR011'));
        await newPayment(ledger);
        const posting = await newPayment(ledger);
        await ledger.markPosting(posting, CREATOR, postingPlan(), 60_000, now);

        expect(await ledger.countByState(since)).toEqual({ SUCCESS: 1, FAILED: 1, RECEIVED: 1, POSTING: 1 });
        expect(await ledger.countByState(since - 60_000)).toEqual({ SUCCESS: 2, FAILED: 1, RECEIVED: 1, POSTING: 1 });

        const item = (id: string) => ({ id, refId: `R-${id}`, api: 'BillPaymentResponse', url: 'http://cu.example/x', body: '<x/>', leaseMs: 0 });
        await ledger.addOutbox(item('a'));
        const oldest = now;
        now += 5_000;
        await ledger.addOutbox(item('b'));
        await ledger.addOutbox(item('c'));
        expect(await ledger.pendingOutbox()).toEqual({ count: 3, oldestCreatedAt: oldest });
        // delivered and parked items are not pending
        now += 10_000;
        const claimed = await ledger.claimDueOutbox(1000, 10);
        const a = claimed.find((i) => i.id === 'a')!;
        const b = claimed.find((i) => i.id === 'b')!;
        expect(await ledger.markOutboxSent(a.id, a.version)).toBe(true);
        expect(await ledger.markOutboxFailed(b.id, b.version, 'parked')).toBe(true);
        expect(await ledger.pendingOutbox()).toEqual({ count: 1, oldestCreatedAt: oldest + 5_000 });
      } finally {
        await ledger.close();
      }
    });
  });
}
