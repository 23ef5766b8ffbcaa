// The chaos run's checker: a consistent record set passes; each kind of violation is reported.
import type { Evidence, Reply } from '../../../chaos/evidence';
import { digitFacts } from '../../../chaos/evidence';
import { checkInvariants, type Rule } from '../../../chaos/invariants';

const ok = (receipt: string): Reply => ({ responseCode: '000', complianceRespCd: '', approvalRefNum: receipt });
const failed = (code: string): Reply => ({ responseCode: '200', complianceRespCd: code, approvalRefNum: '' });

/** Two payments: T1 succeeded (receipt R1, ₹700), T2 failed (BPR011); a conflict on T1 refused. */
function consistent(): Evidence {
  return {
    payments: [
      { txn: 'T1', refId: 'REF1', amountPaise: 70000, acknowledged: true },
      { txn: 'T2', refId: 'REF2', amountPaise: 80000, acknowledged: true },
    ],
    forwardAnswers: [
      { txn: 'T1', via: 'sync', reply: ok('R1') },
      { txn: 'T1', via: 'status', reply: ok('R1') },
      { txn: 'T2', via: 'callback', reply: failed('BPR011') },
    ],
    exchanges: [
      { key: 'BillPaymentResponse|REF2|forward', acknowledged: true, answers: ['200/BPR011/-', '200/BPR011/-'] },
      { key: 'TxnStatusResponse|S1|status', acknowledged: true, answers: ['000/-/R1'] },
    ],
    conflicts: [{ txn: 'T1', via: 'sync', outcome: 'BPR007' }],
    reversals: [{ txn: 'T2', reply: ok('T2') }],
    unanswered: [],
    unverified: [],
    digit: [{ transactionNumber: 'T1', amountPaise: 70000, receipts: ['R1'], cancelled: false }],
    ledger: [
      { txn: 'T1', state: 'SUCCESS', receipts: ['R1'], amountPaise: 70000, reversed: false },
      { txn: 'T2', state: 'FAILED', receipts: [], amountPaise: 0, reversed: false },
    ],
    ledgerTotals: { count: 1, sumPaise: 70000 },
  };
}

const rules = (e: Evidence): Rule[] => [...new Set(checkInvariants(e).map((v) => v.rule))].sort();

test('a consistent record set has no violation', () => {
  expect(checkInvariants(consistent())).toEqual([]);
});

test('a payment posted twice in DIGIT (a double post) is reported, with the totals that no longer add up', () => {
  const e = consistent();
  e.digit.push({ transactionNumber: 'T1', amountPaise: 70000, receipts: ['R9'], cancelled: false });
  const found = checkInvariants(e);
  expect(found).toEqual(expect.arrayContaining([{ rule: 'posted-twice', detail: expect.stringContaining('T1: 2 DIGIT payments (R1, R9)') }]));
  expect(rules(e)).toEqual(['ledger-digit-mismatch', 'posted-twice', 'success-without-receipt', 'totals-differ']);
});

test('an answer that flips (success, then a failure for the same payment) is reported', () => {
  const e = consistent();
  e.forwardAnswers.push({ txn: 'T1', via: 'callback', reply: failed('BPR005') });
  expect(rules(e)).toEqual(['answer-flipped', 'failure-but-posted']);
  const x = consistent();
  x.exchanges[0]?.answers.push('000/-/R2');
  expect(rules(x)).toEqual(['answer-flipped']);
});

test('an acknowledged request without a final answer is reported', () => {
  const e = consistent();
  e.payments.push({ txn: 'T3', refId: 'REF3', amountPaise: 70000, acknowledged: true });
  e.exchanges.push({ key: 'BillFetchResponse|REF4|fetch', acknowledged: true, answers: [] });
  e.unanswered.push('sync payment T5');
  const found = checkInvariants(e);
  expect(found.map((v) => v.rule)).toEqual(['unanswered', 'unanswered', 'unanswered']);
  expect(found.map((v) => v.detail).join('\n')).toMatch(/T3[\s\S]*REF4[\s\S]*T5/);
  // one that was never acknowledged needs no answer
  const quiet = consistent();
  quiet.payments.push({ txn: 'T6', refId: 'REF6', amountPaise: 70000, acknowledged: false });
  expect(checkInvariants(quiet)).toEqual([]);
});

test('a callback whose signature does not verify is reported', () => {
  const e = consistent();
  e.unverified.push('BillPaymentResponse REF2');
  expect(checkInvariants(e)).toEqual([{ rule: 'callback-unverified', detail: expect.stringContaining('BillPaymentResponse REF2') }]);
});

test('a success without its DIGIT receipt, or with another receipt, is reported', () => {
  const e = consistent();
  e.forwardAnswers.push({ txn: 'T1', via: 'callback', reply: ok('R2') });
  expect(rules(e)).toEqual(['answer-flipped', 'success-without-receipt']);
  const gone = consistent();
  gone.digit = [];
  expect(rules(gone)).toEqual(['ledger-digit-mismatch', 'success-without-receipt', 'totals-differ']);
});

test('a failure that DIGIT holds is reported', () => {
  const e = consistent();
  e.digit.push({ transactionNumber: 'T2', amountPaise: 80000, receipts: ['R2'], cancelled: false });
  e.ledgerTotals = { count: 2, sumPaise: 150000 };
  expect(rules(e)).toEqual(['failure-but-posted', 'ledger-digit-mismatch', 'reversal-wrong']);
});

test('a conflicting duplicate that is not refused, or whose amount DIGIT took, is reported', () => {
  const e = consistent();
  e.conflicts.push({ txn: 'T1', via: 'async', outcome: '000 R1' });
  expect(rules(e)).toEqual(['conflict-not-refused']);
  const taken = consistent();
  taken.digit = [{ transactionNumber: 'T1', amountPaise: 50000, receipts: ['R1'], cancelled: false }];
  expect(rules(taken)).toEqual(['conflict-posted', 'ledger-digit-mismatch', 'totals-differ']);
});

test('a reversal answered "not posted" for a payment DIGIT holds is reported', () => {
  const e = consistent();
  e.reversals.push({ txn: 'T1', reply: ok('T1') });
  expect(rules(e)).toEqual(['reversal-wrong']);
  const posted = consistent();
  posted.reversals = [{ txn: 'T2', reply: { responseCode: '200', complianceRespCd: '', approvalRefNum: '' } }];
  expect(rules(posted)).toEqual(['reversal-wrong']);
});

test('the ledger against DIGIT: unresolved rows, a success DIGIT lacks, a DIGIT payment the ledger lacks, totals', () => {
  const e = consistent();
  e.ledger.push({ txn: 'T7', state: 'UNKNOWN', receipts: [], amountPaise: 0, reversed: false });
  expect(rules(e)).toEqual(['ledger-unresolved']);
  const extra = consistent();
  extra.digit.push({ transactionNumber: 'T8', amountPaise: 10000, receipts: ['R8'], cancelled: false });
  expect(checkInvariants(extra).map((v) => v.detail)).toEqual(['T8: in DIGIT, not in the ledger', 'ledger 1 payments 70000 paise, DIGIT 2 payments 80000 paise']);
  const sums = consistent();
  sums.ledgerTotals = { count: 1, sumPaise: 69900 };
  expect(rules(sums)).toEqual(['totals-differ']);
  // a cancelled DIGIT payment counts nowhere, a reversed ledger success neither
  const cancelled = consistent();
  cancelled.digit[0] = { ...cancelled.digit[0]!, cancelled: true };
  cancelled.ledger[0] = { ...cancelled.ledger[0]!, reversed: true };
  cancelled.forwardAnswers = cancelled.forwardAnswers.filter((a) => a.txn !== 'T1');
  cancelled.payments = cancelled.payments.filter((p) => p.txn !== 'T1');
  cancelled.conflicts = [];
  cancelled.ledgerTotals = { count: 0, sumPaise: 0 };
  expect(checkInvariants(cancelled)).toEqual([]);
});

test('digitFacts reads a DIGIT payment as search shows it; payments without BBPS ids are not ours', () => {
  const p = { transactionNumber: 'T1', totalAmountPaid: 700.5, paymentStatus: 'DEPOSITED', additionalDetails: { bbps: { txnReferenceId: 'T1' } }, paymentDetails: [{ receiptNumber: 'R1' }] };
  expect(digitFacts(p)).toEqual({ transactionNumber: 'T1', amountPaise: 70050, receipts: ['R1'], cancelled: false });
  expect(digitFacts({ ...p, additionalDetails: null })).toBeUndefined();
  expect(digitFacts({ ...p, paymentStatus: 'CANCELLED' })?.cancelled).toBe(true);
});
