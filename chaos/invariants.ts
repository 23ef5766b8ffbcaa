// The invariants of a chaos run (issue 19), checked after every epoch and at the end on the Evidence:
// no payment posted twice; every acknowledged request gets exactly one final answer and answers never
// flip, each callback signed by the adapter; every success has its DIGIT receipt; nothing failed is in DIGIT; conflicting duplicates are
// refused and change nothing; the ledger agrees with DIGIT payment by payment, in count and in sum.
import { replyText, type DigitPayment, type Evidence } from './evidence';

export type Rule =
  | 'posted-twice'
  | 'answer-flipped'
  | 'unanswered'
  | 'callback-unverified'
  | 'success-without-receipt'
  | 'failure-but-posted'
  | 'conflict-not-refused'
  | 'conflict-posted'
  | 'reversal-wrong'
  | 'ledger-unresolved'
  | 'ledger-digit-mismatch'
  | 'totals-differ';

export interface Violation {
  rule: Rule;
  detail: string;
}

const OK = '000';

export function checkInvariants(e: Evidence): Violation[] {
  const out: Violation[] = [];
  const v = (rule: Rule, detail: string) => out.push({ rule, detail });

  const digitByTxn = new Map<string, DigitPayment[]>();
  for (const p of e.digit) digitByTxn.set(p.transactionNumber, [...(digitByTxn.get(p.transactionNumber) ?? []), p]);
  const live = (txn: string) => (digitByTxn.get(txn) ?? []).filter((p) => !p.cancelled);
  for (const [txn, ps] of digitByTxn) if (ps.length > 1) v('posted-twice', `${txn}: ${ps.length} DIGIT payments (${ps.flatMap((p) => p.receipts).join(', ')})`);

  // one final answer per forward payment, whatever channel it came through
  const answers = new Map<string, Map<string, string[]>>();
  for (const a of e.forwardAnswers) {
    const byReply = answers.get(a.txn) ?? new Map<string, string[]>();
    const text = replyText(a.reply);
    byReply.set(text, [...(byReply.get(text) ?? []), a.via]);
    answers.set(a.txn, byReply);
  }
  for (const [txn, byReply] of answers) {
    if (byReply.size > 1) v('answer-flipped', `${txn}: ${[...byReply].map(([r, via]) => `${r} (${[...new Set(via)].join(', ')})`).join(' vs ')}`);
  }
  for (const p of e.payments) if (p.acknowledged && !answers.has(p.txn)) v('unanswered', `payment ${p.txn} (refId ${p.refId}) was acknowledged but never got a final answer`);
  for (const x of e.exchanges) {
    const distinct = new Set(x.answers);
    if (x.acknowledged && distinct.size === 0) v('unanswered', `${x.key}: acknowledged, no callback`);
    if (distinct.size > 1) v('answer-flipped', `${x.key}: callbacks ${[...distinct].join(' vs ')}`);
  }
  for (const u of e.unanswered) v('unanswered', `${u}: no HTTP answer from the service`);
  for (const c of e.unverified) v('callback-unverified', `${c}: the callback's signature does not verify under the adapter's key`);

  // successes carry DIGIT's receipt; failures are not in DIGIT
  for (const a of e.forwardAnswers) {
    const inDigit = live(a.txn);
    if (a.reply.responseCode === OK) {
      const receipts = inDigit.flatMap((p) => p.receipts).join(',');
      if (inDigit.length === 0) v('success-without-receipt', `${a.txn}: answered ${replyText(a.reply)} (${a.via}) but DIGIT has no payment`);
      else if (receipts !== a.reply.approvalRefNum) v('success-without-receipt', `${a.txn}: answered receipt ${a.reply.approvalRefNum} (${a.via}), DIGIT has ${receipts}`);
    } else if (inDigit.length > 0) {
      v('failure-but-posted', `${a.txn}: answered ${replyText(a.reply)} (${a.via}) but DIGIT holds ${inDigit.flatMap((p) => p.receipts).join(',')}`);
    }
  }

  // conflicting duplicates: refused, and never what DIGIT holds
  const amountOf = new Map(e.payments.map((p) => [p.txn, p.amountPaise]));
  for (const c of e.conflicts) {
    if (c.outcome !== 'BPR007' && c.outcome !== 'DUPLICATE_REFID') v('conflict-not-refused', `${c.txn}: conflicting duplicate (${c.via}) answered ${c.outcome}`);
  }
  for (const txn of new Set(e.conflicts.map((c) => c.txn))) {
    for (const p of live(txn)) if (p.amountPaise !== amountOf.get(txn)) v('conflict-posted', `${txn}: DIGIT holds ${p.amountPaise} paise, the original asked ${amountOf.get(txn)}`);
  }

  // a reversal answered "not posted" (000, approvalRefNum = txn) means DIGIT never has it; "posted" means it does
  for (const r of e.reversals) {
    const inDigit = live(r.txn);
    const held = inDigit.flatMap((p) => p.receipts).join(',');
    const notPosted = r.reply.responseCode === OK && r.reply.approvalRefNum === r.txn;
    const forwardOk = [...(answers.get(r.txn)?.keys() ?? [])].some((t) => t.startsWith(`${OK}/`));
    if (notPosted && inDigit.length > 0) v('reversal-wrong', `${r.txn}: reversal answered not posted, DIGIT holds ${held}`);
    else if (notPosted && forwardOk) v('reversal-wrong', `${r.txn}: reversal answered not posted, the payment was answered a success`);
    else if (r.reply.responseCode === OK && !notPosted) {
      const cancelled = (digitByTxn.get(r.txn) ?? []).filter((p) => p.cancelled).flatMap((p) => p.receipts).join(',');
      if (cancelled !== r.reply.approvalRefNum) v('reversal-wrong', `${r.txn}: reversal answered cancelled ${r.reply.approvalRefNum}, DIGIT has cancelled ${cancelled || 'nothing'}`);
    } else if (r.reply.responseCode !== OK && inDigit.length === 0) v('reversal-wrong', `${r.txn}: reversal answered ${replyText(r.reply)} (posted) but DIGIT has no payment`);
  }

  // the ledger, payment by payment and in total, against DIGIT
  const ledgerTxns = new Set<string>();
  for (const row of e.ledger) {
    ledgerTxns.add(row.txn);
    const inDigit = live(row.txn);
    if (row.state !== 'SUCCESS' && row.state !== 'FAILED') v('ledger-unresolved', `${row.txn}: ${row.state} after settling`);
    else if (row.state === 'FAILED' && inDigit.length > 0) v('ledger-digit-mismatch', `${row.txn}: FAILED in the ledger, in DIGIT as ${inDigit.flatMap((p) => p.receipts).join(',')}`);
    else if (row.state === 'SUCCESS' && !row.reversed) {
      const receipts = inDigit.flatMap((p) => p.receipts).join(',');
      const sum = inDigit.reduce((s, p) => s + p.amountPaise, 0);
      if (receipts !== row.receipts.join(',') || sum !== row.amountPaise) {
        v('ledger-digit-mismatch', `${row.txn}: ledger SUCCESS ${row.receipts.join(',')} ${row.amountPaise} paise, DIGIT ${receipts || 'nothing'} ${sum} paise`);
      }
    }
  }
  for (const [txn, ps] of digitByTxn) {
    if (!ledgerTxns.has(txn) && ps.some((p) => !p.cancelled)) v('ledger-digit-mismatch', `${txn}: in DIGIT, not in the ledger`);
  }
  const digitLive = e.digit.filter((p) => !p.cancelled);
  const digitTotals = { count: digitLive.length, sumPaise: digitLive.reduce((s, p) => s + p.amountPaise, 0) };
  if (digitTotals.count !== e.ledgerTotals.count || digitTotals.sumPaise !== e.ledgerTotals.sumPaise) {
    v('totals-differ', `ledger ${e.ledgerTotals.count} payments ${e.ledgerTotals.sumPaise} paise, DIGIT ${digitTotals.count} payments ${digitTotals.sumPaise} paise`);
  }
  return out;
}
