// One payment as the operators see it (console payment page, GET /ops/payments/:txnReferenceId): the
// ledger row, the BBPS messages in and out (under its refId — the fetch and the payment — and under its
// txnReferenceId — status queries, reversals), its DIGIT receipts, and a state history derived from what
// the ledger already records. No history table is written per transition (that would cost a write on
// every payment): the history is the row's own times and the messages' times, and says so.
import { AppError } from './errors';
import type { Ledger, PaymentRecord, StoredMessage } from './ports';
import { isUnresolvedState } from './resolve-now';

export interface HistoryEvent {
  at: number;
  what: string;
  /** which recorded fact the event is read from */
  source: string;
}

export interface PaymentDetail {
  payment: PaymentRecord;
  messages: StoredMessage[];
  history: HistoryEvent[];
  unresolved: boolean;
}

export async function paymentDetail(deps: { ledger: Ledger }, txnReferenceId: string): Promise<PaymentDetail> {
  const payment = await deps.ledger.getPayment(txnReferenceId);
  if (!payment) throw new AppError('PAYMENT_NOT_FOUND', `no payment with txnReferenceId ${txnReferenceId}`, { public: true });
  const [byRef, byTxn] = await Promise.all([
    deps.ledger.findMessages({ refId: payment.refId }),
    deps.ledger.findMessagesOfTxn(txnReferenceId),
  ]);
  const seen = new Set<number>();
  const messages = [...byRef, ...byTxn].filter((m) => !seen.has(m.id) && seen.add(m.id)).sort((a, b) => a.id - b.id);
  return { payment, messages, history: stateHistory(payment, messages), unresolved: isUnresolvedState(payment.state) };
}

export function stateHistory(p: PaymentRecord, messages: StoredMessage[]): HistoryEvent[] {
  const events: HistoryEvent[] = [{ at: p.createdAt, what: 'RECEIVED: recorded before DIGIT was called', source: 'created at' }];
  if (p.lastPostAt !== undefined) {
    events.push({ at: p.lastPostAt, what: `POSTING: latest payments/_create started (${p.attempts} attempt${p.attempts === 1 ? '' : 's'} in all)`, source: 'last posting attempt' });
  }
  const terminal = p.state === 'SUCCESS' || p.state === 'FAILED';
  // a later reversal mark moves updatedAt: then the completion time is the answer's message, if any
  const answered = messages.find((m) => m.direction === 'OUT' && m.txnReferenceId === p.txnReferenceId && /PaymentResponse$/.test(m.api));
  if (terminal) {
    const what = p.outcome?.status === 'FAILED' ? `FAILED: ${p.outcome.code} ${p.outcome.reason}` : 'SUCCESS: DIGIT receipt(s) recorded';
    if (p.reversedAt === undefined && !p.reversalRequested) events.push({ at: p.updatedAt, what, source: 'last change' });
    else if (answered) events.push({ at: answered.at, what, source: 'time of the answer sent' });
  } else if (p.state === 'UNKNOWN') {
    events.push({ at: p.updatedAt, what: `UNKNOWN: ${p.note ?? 'outcome not known'}; the sweeper retries`, source: 'last change' });
  } else {
    events.push({ at: p.updatedAt, what: `${p.state}: still being worked on`, source: 'last change' });
  }
  const reversal = messages.find((m) => m.direction === 'IN' && m.txnReferenceId === p.txnReferenceId && m.api === 'BillPaymentRequest' && /REVERSAL/i.test(m.body));
  if (reversal) events.push({ at: reversal.at, what: 'reversal asked over BBPS', source: 'reversal message' });
  else if (p.reversalRequested) events.push({ at: p.updatedAt, what: 'reversal asked: no new _create is ever made', source: 'last change' });
  if (p.reversedAt !== undefined) events.push({ at: p.reversedAt, what: 'REVERSED: cancelled in DIGIT, no longer counted as collected', source: 'reversed at' });
  for (const m of messages) {
    events.push({ at: m.at, what: `BBPS ${m.api} ${m.direction === 'IN' ? 'received' : 'sent'}${m.outcome ? ` (${m.outcome})` : ''}`, source: 'message journal' });
  }
  // stable: at equal times the row's own facts come before the messages
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map(({ e }) => e);
}
