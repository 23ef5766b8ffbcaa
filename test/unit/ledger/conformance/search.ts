// The operators' search and day totals (console "Payments" and "Overview"): a payment is found by its
// txnReferenceId, refId, first bill's consumer code or first receipt's number, with biller, state and
// window filters, newest first and paged; totals by state over a creation window equal the rows'
// own figures. Messages are found by txnReferenceId; PARKED/PENDING outbox items are counted.
import type { LedgerContext } from './context';
import { CREATOR, failedWith, ids, newPayment, postingPlan, receipt } from './fixtures';

export function searchCases(ctx: LedgerContext): void {
  describe('operators search', () => {
    it('finds a payment by each of its names, filters, pages newest first, and totals a window by state', async () => {
      let now = 1_950_000_000_000;
      const ledger = await ctx.fresh()({ clock: { now: () => now } });
      try {
        const start = now;
        const paid = await newPayment(ledger, 60_000, { billerId: 'AMRW00000PUN01' });
        const base = postingPlan(['BILL-A', 'BILL-B'], 100_000);
        const plan = { ...base, bills: base.bills.map((b, i) => ({ ...b, consumerCode: `WS/CC/${paid}/${i}` })) };
        expect(await ledger.markPosting(paid, CREATOR, plan, 60_000, now)).toBe(true);
        const receipts = [{ ...receipt(100_000, 'BILL-A'), receiptNumber: 'WS/RC/0001' }, { ...receipt(100_000, 'BILL-B'), receiptNumber: 'WS/RC/0002' }];
        expect(await ledger.complete(paid, CREATOR, { status: 'SUCCESS', receipts })).toBe(true);
        now += 1000;
        const failed = await newPayment(ledger, 60_000, { amountPaise: 70_000 });
        expect(await ledger.complete(failed, CREATOR, failedWith('BPR011'))).toBe(true);
        now += 1000;
        const received = await newPayment(ledger, 60_000, { amountPaise: 30_000 });
        now += 1000;
        const reversed = await newPayment(ledger);
        expect(await ledger.markPosting(reversed, CREATOR, postingPlan(['BILL-R'], 150_000), 60_000, now)).toBe(true);
        expect(await ledger.complete(reversed, CREATOR, { status: 'SUCCESS', receipts: [receipt(150_000, 'BILL-R')] })).toBe(true);
        expect(await ledger.markReversed(reversed)).toBe(true);
        now += 1000;
        const end = now;
        now += 24 * 3600_000;
        const tomorrow = await newPayment(ledger);

        const row = (await ledger.getPayment(paid))!;
        const find = (term: string, more = {}) => ledger.searchPayments({ term, limit: 10, offset: 0, ...more }).then(ids);
        expect(await find(paid)).toEqual([paid]);
        expect(await find(row.refId)).toEqual([paid]);
        expect(await find(plan.bills[0].consumerCode)).toEqual([paid]);
        expect(await find('WS/RC/0001')).toEqual([paid]);
        expect(await find('nothing-like-it')).toEqual([]);
        // exact, case-sensitive: ids are opaque
        expect(await find(paid.toLowerCase() === paid ? paid.toUpperCase() : paid.toLowerCase())).toEqual([]);
        // a term with filters that exclude it
        expect(await find(paid, { state: 'FAILED' })).toEqual([]);
        expect(await find(paid, { billerId: 'PBMC00000PUN01' })).toEqual([]);
        expect(await find(paid, { from: end, before: end + 1 })).toEqual([]);
        expect(await find(paid, { billerId: 'AMRW00000PUN01', state: 'SUCCESS', from: start, before: end })).toEqual([paid]);

        const win = (more = {}) => ledger.searchPayments({ from: start, before: end, limit: 10, offset: 0, ...more }).then(ids);
        expect(await win()).toEqual([reversed, received, failed, paid]);
        expect(await win({ state: 'SUCCESS' })).toEqual([reversed, paid]);
        expect(await win({ billerId: 'AMRW00000PUN01' })).toEqual([paid]);
        expect(await win({ limit: 2 })).toEqual([reversed, received]);
        expect(await win({ limit: 2, offset: 2 })).toEqual([failed, paid]);
        expect(await win({ limit: 2, offset: 4 })).toEqual([]);
        expect(await ledger.searchPayments({ from: end, before: now + 1, limit: 10, offset: 0 }).then(ids)).toEqual([tomorrow]);

        const totals = await ledger.totalsByState(start, end);
        expect(totals).toEqual([
          { state: 'FAILED', reversed: false, count: 1, sumPaise: 70_000 },
          { state: 'RECEIVED', reversed: false, count: 1, sumPaise: 30_000 },
          { state: 'SUCCESS', reversed: false, count: 1, sumPaise: 200_000 },
          { state: 'SUCCESS', reversed: true, count: 1, sumPaise: 150_000 },
        ]);
        expect(await ledger.totalsByState(end, end)).toEqual([]);
      } finally {
        await ledger.close();
      }
    });

    it('finds the messages of a payment by txnReferenceId, oldest first, and counts PARKED and PENDING outbox items', async () => {
      const ledger = await ctx.fresh()();
      try {
        const txn = await newPayment(ledger);
        await ledger.recordMessage({ direction: 'IN', api: 'BillPaymentRequest', refId: 'R1', txnReferenceId: txn, body: '<a/>' });
        await ledger.recordMessage({ direction: 'IN', api: 'BillFetchRequest', refId: 'R1', body: '<f/>' });
        await ledger.recordMessage({ direction: 'OUT', api: 'BillPaymentResponse', refId: 'R1', txnReferenceId: txn, outcome: '000', body: '<b/>' });
        await ledger.recordMessage({ direction: 'IN', api: 'TxnStatusRequest', refId: 'R2', txnReferenceId: txn, body: '<c/>' });
        const found = await ledger.findMessagesOfTxn(txn);
        expect(found.map((m) => [m.direction, m.api, m.refId, m.body])).toEqual([
          ['IN', 'BillPaymentRequest', 'R1', '<a/>'], ['OUT', 'BillPaymentResponse', 'R1', '<b/>'], ['IN', 'TxnStatusRequest', 'R2', '<c/>'],
        ]);
        expect(await ledger.findMessagesOfTxn('other')).toEqual([]);

        expect([await ledger.countOutbox('PARKED'), await ledger.countOutbox('PENDING')]).toEqual([0, 0]);
        const item = (id: string) => ({ id, refId: `R-${id}`, api: 'BillPaymentResponse', url: 'http://cu.example/x', body: '<x/>', leaseMs: 0 });
        for (const id of ['a', 'b', 'c']) await ledger.addOutbox(item(id));
        const claimed = await ledger.claimDueOutbox(1000, 10);
        const a = claimed.find((i) => i.id === 'a')!;
        const b = claimed.find((i) => i.id === 'b')!;
        await ledger.markOutboxSent(a.id, a.version);
        await ledger.markOutboxFailed(b.id, b.version, 'gave up');
        expect([await ledger.countOutbox('PARKED'), await ledger.countOutbox('PENDING')]).toEqual([1, 1]);
      } finally {
        await ledger.close();
      }
    });
  });
}
