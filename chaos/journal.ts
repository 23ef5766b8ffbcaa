// What the driver saw: every request sent and how it was answered, and which async exchange each
// callback belongs to. `evidence()` joins it with the CU's callbacks, DIGIT's records and the ledger.
import type { Received } from '../src/simulators/bbps-cu';
import type { ConflictAnswer, Evidence, ForwardAnswer, Reply } from './evidence';
import { replyText } from './evidence';
import { replyOf } from './client';

export type Role = 'forward' | 'reversal' | 'status' | 'fetch' | 'conflict';

interface Exchange {
  role: Role;
  txn?: string;
  acknowledged: boolean;
}

export interface PaymentEntry {
  txn: string;
  refId: string;
  amountPaise: number;
  channel: 'sync' | 'async';
  /** the request as first built: every copy and repeat sends the same content */
  xml: string;
  acknowledged: boolean;
  /** a final answer was seen (sync 200 or a callback) */
  answered: boolean;
  epoch: number;
}

/** callback api, refId and kind: the async exchange a request or a callback belongs to */
export function exchangeKey(api: string, refId: string, kind: string): string {
  return `${api}|${refId}|${kind}`;
}

/** The key of a received callback (forward and reversal answers share the api and refId). */
export function callbackKey(r: Received): string {
  const kind = r.api === 'BillPaymentResponse' ? (r.message?.txn?.type?.startsWith('REVERSAL') ? 'reversal' : 'forward') : r.api === 'TxnStatusResponse' ? 'status' : 'fetch';
  return exchangeKey(r.api, r.refId, kind);
}

export class Journal {
  readonly payments = new Map<string, PaymentEntry>();
  readonly syncAnswers: ForwardAnswer[] = [];
  readonly conflicts: ConflictAnswer[] = [];
  readonly unanswered: string[] = [];
  private readonly exchanges = new Map<string, Exchange>();

  /** An async request: acknowledged once any copy got a Successful Ack. */
  asyncSent(key: string, role: Role, acked: boolean, txn?: string): void {
    const x = this.exchanges.get(key) ?? { role, txn, acknowledged: false };
    x.acknowledged ||= acked;
    this.exchanges.set(key, x);
  }

  syncAnswer(txn: string, reply: Reply, via: string): void {
    this.syncAnswers.push({ txn, reply, via });
    const p = this.payments.get(txn);
    if (p) p.answered = true;
  }

  /** Everything observed so far joined with the callbacks the CU received. */
  evidence(received: readonly Received[], rest: Pick<Evidence, 'digit' | 'ledger' | 'ledgerTotals'>): Evidence {
    const forwardAnswers = [...this.syncAnswers];
    const conflicts = [...this.conflicts];
    const reversals: Evidence['reversals'] = [];
    const answersByKey = new Map<string, string[]>();
    for (const r of received) {
      if (!r.message) continue;
      const key = callbackKey(r);
      const reply = replyOf(r.message);
      const x = this.exchanges.get(key);
      const bills = r.message.billerResponses.map((b) => `${b.billNumber}:${b.amount}`).join(';');
      answersByKey.set(key, [...(answersByKey.get(key) ?? []), `${replyText(reply)}${bills ? ` ${bills}` : ''}`]);
      if (!x?.txn) continue;
      if (x.role === 'forward') forwardAnswers.push({ txn: x.txn, reply, via: 'callback' });
      else if (x.role === 'status') forwardAnswers.push({ txn: x.txn, reply, via: 'status' });
      else if (x.role === 'reversal') reversals.push({ txn: x.txn, reply });
      else if (x.role === 'conflict') conflicts.push({ txn: x.txn, via: 'async', outcome: reply.complianceRespCd || `${reply.responseCode} ${reply.approvalRefNum}` });
    }
    const exchanges = [...new Set([...this.exchanges.keys(), ...answersByKey.keys()])].map((key) => ({
      key,
      acknowledged: this.exchanges.get(key)?.acknowledged ?? false,
      answers: answersByKey.get(key) ?? [],
    }));
    return {
      payments: [...this.payments.values()].map((p) => ({ txn: p.txn, refId: p.refId, amountPaise: p.amountPaise, acknowledged: p.acknowledged })),
      forwardAnswers,
      exchanges,
      conflicts,
      reversals,
      unanswered: [...this.unanswered],
      unverified: received.filter((r) => r.verified !== true).map((r) => `${r.api} ${r.refId}`),
      ...rest,
    };
  }

  /** Acknowledged async exchanges still without a delivered callback. */
  waitingExchanges(received: readonly Received[]): string[] {
    const delivered = new Set(received.filter((r) => r.answer === 'ack' && r.message).map(callbackKey));
    return [...this.exchanges].filter(([k, x]) => x.acknowledged && !delivered.has(k)).map(([k]) => k);
  }
}
