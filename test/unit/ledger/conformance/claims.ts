// claimPayment: one row per txnReferenceId, however many concurrent claims.
import type { LedgerContext } from './context';
import { paymentRequest, rejectionCode, uid } from './fixtures';

export function claimCases(ctx: LedgerContext): void {
  describe('claimPayment', () => {
    it('creates a RECEIVED row leased until leaseUntil, request stored exactly', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest();
      const leaseUntil = Date.now() + 30_000;
      const before = Date.now();
      const { created, payment } = await ledger.claimPayment({ request, contentHash: 'hash-1', leaseUntil });
      expect(created).toBe(true);
      expect(payment).toStrictEqual({
        txnReferenceId: request.txnReferenceId,
        refId: request.refId,
        msgId: request.msgId,
        billerId: request.billerId,
        contentHash: 'hash-1',
        state: 'RECEIVED',
        request,
        attempts: 0,
        nextAttemptAt: leaseUntil,
        createdAt: payment.createdAt,
        updatedAt: payment.createdAt,
      });
      expect(payment.createdAt).toBeGreaterThanOrEqual(before);
      expect(payment.createdAt).toBeLessThanOrEqual(Date.now());
      expect(await ledger.getPayment(request.txnReferenceId)).toStrictEqual(payment);
    });

    it('returns the existing row afterwards, untouched, whatever the new content', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest();
      const first = await ledger.claimPayment({ request, contentHash: 'h1', leaseUntil: Date.now() + 1000 });
      const again = await ledger.claimPayment({
        request: { ...request, amountPaise: 999_900, msgId: 'another' },
        contentHash: 'h2',
        leaseUntil: Date.now() + 99_000,
      });
      expect(again.created).toBe(false);
      expect(again.payment).toStrictEqual(first.payment);
    });

    it('creates exactly one row for 50 concurrent claims of one txnReferenceId', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          ledger.claimPayment({ request: { ...request, msgId: `copy-${i}` }, contentHash: `h-${i}`, leaseUntil: Date.now() + 5000 })),
      );
      const winners = results.filter((r) => r.created);
      expect(winners).toHaveLength(1);
      for (const r of results) expect(r.payment).toStrictEqual(winners[0].payment);
    });

    it('keeps different txnReferenceIds apart (ids are opaque: case matters)', async () => {
      const ledger = ctx.ledger();
      const base = uid('Case');
      const a = await ledger.claimPayment({ request: paymentRequest(base.toLowerCase()), contentHash: 'a', leaseUntil: 0 });
      const b = await ledger.claimPayment({ request: paymentRequest(base.toUpperCase()), contentHash: 'b', leaseUntil: 0 });
      expect([a.created, b.created]).toEqual([true, true]);
      expect((await ledger.getPayment(base.toUpperCase()))?.contentHash).toBe('b');
    });

    it('answers undefined for an unknown payment', async () => {
      expect(await ctx.ledger().getPayment(uid('None'))).toBeUndefined();
    });

    it('refuses money that is not integer paise, storing nothing', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest(uid(), { amountPaise: 1500.5 });
      expect(await rejectionCode(ledger.claimPayment({ request, contentHash: 'h', leaseUntil: 0 }))).toBe('INTERNAL');
      expect(await ledger.getPayment(request.txnReferenceId)).toBeUndefined();
    });
  });
}
