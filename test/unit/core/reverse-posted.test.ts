// Reversal of a posted payment (ReversePayment → cancel-posted): cancelled through DIGIT's workflow
// when DIGIT holds it APPROVED, else left to the operators; never a failure while the cancel's outcome
// is unknown. A scripted DigitGateway and a real (in-memory SQLite) ledger.
import { silentLogger } from '../../../src/core/logger';
import { DigitCallError, type DigitGateway, type DigitPaymentFound, type Ledger } from '../../../src/core/ports';
import { ReversePayment } from '../../../src/core/reverse-payment';
import type { PaymentRequest, PostingPlan, Receipt } from '../../../src/core/types';
import { openSqliteLedger } from '../../../src/ledger';

const RECEIPT: Receipt = { billId: 'bill-1', billNumber: 'B-1', businessService: 'WS', receiptNumber: 'WS/107/2025-26/000001', amountPaise: 150000 };

class ScriptedDigit implements DigitGateway {
  payment?: DigitPaymentFound;
  searchFails?: DigitCallError;
  /** what the next cancels do: undefined = DIGIT cancels it */
  cancelScript: Array<{ error: DigitCallError; applied?: boolean }> = [];
  readonly cancels: Array<Parameters<DigitGateway['cancelPayment']>[0]> = [];
  searches = 0;

  fetchBills = () => Promise.reject(new Error('not used'));
  searchBills = () => Promise.reject(new Error('not used'));
  createPayment = () => Promise.reject(new Error('not used'));
  listPayments = () => Promise.reject(new Error('not used'));
  healthy = () => true;

  async searchPayments(q: { transactionNumber?: string }): Promise<DigitPaymentFound[]> {
    this.searches++;
    if (this.searchFails) throw this.searchFails;
    return this.payment && this.payment.transactionNumber === q.transactionNumber ? [{ ...this.payment }] : [];
  }

  async cancelPayment(q: Parameters<DigitGateway['cancelPayment']>[0]): Promise<void> {
    this.cancels.push(q);
    const step = this.cancelScript.shift();
    if (!step || step.applied) this.payment = { ...this.payment!, paymentStatus: 'CANCELLED', instrumentStatus: 'CANCELLED' };
    if (step) throw step.error;
  }
}

const request = (txn: string): PaymentRequest => ({
  refId: `REF${txn}`, msgId: `MSG${txn}`, origInst: 'OU01', agentId: 'AGT0001', channel: 'INT', billerId: 'AMRW00000PUN01',
  params: [{ name: 'Connection Number', value: 'WS/107/2023-24/000045' }], txnReferenceId: txn, amountPaise: 150000,
  custConvFeePaise: 0, paymentMode: 'UPI', quickPay: false, billsNamed: [], customerName: 'Asha Rani', reversal: false,
});

const plan = (paymentMode: string): PostingPlan => ({
  tenantId: 'pb.amritsar', paidBy: 'Asha Rani', paymentMode, additionalDetails: {},
  bills: [{ billId: 'bill-1', billNumber: 'B-1', businessService: 'WS', consumerCode: 'WS/107/2023-24/000045', amountPaise: 150000 }],
});

const inDigit = (txn: string, instrumentStatus = 'APPROVED'): DigitPaymentFound => ({
  paymentId: `pay-${txn}`, tenantId: 'pb.amritsar', transactionNumber: txn, paymentStatus: instrumentStatus === 'APPROVED' ? 'NEW' : 'DEPOSITED',
  instrumentStatus, totalPaise: 150000, receipts: [RECEIPT], transactionDate: 1, additionalDetails: null,
});

let ledger: Ledger;
let digit: ScriptedDigit;
let reverse: ReversePayment;
let seq = 0;

beforeEach(async () => {
  ledger = await openSqliteLedger(':memory:');
  digit = new ScriptedDigit();
  reverse = new ReversePayment({ digit, ledger, clock: { now: () => Date.now() }, log: silentLogger, leaseMs: 5000, persistBoundMs: 60_000 });
});
afterEach(() => ledger.close());

/**
 * A payment of ours, posted in `mode` and completed SUCCESS (as DIGIT has it, unless told). Left POSTING,
 * its lease has run out (leaseMs 0): the worker that posted it is gone.
 */
async function posted(mode: string, state: 'SUCCESS' | 'POSTING' = 'SUCCESS'): Promise<string> {
  const txn = `TXN${++seq}${Date.now()}`;
  const { payment } = await ledger.claimPayment({ request: request(txn), contentHash: 'h', leaseMs: 0 });
  expect(await ledger.markPosting(txn, payment.leaseToken, plan(mode), 0, Date.now())).toBe(true);
  if (state === 'SUCCESS') expect(await ledger.complete(txn, payment.leaseToken, { status: 'SUCCESS', receipts: [RECEIPT] })).toBe(true);
  digit.payment = inDigit(txn, mode.startsWith('OFFLINE') ? 'APPROVED' : 'REMITTED');
  return txn;
}

const reversal = (txn: string) => reverse.execute({ ...request(txn), reversal: true });

test('ONLINE: answered for the operators without asking DIGIT', async () => {
  const txn = await posted('ONLINE');
  expect(await reversal(txn)).toMatchObject({ kind: 'POSTED', receipts: [RECEIPT], why: expect.stringMatching(/ONLINE/) });
  expect(digit.searches).toBe(0);
  expect(digit.cancels).toHaveLength(0);
});

test('OFFLINE_NEFT held APPROVED: cancelled on its module path, marked reversed, out of the totals; a repeat asks DIGIT nothing', async () => {
  const txn = await posted('OFFLINE_NEFT');
  const before = await ledger.successTotals();
  expect(await reversal(txn)).toEqual({ kind: 'CANCELLED', receipts: [RECEIPT] });
  expect(digit.cancels).toEqual([{ tenantId: 'pb.amritsar', businessService: 'WS', paymentId: `pay-${txn}`, reason: `BBPS reversal of ${txn}` }]);
  const row = await ledger.getPayment(txn);
  expect(row).toMatchObject({ state: 'SUCCESS', outcome: { status: 'SUCCESS', receipts: [RECEIPT] } });
  expect(row?.reversedAt).toEqual(expect.any(Number));
  expect(await ledger.successTotals()).toEqual({ count: before.count - 1, sumPaise: before.sumPaise - 150000 });

  const searches = digit.searches;
  expect(await reversal(txn)).toEqual({ kind: 'CANCELLED', receipts: [RECEIPT] });
  expect(digit.searches).toBe(searches);
  expect(digit.cancels).toHaveLength(1);
});

test('DIGIT holds it REMITTED whatever the configuration said: for the operators, no cancel', async () => {
  const txn = await posted('OFFLINE_RTGS');
  digit.payment = inDigit(txn, 'REMITTED');
  expect(await reversal(txn)).toMatchObject({ kind: 'POSTED', why: expect.stringMatching(/REMITTED/) });
  expect(digit.cancels).toHaveLength(0);
  expect((await ledger.getPayment(txn))?.reversedAt).toBeUndefined();
});

test('not the latest payment of its consumer (REJECTED): for the operators, not marked', async () => {
  const txn = await posted('OFFLINE_NEFT');
  digit.cancelScript = [{ error: new DigitCallError('REJECTED', 'refused', ['RECEIPT_WORKFLOW_ACTION_NOT_APPLICABLE'], 400) }];
  expect(await reversal(txn)).toMatchObject({ kind: 'POSTED', why: expect.stringMatching(/RECEIPT_WORKFLOW_ACTION_NOT_APPLICABLE/) });
  expect((await ledger.getPayment(txn))?.reversedAt).toBeUndefined();
});

test('cancel UNKNOWN but done: the search after it shows CANCELLED → reversed', async () => {
  const txn = await posted('OFFLINE_NEFT');
  digit.cancelScript = [{ error: new DigitCallError('UNKNOWN', 'timeout'), applied: true }];
  expect(await reversal(txn)).toMatchObject({ kind: 'CANCELLED' });
  expect((await ledger.getPayment(txn))?.reversedAt).toEqual(expect.any(Number));
});

test('cancel UNKNOWN and not done: pending (never a failure), then the retry cancels it', async () => {
  const txn = await posted('OFFLINE_NEFT');
  digit.cancelScript = [{ error: new DigitCallError('UNKNOWN', 'timeout') }];
  expect(await reversal(txn)).toMatchObject({ kind: 'PENDING' });
  expect((await ledger.getPayment(txn))?.reversedAt).toBeUndefined();
  expect(await reversal(txn)).toMatchObject({ kind: 'CANCELLED' });
  expect(digit.cancels).toHaveLength(2);
});

test('cancel UNAVAILABLE or search failing: pending', async () => {
  const txn = await posted('OFFLINE_NEFT');
  digit.cancelScript = [{ error: new DigitCallError('UNAVAILABLE', 'circuit open') }];
  expect(await reversal(txn)).toMatchObject({ kind: 'PENDING' });
  digit.searchFails = new DigitCallError('UNKNOWN', 'HTTP 503');
  expect(await reversal(txn)).toMatchObject({ kind: 'PENDING', note: 'DIGIT could not be searched' });
  expect(digit.cancels).toHaveLength(1);
});

test('cancelled earlier (a crash before the ledger knew): reversed without a second cancel', async () => {
  const txn = await posted('OFFLINE_NEFT');
  digit.payment = { ...inDigit(txn), paymentStatus: 'CANCELLED', instrumentStatus: 'CANCELLED' };
  expect(await reversal(txn)).toMatchObject({ kind: 'CANCELLED' });
  expect(digit.cancels).toHaveLength(0);
});

test('a payment still POSTING that DIGIT has: completed SUCCESS, then cancelled', async () => {
  const txn = await posted('OFFLINE_NEFT', 'POSTING');
  expect(await reversal(txn)).toMatchObject({ kind: 'CANCELLED', receipts: [RECEIPT] });
  expect(await ledger.getPayment(txn)).toMatchObject({ state: 'SUCCESS', reversedAt: expect.any(Number) });
  expect(digit.cancels).toHaveLength(1);
});
