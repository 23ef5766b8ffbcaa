// Background work: claimDue and tryLease lease rows so that no two workers take the same one;
// listUnresolved and listPayments for operators and reconciliation.
import type { LedgerContext } from './context';
import { drain, failedWith, ids, newPayment, postingPlan, succeeded } from './fixtures';

/** Claimed rows all carry the same new lease: they are handed out oldest first. */
function expectOldestFirst(rows: Array<{ createdAt: number }>): void {
  const created = rows.map((r) => r.createdAt);
  expect(created).toEqual([...created].sort((a, b) => a - b));
}

export function dueCases(ctx: LedgerContext): void {
  describe('claimDue', () => {
    let t0: number;
    beforeEach(async () => {
      t0 = Date.now();
      await drain(ctx.ledger(), t0);
    });

    it('claims a row once its nextAttemptAt has passed, and leases it', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger, t0 + 1000);
      expect(await ledger.claimDue(t0 + 999, t0 + 5000, 10)).toEqual([]);
      const claimed = await ledger.claimDue(t0 + 1000, t0 + 5000, 10);
      expect(ids(claimed)).toEqual([txn]);
      expect(claimed[0]).toMatchObject({ state: 'RECEIVED', nextAttemptAt: t0 + 5000 });
      expect(await ledger.getPayment(txn)).toStrictEqual(claimed[0]);
      expect(await ledger.claimDue(t0 + 4999, t0 + 9000, 10)).toEqual([]);
      expect(ids(await ledger.claimDue(t0 + 5000, t0 + 9000, 10))).toEqual([txn]);
    });

    it('takes RECEIVED, POSTING and UNKNOWN rows, skips SUCCESS and FAILED', async () => {
      const ledger = ctx.ledger();
      const received = await newPayment(ledger, t0 + 10);
      const posting = await newPayment(ledger, t0 + 10);
      await ledger.markPosting(posting, postingPlan(), t0 + 20);
      const unknown = await newPayment(ledger, t0 + 10);
      await ledger.markUnknown(unknown, 'timeout', t0 + 30);
      const success = await newPayment(ledger, t0 + 10);
      await ledger.complete(success, succeeded(100));
      const failed = await newPayment(ledger, t0 + 10);
      await ledger.complete(failed, failedWith());

      const claimed = await ledger.claimDue(t0 + 100, t0 + 1000, 100);
      expect(ids(claimed).sort()).toEqual([received, posting, unknown].sort());
      expectOldestFirst(claimed);
    });

    it('respects the limit, oldest due first', async () => {
      const ledger = ctx.ledger();
      const txns: string[] = [];
      for (let i = 0; i < 7; i++) txns.push(await newPayment(ledger, t0 + 100 - i));
      const first = await ledger.claimDue(t0 + 100, t0 + 1000, 3);
      expect(ids(first).sort()).toEqual([txns[6], txns[5], txns[4]].sort());
      expectOldestFirst(first);
      const rest = await ledger.claimDue(t0 + 100, t0 + 1000, 100);
      expect(ids(rest).sort()).toEqual(txns.slice(0, 4).sort());
      expectOldestFirst(rest);
    });

    it('never gives the same row to two concurrent claimers', async () => {
      const ledger = ctx.ledger();
      const txns: string[] = [];
      for (let i = 0; i < 20; i++) txns.push(await newPayment(ledger, t0 + 10));
      const [a, b] = await Promise.all([ledger.claimDue(t0 + 10, t0 + 1000, 15), ledger.claimDue(t0 + 10, t0 + 1000, 15)]);
      const all = [...ids(a), ...ids(b)];
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual([...txns].sort());
      expect(await ledger.claimDue(t0 + 10, t0 + 1000, 100)).toEqual([]);
    });
  });

  describe('tryLease', () => {
    it('takes one due, non-terminal row once; undefined when leased, terminal or unknown', async () => {
      const ledger = ctx.ledger();
      const t0 = Date.now();
      const txn = await newPayment(ledger, t0 + 1000);
      expect(await ledger.tryLease(txn, t0 + 999, t0 + 5000)).toBeUndefined();
      const leased = await ledger.tryLease(txn, t0 + 1000, t0 + 5000);
      expect(leased).toMatchObject({ txnReferenceId: txn, state: 'RECEIVED', nextAttemptAt: t0 + 5000 });
      expect(await ledger.tryLease(txn, t0 + 1000, t0 + 9000)).toBeUndefined();

      await ledger.complete(txn, succeeded(100));
      expect(await ledger.tryLease(txn, t0 + 99_000, t0 + 100_000)).toBeUndefined();
      expect(await ledger.tryLease('no-such-payment', t0, t0 + 1)).toBeUndefined();
    });

    it('takes an UNKNOWN row at once whatever its backoff; a lease makes it POSTING, so it is then held', async () => {
      const ledger = ctx.ledger();
      const t0 = Date.now();
      const txn = await newPayment(ledger, t0);
      await ledger.markPosting(txn, postingPlan(), t0 + 10);
      await ledger.markUnknown(txn, 'timeout', t0 + 60_000); // backing off for a minute
      expect(await ledger.claimDue(t0 + 100, t0 + 1000, 10)).toEqual([]); // the sweeper honours the backoff
      const leased = await ledger.tryLease(txn, t0 + 100, t0 + 5000);
      expect(leased).toMatchObject({ state: 'POSTING', nextAttemptAt: t0 + 5000 });
      expect(await ledger.tryLease(txn, t0 + 200, t0 + 9000)).toBeUndefined();
      // and the sweeper's lease of an UNKNOWN row does the same
      await ledger.markUnknown(txn, 'timeout again', t0 + 300);
      const swept = await ledger.claimDue(t0 + 400, t0 + 9000, 10);
      expect(swept.map((p) => p.state)).toEqual(['POSTING']);
      expect(await ledger.tryLease(txn, t0 + 500, t0 + 9500)).toBeUndefined();
    });

    it('lets exactly one of several concurrent callers take the lease', async () => {
      const ledger = ctx.ledger();
      const t0 = Date.now();
      const txn = await newPayment(ledger, t0);
      const results = await Promise.all(Array.from({ length: 10 }, () => ledger.tryLease(txn, t0, t0 + 1000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('listUnresolved and listPayments', () => {
    it('lists non-terminal payments created before a time', async () => {
      const ledger = ctx.ledger();
      const open = await newPayment(ledger);
      const unknown = await newPayment(ledger);
      await ledger.markUnknown(unknown, 'timeout', Date.now());
      const done = await newPayment(ledger);
      await ledger.complete(done, succeeded(100));
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
      await ledger.complete(second, succeeded(100));
      const [a, b] = await Promise.all([ledger.getPayment(first), ledger.getPayment(second)]);
      expect(b!.createdAt).toBeGreaterThan(a!.createdAt);

      const both = ids(await ledger.listPayments(a!.createdAt, b!.createdAt + 1)).filter((t) => t === first || t === second);
      expect(both).toEqual([first, second]);
      expect(ids(await ledger.listPayments(a!.createdAt + 1, b!.createdAt + 1))).not.toContain(first);
      expect(ids(await ledger.listPayments(a!.createdAt, b!.createdAt))).not.toContain(second);
    });
  });
}
