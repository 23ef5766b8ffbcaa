// The store as a whole: totals, liveness, failure, durability across close and reopen.
import type { LedgerContext } from './context';
import { CREATOR, failedWith, newPayment, postingPlan, rejectionCode, succeeded, uid } from './fixtures';

export function storeCases(ctx: LedgerContext): void {
  describe('successTotals', () => {
    it('counts SUCCESS payments and sums their receipts in integer paise; other states do not count', async () => {
      const ledger = ctx.ledger();
      const before = await ledger.successTotals();
      const one = await newPayment(ledger);
      await ledger.markPosting(one, CREATOR, postingPlan(), 1000, Date.now());
      await ledger.complete(one, CREATOR, succeeded(150_000, 25_000));
      const two = await newPayment(ledger);
      await ledger.complete(two, CREATOR, succeeded(100));
      const failed = await newPayment(ledger);
      await ledger.complete(failed, CREATOR, failedWith());
      await ledger.markPosting(await newPayment(ledger), CREATOR, postingPlan(), 1000, Date.now());
      await ledger.complete(one, CREATOR, succeeded(999_999_999)); // refused: already terminal

      const after = await ledger.successTotals();
      expect(after).toEqual({ count: before.count + 2, sumPaise: before.sumPaise + 175_100 });
      expect(Number.isSafeInteger(after.sumPaise)).toBe(true);
    });
  });

  describe('the store', () => {
    it('answers a ping', async () => {
      await expect(ctx.ledger().ping()).resolves.toBeUndefined();
    });

    it('fails every call with LEDGER_UNAVAILABLE once closed; closing twice is harmless', async () => {
      const ledger = await ctx.open();
      await ledger.close();
      await ledger.close();
      expect(await rejectionCode(ledger.ping())).toBe('LEDGER_UNAVAILABLE');
      expect(await rejectionCode(ledger.recordMessage({ direction: 'IN', api: 'X', refId: 'r', body: 'b' }))).toBe('LEDGER_UNAVAILABLE');
      expect(await rejectionCode(ledger.getPayment('x'))).toBe('LEDGER_UNAVAILABLE');
      expect(await rejectionCode(ledger.claimDue(1, 1))).toBe('LEDGER_UNAVAILABLE');
    });

    it('keeps everything across close and reopen (persistent stores)', async () => {
      if (!ctx.persistent) return; // an in-memory store ends with its connection, by definition
      const first = await ctx.open();
      const txn = await newPayment(first);
      await first.markPosting(txn, CREATOR, postingPlan(), 1000, Date.now());
      await first.complete(txn, CREATOR, succeeded(150_000));
      const refId = uid('Ref');
      await first.recordMessage({ direction: 'IN', api: 'BillFetchRequest', refId, body: '<x/>' });
      await first.saveFetch({ refId, billerId: 'B', bills: [], createdAt: 5 });
      const payment = await first.getPayment(txn);
      const totals = await first.successTotals();
      await first.close();

      const second = await ctx.open();
      try {
        expect(await second.getPayment(txn)).toStrictEqual(payment);
        expect(await second.getFetch(refId)).toStrictEqual({ refId, billerId: 'B', bills: [], createdAt: 5 });
        expect((await second.findMessages({ refId })).map((m) => m.body)).toEqual(['<x/>']);
        expect(await second.successTotals()).toEqual(totals);
      } finally {
        await second.close();
      }
    });
  });
}
