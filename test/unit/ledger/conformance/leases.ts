// Fenced leases (design §3.7): every acquisition names this instance and takes a new token; every
// progress write presents the token and is refused once the lease moved on, was released, or (for a
// new _create) once a reversal was asked. Two workers: two instances on one store where the store
// allows it, else two workers of one instance (:memory:) — the fence is the same.
import type { LedgerContext } from './context';
import { CREATOR, failedWith, newPayment, postingPlan, succeeded, uid } from './fixtures';
import { withWorkers } from './workers';

export function leaseCases(ctx: LedgerContext): void {
  describe('fenced leases', () => {
    it('names each instance: a fresh instanceId per open unless one is given', async () => {
      const other = await ctx.open();
      const named = await ctx.open({ instanceId: 'worker-7' });
      try {
        expect(typeof ctx.ledger().instanceId).toBe('string');
        expect(other.instanceId).not.toBe(ctx.ledger().instanceId);
        expect(named.instanceId).toBe('worker-7');
        const txn = await newPayment(named);
        expect(await named.getPayment(txn)).toMatchObject({ leaseOwner: 'worker-7', leaseToken: CREATOR });
      } finally {
        await Promise.all([other.close(), named.close()]);
      }
    });

    it('refuses every write of a stale token once another worker took the expired lease over; the row is unchanged', () =>
      withWorkers(ctx, async (w) => {
        const { a, b } = w;
        const plan = postingPlan();
        const txn = await newPayment(a, w.short);
        expect(await a.markPosting(txn, CREATOR, plan, w.short, Date.now())).toBe(true);
        // a lease that has not run out is not free (A is alive)
        const kept = await newPayment(a, 60_000);
        expect(await b.tryLease(kept, 60_000)).toBeUndefined();
        if (w.exact) expect(await b.tryLease(txn, 60_000)).toBeUndefined();

        await w.advance(w.short);
        const taken = await b.tryLease(txn, 60_000);
        expect(taken).toMatchObject({ state: 'POSTING', attempts: 1, plan, leaseToken: CREATOR + 1, leaseOwner: b.instanceId });
        const row = await b.getPayment(txn);

        // A, late: every write with its token is refused, and nothing changes
        expect(await a.renewLease(txn, CREATOR, 60_000)).toBe(false);
        expect(await a.markPosting(txn, CREATOR, postingPlan([uid('Other')]), 60_000, Date.now())).toBe(false);
        expect(await a.complete(txn, CREATOR, succeeded(150_000))).toBe(false);
        expect(await a.markUnknown(txn, CREATOR, 'timeout', 0, Date.now())).toBe(false);
        expect(await a.complete(txn, CREATOR, failedWith())).toBe(false);
        expect(await b.getPayment(txn)).toStrictEqual(row);
        expect(await a.billIdsTaken([plan.bills[0].billId])).toEqual([plan.bills[0].billId]);

        // B, the holder: its writes go through
        expect(await b.renewLease(txn, taken!.leaseToken, 60_000)).toBe(true);
        const replanned = postingPlan();
        expect(await b.markPosting(txn, taken!.leaseToken, replanned, 60_000, Date.now())).toBe(true);
        expect(await b.getPayment(txn)).toMatchObject({ attempts: 2, plan: replanned, leaseToken: CREATOR + 1 });
        const outcome = succeeded(150_000);
        expect(await b.complete(txn, taken!.leaseToken, outcome)).toBe(true);
        expect(await a.complete(txn, CREATOR, failedWith())).toBe(false);
        expect(await a.getPayment(txn)).toMatchObject({ state: 'SUCCESS', outcome });
      }));

    it('a token presented by the wrong worker, or one never issued, is refused', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      expect(await ledger.renewLease(txn, CREATOR + 1, 1000)).toBe(false);
      expect(await ledger.markPosting(txn, CREATOR - 1, postingPlan(), 1000, Date.now())).toBe(false);
      expect(await ledger.complete(txn, CREATOR + 5, succeeded(1))).toBe(false);
      expect(await ledger.markUnknown(txn, 0, 'x', 0, undefined)).toBe(false);
      expect(await ledger.getPayment(txn)).toMatchObject({ state: 'RECEIVED', attempts: 0, leaseToken: CREATOR, leaseOwner: ledger.instanceId });
    });

    it('after markUnknown the lease is released: its token can no longer renew, post or complete', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, CREATOR, postingPlan(), 60_000, Date.now());
      expect(await ledger.markUnknown(txn, CREATOR, 'timeout', 60_000, Date.now())).toBe(true);
      const released = await ledger.getPayment(txn);
      expect(released).toMatchObject({ state: 'UNKNOWN', leaseToken: CREATOR });
      expect(released).not.toHaveProperty('leaseOwner');

      expect(await ledger.renewLease(txn, CREATOR, 60_000)).toBe(false);
      expect(await ledger.complete(txn, CREATOR, succeeded(150_000))).toBe(false);
      expect(await ledger.markPosting(txn, CREATOR, postingPlan(), 60_000, Date.now())).toBe(false);
      expect(await ledger.markUnknown(txn, CREATOR, 'again', 0, undefined)).toBe(false);
      expect(await ledger.getPayment(txn)).toStrictEqual(released);

      // whoever leases it next holds it with a new token
      const leased = await ledger.tryLease(txn, 60_000);
      expect(leased?.leaseToken).toBe(CREATOR + 1);
      expect(await ledger.complete(txn, CREATOR, succeeded(1))).toBe(false);
      expect(await ledger.complete(txn, leased!.leaseToken, succeeded(150_000))).toBe(true);
    });

    it('complete releases the lease too: the holder cannot write again', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      expect(await ledger.complete(txn, CREATOR, failedWith())).toBe(true);
      expect(await ledger.renewLease(txn, CREATOR, 60_000)).toBe(false);
      expect(await ledger.getPayment(txn)).not.toHaveProperty('leaseOwner');
    });

    it('workers racing for one UNKNOWN payment: exactly one leases it', () =>
      withWorkers(ctx, async ({ a, b }) => {
        const txn = await newPayment(a);
        await a.markPosting(txn, CREATOR, postingPlan(), 60_000, Date.now());
        await a.markUnknown(txn, CREATOR, 'timeout', 60_000, Date.now());
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).tryLease(txn, 60_000)));
        const winners = results.filter((r) => r !== undefined);
        expect(winners.map((r) => [r!.state, r!.leaseToken])).toEqual([['POSTING', CREATOR + 1]]);
      }));

    it('tokens increase with each acquisition; renewing and posting keep the token', () =>
      withWorkers(ctx, async (w) => {
        const { a, b } = w;
        const txn = await newPayment(a, 60_000);
        const tokens = [(await a.getPayment(txn))!.leaseToken];
        expect(await a.renewLease(txn, CREATOR, 60_000)).toBe(true);
        expect(await a.markPosting(txn, CREATOR, postingPlan(), 60_000, Date.now())).toBe(true);
        expect((await a.getPayment(txn))?.leaseToken).toBe(CREATOR);

        await a.markUnknown(txn, CREATOR, 'timeout', 0, Date.now());
        tokens.push((await b.tryLease(txn, w.short))!.leaseToken); // an UNKNOWN row, at once
        await w.advance(w.short);
        tokens.push((await a.tryLease(txn, 60_000))!.leaseToken); // an expired lease
        await a.markUnknown(txn, tokens[2], 'timeout', 0, Date.now());
        const swept = (await b.claimDue(60_000, 10)).filter((p) => p.txnReferenceId === txn);
        tokens.push(swept[0].leaseToken); // the sweeper
        expect(tokens).toEqual([CREATOR, CREATOR + 1, CREATOR + 2, CREATOR + 3]);
        expect(await b.getPayment(txn)).toMatchObject({ leaseToken: CREATOR + 3, leaseOwner: b.instanceId, attempts: 1 });
      }));
  });

  describe('requestReversal', () => {
    it('refuses any new markPosting from then on; the holder can still renew and complete', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      const plan = postingPlan();
      expect(await ledger.markPosting(txn, CREATOR, plan, 60_000, 1_700_000_000_000)).toBe(true);
      expect(await ledger.requestReversal(txn)).toBe(true);
      const asked = await ledger.getPayment(txn);
      expect(asked).toMatchObject({ state: 'POSTING', reversalRequested: true, attempts: 1, plan, lastPostAt: 1_700_000_000_000 });

      expect(await ledger.markPosting(txn, CREATOR, postingPlan(), 60_000, Date.now())).toBe(false);
      expect(await ledger.getPayment(txn)).toMatchObject({ attempts: 1, plan, lastPostAt: 1_700_000_000_000 });
      expect(await ledger.requestReversal(txn)).toBe(true); // still live: asking again is harmless
      expect(await ledger.renewLease(txn, CREATOR, 60_000)).toBe(true);
      expect(await ledger.complete(txn, CREATOR, failedWith('BPR005', 'reversed'))).toBe(true);
      expect(await ledger.getPayment(txn)).toMatchObject({ state: 'FAILED', reversalRequested: true });
      // terminal: nothing left to forbid
      expect(await ledger.requestReversal(txn)).toBe(false);
    });

    it('needs no lease: it holds for whoever leases the payment next, and survives UNKNOWN', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      await ledger.markPosting(txn, CREATOR, postingPlan(), 60_000, Date.now());
      await ledger.markUnknown(txn, CREATOR, 'timeout', 60_000, Date.now());
      const other = await ctx.open();
      try {
        // another instance (or, on :memory:, a ledger of its own: the payment is absent there)
        expect(await other.requestReversal(txn)).toBe(ctx.persistent);
      } finally {
        await other.close();
      }
      if (!ctx.persistent) expect(await ledger.requestReversal(txn)).toBe(true);
      const leased = await ledger.tryLease(txn, 60_000);
      expect(leased).toMatchObject({ state: 'POSTING', reversalRequested: true });
      expect(await ledger.markPosting(txn, leased!.leaseToken, postingPlan(), 60_000, Date.now())).toBe(false);
      expect(await ledger.complete(txn, leased!.leaseToken, succeeded(150_000))).toBe(true);
    });

    it('a payment never asked has reversalRequested false; a RECEIVED one asked can never be posted', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      expect((await ledger.getPayment(txn))?.reversalRequested).toBe(false);
      expect(await ledger.requestReversal(txn)).toBe(true);
      expect(await ledger.markPosting(txn, CREATOR, postingPlan(), 60_000, Date.now())).toBe(false);
      expect(await ledger.getPayment(txn)).toMatchObject({ state: 'RECEIVED', attempts: 0, reversalRequested: true });
      expect(await ledger.requestReversal(uid('None'))).toBe(false);
    });
  });
}
