// Messages in and out, and fetches by refId.
import type { Bill } from '../../../../src/core/types';
import type { LedgerContext } from './context';
import { uid } from './fixtures';

const bill = (amountPaise: number, over: Partial<Bill> = {}): Bill => ({
  billId: uid('Bill'),
  billNumber: uid('BN'),
  consumerCode: 'PB-PT-2024-01-01-000123',
  businessService: 'PT',
  tenantId: 'pb.amritsar',
  amountPaise,
  fractional: false,
  customerName: 'Asha Rani',
  billDate: '2026-03-01',
  dueDate: '2026-03-31',
  billPeriod: 'Monthly',
  expiresAt: 1_774_000_000_000,
  ...over,
});

export function messageCases(ctx: LedgerContext): void {
  describe('messages', () => {
    it('records every message in and out, found again by refId in order, optional fields absent', async () => {
      const ledger = ctx.ledger();
      const refId = uid('Ref');
      const before = Date.now();
      await ledger.recordMessage({ direction: 'IN', api: 'BillPaymentRequest', refId, msgId: 'M1', txnReferenceId: 'T1', body: '<a/>' });
      await ledger.recordMessage({ direction: 'OUT', api: 'Ack', refId, outcome: 'ACCEPTED', body: '<ack/>' });
      await ledger.recordMessage({ direction: 'IN', api: 'BillPaymentRequest', refId, msgId: 'M1', txnReferenceId: 'T1', body: '<a/>' });
      await ledger.recordMessage({ direction: 'IN', api: 'BillFetchRequest', refId: uid('Other'), body: '<x/>' });

      const all = await ledger.findMessages({ refId });
      expect(all.map((m) => m.api)).toEqual(['BillPaymentRequest', 'Ack', 'BillPaymentRequest']);
      expect(all[0]).toEqual({
        id: all[0].id, at: all[0].at, direction: 'IN', api: 'BillPaymentRequest', refId, msgId: 'M1', txnReferenceId: 'T1', body: '<a/>',
      });
      expect(all[1]).toStrictEqual({ id: all[1].id, at: all[1].at, direction: 'OUT', api: 'Ack', refId, outcome: 'ACCEPTED', body: '<ack/>' });
      expect(all[0].id).toBeLessThan(all[1].id);
      expect(all[0].at).toBeGreaterThanOrEqual(before);
      expect(all[2].at).toBeLessThanOrEqual(Date.now());
    });

    it('filters by api and direction', async () => {
      const ledger = ctx.ledger();
      const refId = uid('Ref');
      await ledger.recordMessage({ direction: 'IN', api: 'BillFetchRequest', refId, body: 'in' });
      await ledger.recordMessage({ direction: 'OUT', api: 'BillFetchResponse', refId, body: 'out' });
      await ledger.recordMessage({ direction: 'OUT', api: 'Ack', refId, body: 'ack' });
      expect((await ledger.findMessages({ refId, api: 'BillFetchResponse' })).map((m) => m.body)).toEqual(['out']);
      expect((await ledger.findMessages({ refId, direction: 'OUT' })).map((m) => m.body)).toEqual(['out', 'ack']);
      expect(await ledger.findMessages({ refId, api: 'Ack', direction: 'IN' })).toEqual([]);
      expect(await ledger.findMessages({ refId: uid('None') })).toEqual([]);
    });

    it('finds the messages of a refId about given txnReferenceIds, oldest first, and nothing for others', async () => {
      const ledger = ctx.ledger();
      const log = uid('Log');
      const [t1, t2, t3] = [uid('T'), uid('T'), uid('T')];
      await ledger.recordMessage({ direction: 'IN', api: 'Reversal', refId: log, txnReferenceId: t1, outcome: 'POSTED_MANUAL', body: 'first' });
      await ledger.recordMessage({ direction: 'IN', api: 'Reversal', refId: log, txnReferenceId: t2, body: 'second' });
      await ledger.recordMessage({ direction: 'IN', api: 'Reversal', refId: log, txnReferenceId: t1, outcome: 'CANCELLED_IN_DIGIT', body: 'third' });
      // the same payment under another refId, and a message of the log without a txnReferenceId
      await ledger.recordMessage({ direction: 'IN', api: 'BillPaymentRequest', refId: uid('Ref'), txnReferenceId: t1, body: 'other' });
      await ledger.recordMessage({ direction: 'IN', api: 'Reversal', refId: log, body: 'no txn' });
      const found = await ledger.findTxnMessages(log, [t1, t3, t2]);
      expect(found.map((m) => [m.txnReferenceId, m.body, m.outcome])).toEqual([[t1, 'first', 'POSTED_MANUAL'], [t2, 'second', undefined], [t1, 'third', 'CANCELLED_IN_DIGIT']]);
      expect(await ledger.findTxnMessages(log, [t3])).toEqual([]);
      expect(await ledger.findTxnMessages(log, [])).toEqual([]);
    });

    it('keeps a body byte for byte (XML, non-ASCII, quotes)', async () => {
      const ledger = ctx.ledger();
      const refId = uid('Ref');
      const body = `<?xml version="1.0"?>\n<ns2:X a='1'>  Ã©ÃŸ ₹ 'q' "d" \\ \u0001 </ns2:X>\r\n`;
      await ledger.recordMessage({ direction: 'IN', api: 'BillFetchRequest', refId, body });
      expect((await ledger.findMessages({ refId }))[0].body).toBe(body);
    });
  });

  describe('fetches', () => {
    it('round-trips a fetch exactly', async () => {
      const ledger = ctx.ledger();
      const f = { refId: uid('Ref'), billerId: 'PBMC00000PUN01', bills: [bill(150_000), bill(9_007_199_254_740_900, { fractional: true })], createdAt: 1_700_000_000_123 };
      await ledger.saveFetch(f);
      expect(await ledger.getFetch(f.refId)).toStrictEqual(f);
    });

    it('replaces the fetch stored under the same refId', async () => {
      const ledger = ctx.ledger();
      const refId = uid('Ref');
      await ledger.saveFetch({ refId, billerId: 'A', bills: [bill(100)], createdAt: 1 });
      const second = { refId, billerId: 'B', bills: [bill(200), bill(300)], createdAt: 2 };
      await ledger.saveFetch(second);
      expect(await ledger.getFetch(refId)).toStrictEqual(second);
    });

    it('answers undefined for an unknown refId', async () => {
      expect(await ctx.ledger().getFetch(uid('None'))).toBeUndefined();
    });
  });
}
