// Background work: claimDue and tryLease lease rows so that no two workers take the same one;
// listUnresolved and listPayments for operators and reconciliation. Cases that assert exactly what
// is due run on a fresh store (withWorkers): no other case's lease runs out in between.
import type { LedgerContext } from './context';
import { CREATOR, failedWith, ids, newPayment, postingPlan, succeeded } from './fixtures';
import { sleep, withWorkers } from './workers';

/** Claimed rows all carry the same new lease: they are handed out oldest first. */
function expectOldestFirst(rows: Array<{ createdAt: number }>): void {
  const created = rows.map((r) => r.createdAt);
  expect(created).toEqual([...created].sort((a, b) => a - b));
}

export function dueCases(ctx: LedgerContext): void {
  describe('claimDue', () => {
    it('claims a row once its lease has run out, and leases it anew (this instance, next token)', () =>
      withWorkers(ctx, async (w) => {
        const ledger = w.a;
        const lease = w.exact ? 1000 : 600;
        const txn = await newPayment(ledger, lease);
        expect(await ledger.claimDue(5000, 10)).toEqual([]);
        if (w.exact) {
          await w.advance(999);
          expect(await ledger.claimDue(5000, 10)).toEqual([]);
          await w.advance(1);
        } else {
          await w.advance(lease);
        }
        const claimed = await ledger.claimDue(5000, 10);
        expect(ids(claimed)).toEqual([txn]);
        expect(claimed[0]).toMatchObject({ state: 'RECEIVED', leaseToken: CREATOR + 1, leaseOwner: ledger.instanceId });
        expect(await ledger.getPayment(txn)).toStrictEqual(claimed[0]);
        expect(await ledger.claimDue(5000, 10)).toEqual([]);
        if (w.exact) {
          await w.advance(4999);
          expect(await ledger.claimDue(9000, 10)).toEqual([]);
          await w.advance(1);
          expect(ids(await ledger.claimDue(9000, 10))).toEqual([txn]);
        }
      }));

    it('takes RECEIVED, POSTING and UNKNOWN rows, skips SUCCESS and FAILED', () =>
      withWorkers(ctx, async ({ a: ledger }) => {
        const received = await newPayment(ledger, 0);
        const posting = await newPayment(ledger, 0);
        await ledger.markPosting(posting, CREATOR, postingPlan(), 0, Date.now());
        const unknown = await newPayment(ledger, 0);
        await ledger.markUnknown(unknown, CREATOR, 'timeout', 0, undefined);
        const success = await newPayment(ledger, 0);
        await ledger.complete(success, CREATOR, succeeded(100));
        const failed = await newPayment(ledger, 0);
        await ledger.complete(failed, CREATOR, failedWith());

        const claimed = await ledger.claimDue(1000, 100);
        expect(ids(claimed).sort()).toEqual([received, posting, unknown].sort());
        expectOldestFirst(claimed);
        // leasing the UNKNOWN row made it POSTING
        expect(claimed.find((p) => p.txnReferenceId === unknown)?.state).toBe('POSTING');
      }));

    it('respects the limit, soonest due first', () =>
      withWorkers(ctx, async (w) => {
        const ledger = w.a;
        // with an exact clock the later rows are due sooner; else (real time) due in creation order
        const leaseOf = (i: number) => (w.exact ? 100 - i : 0);
        const txns: string[] = [];
        for (let i = 0; i < 7; i++) {
          txns.push(await newPayment(ledger, leaseOf(i)));
          if (!w.exact) await sleep(2); // no two due in the same millisecond
        }
        await w.advance(100);
        const soonest = w.exact ? [txns[6], txns[5], txns[4]] : txns.slice(0, 3);
        const first = await ledger.claimDue(1000, 3);
        expect(ids(first).sort()).toEqual([...soonest].sort());
        expectOldestFirst(first);
        const rest = await ledger.claimDue(1000, 100);
        expect(ids(rest).sort()).toEqual(txns.filter((t) => !soonest.includes(t)).sort());
        expectOldestFirst(rest);
      }));

    it('never gives the same row to two concurrent claimers', () =>
      withWorkers(ctx, async ({ a: ledger }) => {
        const txns: string[] = [];
        for (let i = 0; i < 20; i++) txns.push(await newPayment(ledger, 0));
        const [a, b] = await Promise.all([ledger.claimDue(1000, 15), ledger.claimDue(1000, 15)]);
        const all = [...ids(a), ...ids(b)];
        expect(new Set(all).size).toBe(all.length);
        expect(all.sort()).toEqual([...txns].sort());
        expect(await ledger.claimDue(1000, 100)).toEqual([]);
      }));

    it('passes over the payments in skip (what this process works on already)', () =>
      withWorkers(ctx, async ({ a: ledger }) => {
        const [a, b, c] = [await newPayment(ledger, 0), await newPayment(ledger, 0), await newPayment(ledger, 0)];
        expect(ids(await ledger.claimDue(60_000, 10, [a, b, 'no-such-payment']))).toEqual([c]);
        expect(ids(await ledger.claimDue(60_000, 10, [a]))).toEqual([b]);
        expect(await ledger.getPayment(a)).toMatchObject({ leaseToken: CREATOR });
        expect(ids(await ledger.claimDue(60_000, 10, []))).toEqual([a]);
        expect(await ledger.claimDue(60_000, 10)).toEqual([]);
      }));
  });

  describe('tryLease', () => {
    it('takes one free, non-terminal row once; undefined while leased, when terminal or unknown', async () => {
      const ledger = ctx.ledger();
      const held = await newPayment(ledger, 60_000);
      expect(await ledger.tryLease(held, 5000)).toBeUndefined();
      expect(await ledger.getPayment(held)).toMatchObject({ leaseToken: CREATOR });

      const txn = await newPayment(ledger, 0);
      const leased = await ledger.tryLease(txn, 60_000);
      expect(leased).toMatchObject({ txnReferenceId: txn, state: 'RECEIVED', leaseToken: CREATOR + 1, leaseOwner: ledger.instanceId });
      expect(await ledger.getPayment(txn)).toStrictEqual(leased);
      expect(await ledger.tryLease(txn, 9000)).toBeUndefined();

      await ledger.complete(txn, leased!.leaseToken, succeeded(100));
      expect(await ledger.tryLease(txn, 100_000)).toBeUndefined();
      expect(await ledger.tryLease('no-such-payment', 1)).toBeUndefined();
    });

    it('takes a row once its lease expired, in the ledger clock', () =>
      withWorkers(ctx, async (w) => {
        const txn = await newPayment(w.a, w.short);
        if (w.exact) {
          await w.advance(w.short - 1);
          expect(await w.a.tryLease(txn, 5000)).toBeUndefined();
        }
        await w.advance(w.exact ? 1 : w.short);
        expect(await w.a.tryLease(txn, 5000)).toMatchObject({ leaseToken: CREATOR + 1 });
      }));

    it('takes an UNKNOWN row at once whatever its backoff; a lease makes it POSTING, so it is then held', () =>
      withWorkers(ctx, async ({ a: ledger }) => {
        const txn = await newPayment(ledger, 0);
        await ledger.markPosting(txn, CREATOR, postingPlan(), 1000, Date.now());
        await ledger.markUnknown(txn, CREATOR, 'timeout', 60_000, Date.now()); // backing off for a minute
        expect(await ledger.claimDue(1000, 10)).toEqual([]); // the sweeper honours the backoff
        const leased = await ledger.tryLease(txn, 5000);
        expect(leased).toMatchObject({ state: 'POSTING', leaseToken: CREATOR + 1, leaseOwner: ledger.instanceId });
        expect(await ledger.tryLease(txn, 9000)).toBeUndefined();
        // and the sweeper's lease of an UNKNOWN row does the same
        await ledger.markUnknown(txn, leased!.leaseToken, 'timeout again', 0, Date.now());
        const swept = await ledger.claimDue(9000, 10);
        expect(swept.map((p) => [p.state, p.leaseToken])).toEqual([['POSTING', CREATOR + 2]]);
        expect(await ledger.tryLease(txn, 9500)).toBeUndefined();
      }));

    it('lets exactly one of several concurrent callers take the lease', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger, 0);
      const results = await Promise.all(Array.from({ length: 10 }, () => ledger.tryLease(txn, 1000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('listUnresolved and listPayments', () => {
    it('lists non-terminal payments created before a time', async () => {
      const ledger = ctx.ledger();
      const open = await newPayment(ledger);
      const unknown = await newPayment(ledger);
      await ledger.markUnknown(unknown, CREATOR, 'timeout', 0, undefined);
      const done = await newPayment(ledger);
      await ledger.complete(done, CREATOR, succeeded(100));
      const createdAt = (await ledger.getPayment(open))!.createdAt;

      expect(ids(await ledger.listUnresolved(createdAt))).not.toContain(open);
      const later = ids(await ledger.listUnresolved(Date.now() + 1));
      expect(later).toEqual(expect.arrayContaining([open, unknown]));
      expect(later).not.toContain(done);
    });

    it('lists the payments created in [from, before), oldest first, whatever their state', async () => {
      const ledger = ctx.ledger();
      const first = await newPayment(ledger);
      await new Promise((r) => setTimeout(r, 3));
      const second = await newPayment(ledger);
      await ledger.complete(second, CREATOR, succeeded(100));
      const [a, b] = await Promise.all([ledger.getPayment(first), ledger.getPayment(second)]);
      expect(b!.createdAt).toBeGreaterThan(a!.createdAt);

      const both = ids(await ledger.listPayments(a!.createdAt, b!.createdAt + 1)).filter((t) => t === first || t === second);
      expect(both).toEqual([first, second]);
      expect(ids(await ledger.listPayments(a!.createdAt + 1, b!.createdAt + 1))).not.toContain(first);
      expect(ids(await ledger.listPayments(a!.createdAt, b!.createdAt))).not.toContain(second);
    });
  });
}
