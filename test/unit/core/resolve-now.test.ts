// Resolve now with DIGIT not answering: nothing is tried and the payment is left exactly as it was.
import { ResolveNow } from '../../../src/core/resolve-now';
import type { PayBill } from '../../../src/core/pay-bill';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';
import { paymentRequest, uid } from '../ledger/conformance/fixtures';

test.each([
  [{ ready: false, detail: 'login failing: 401', circuits: { collection: 'closed' } }, /login failing: 401/],
  [{ ready: true, detail: 'ok', circuits: { collection: 'open' } }, /collection circuit open/],
])('DIGIT %j: DIGIT_UNAVAILABLE, nothing tried, nothing changed', async (readiness, message) => {
  const ledger = await openSqliteLedger(':memory:', {});
  try {
    const txn = uid();
    await ledger.claimPayment({ request: paymentRequest(txn), contentHash: 'h', leaseMs: 0 });
    const before = await ledger.getPayment(txn);
    const awaitOutcome = jest.fn();
    const resolve = new ResolveNow({ ledger, payBill: { awaitOutcome } as unknown as PayBill, clock: { now: () => Date.now() }, digitReadiness: () => readiness, budgetMs: 1000 });
    await expect(resolve.execute(txn)).rejects.toMatchObject({ code: 'DIGIT_UNAVAILABLE', message: expect.stringMatching(message) });
    expect(awaitOutcome).not.toHaveBeenCalled();
    expect(await ledger.getPayment(txn)).toEqual(before);
    await expect(resolve.execute('absent')).rejects.toMatchObject({ code: 'PAYMENT_NOT_FOUND' });
  } finally {
    await ledger.close();
  }
});
