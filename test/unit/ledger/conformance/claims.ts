// claimPayment: one row per txnReferenceId, however many concurrent claims; leased to its creator,
// or born closed (a reversal before its forward).
import type { LedgerContext } from './context';
import { CREATOR, expectLeaseFor, failedWith, newPayment, paymentRequest, postingPlan, rejectionCode, succeeded, uid } from './fixtures';

export function claimCases(ctx: LedgerContext): void {
  const slack = ctx.leaseClock === 'store' ? 1000 : 0;

  describe('claimPayment', () => {
    it('creates a RECEIVED row leased to this instance for leaseMs with the first token, request stored exactly', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest();
      const before = Date.now();
      const { created, payment } = await ledger.claimPayment({ request, contentHash: 'hash-1', leaseMs: 30_000 });
      const after = Date.now();
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
        nextAttemptAt: payment.nextAttemptAt,
        leaseOwner: ledger.instanceId,
        leaseToken: CREATOR,
        reversalRequested: false,
        createdAt: payment.createdAt,
        updatedAt: payment.createdAt,
      });
      expectLeaseFor(payment.nextAttemptAt, 30_000, before, after, slack);
      expect(payment.createdAt).toBeGreaterThanOrEqual(before);
      expect(payment.createdAt).toBeLessThanOrEqual(after);
      expect(await ledger.getPayment(request.txnReferenceId)).toStrictEqual(payment);
    });

    it('returns the existing row afterwards, untouched, whatever the new content', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest();
      const first = await ledger.claimPayment({ request, contentHash: 'h1', leaseMs: 1000 });
      const again = await ledger.claimPayment({
        request: { ...request, amountPaise: 999_900, msgId: 'another' },
        contentHash: 'h2',
        leaseMs: 99_000,
      });
      expect(again.created).toBe(false);
      expect(again.payment).toStrictEqual(first.payment);
    });

    it('records the received message with the claim, for a new payment and for a repeat alike', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest();
      const received = (body: string) => ({ direction: 'IN' as const, api: 'BillPaymentRequest', refId: request.refId, msgId: request.msgId, txnReferenceId: request.txnReferenceId, outcome: 'ACCEPTED', body });
      expect((await ledger.claimPayment({ request, contentHash: 'h1', leaseMs: 1000, received: received('<first/>') })).created).toBe(true);
      expect((await ledger.claimPayment({ request, contentHash: 'h1', leaseMs: 1000, received: received('<again/>') })).created).toBe(false);
      const kept = await ledger.findMessagesOfTxn(request.txnReferenceId);
      expect(kept.map((m) => [m.direction, m.outcome, m.body])).toEqual([['IN', 'ACCEPTED', '<first/>'], ['IN', 'ACCEPTED', '<again/>']]);
    });

    it('creates exactly one row for 50 concurrent claims of one txnReferenceId', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          ledger.claimPayment({ request: { ...request, msgId: `copy-${i}` }, contentHash: `h-${i}`, leaseMs: 5000 })),
      );
      const winners = results.filter((r) => r.created);
      expect(winners).toHaveLength(1);
      for (const r of results) expect(r.payment).toStrictEqual(winners[0].payment);
    });

    it('keeps different txnReferenceIds apart (ids are opaque: case matters)', async () => {
      const ledger = ctx.ledger();
      const base = uid('Case');
      const a = await ledger.claimPayment({ request: paymentRequest(base.toLowerCase()), contentHash: 'a', leaseMs: 0 });
      const b = await ledger.claimPayment({ request: paymentRequest(base.toUpperCase()), contentHash: 'b', leaseMs: 0 });
      expect([a.created, b.created]).toEqual([true, true]);
      expect((await ledger.getPayment(base.toUpperCase()))?.contentHash).toBe('b');
    });

    it('answers undefined for an unknown payment', async () => {
      expect(await ctx.ledger().getPayment(uid('None'))).toBeUndefined();
    });

    it('refuses money that is not integer paise, storing nothing', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest(uid(), { amountPaise: 1500.5 });
      expect(await rejectionCode(ledger.claimPayment({ request, contentHash: 'h', leaseMs: 0 }))).toBe('INTERNAL');
      expect(await ledger.getPayment(request.txnReferenceId)).toBeUndefined();
    });
  });

  describe('claimPayment closed (a reversal before its forward)', () => {
    const closed = failedWith('BPR005', 'reversed before it was posted');

    it('creates the row terminal: FAILED with that outcome, reversal asked, held by nobody', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest();
      const { created, payment } = await ledger.claimPayment({ request, contentHash: 'h', leaseMs: 60_000, closed });
      expect(created).toBe(true);
      expect(payment).toMatchObject({ txnReferenceId: request.txnReferenceId, state: 'FAILED', outcome: closed, reversalRequested: true, attempts: 0 });
      expect(payment).not.toHaveProperty('leaseOwner');
      expect(payment).not.toHaveProperty('plan');
      expect(await ledger.getPayment(request.txnReferenceId)).toStrictEqual(payment);
    });

    it('can never be leased, posted or completed; a later claim, closed or not, finds it (created false)', async () => {
      const ledger = ctx.ledger();
      const request = paymentRequest();
      const { payment } = await ledger.claimPayment({ request, contentHash: 'h', leaseMs: 0, closed });
      const txn = payment.txnReferenceId;
      expect(await ledger.tryLease(txn, 60_000)).toBeUndefined();
      expect(await ledger.claimDue(60_000, 1000)).not.toContainEqual(expect.objectContaining({ txnReferenceId: txn }));
      for (const token of [payment.leaseToken, CREATOR]) {
        expect(await ledger.markPosting(txn, token, postingPlan(), 60_000, Date.now())).toBe(false);
        expect(await ledger.renewLease(txn, token, 60_000)).toBe(false);
        expect(await ledger.complete(txn, token, succeeded(150_000))).toBe(false);
        expect(await ledger.markUnknown(txn, token, 'x', 0, undefined)).toBe(false);
      }
      expect(await ledger.requestReversal(txn)).toBe(false);

      // the forward arriving late, and a repeated reversal: both find the closed row
      const forward = await ledger.claimPayment({ request: { ...request, msgId: 'late' }, contentHash: 'h2', leaseMs: 60_000 });
      const repeat = await ledger.claimPayment({ request, contentHash: 'h', leaseMs: 60_000, closed: failedWith('X', 'other') });
      expect(forward).toStrictEqual({ created: false, payment });
      expect(repeat).toStrictEqual({ created: false, payment });
      expect(await ledger.getPayment(txn)).toStrictEqual(payment);
    });

    it('does not close a payment that exists: created false, the live row untouched', async () => {
      const ledger = ctx.ledger();
      const txn = await newPayment(ledger);
      const live = await ledger.getPayment(txn);
      const again = await ledger.claimPayment({ request: live!.request, contentHash: 'h', leaseMs: 0, closed });
      expect(again).toStrictEqual({ created: false, payment: live });
    });
  });
}
