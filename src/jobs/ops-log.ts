// The durable list of reversals for operators, kept in the ledger's message log under a fixed pseudo
// refId (the log is append-only and searchable by refId): every reversal with what was done about it.
// Read by GET /ops/reversals. (Parked callbacks need no such list: GET /ops/outbox asks the outbox.)
import type { Ledger, ReversalRecords } from '../core/ports';
import type { Receipt } from '../core/types';

const REVERSALS = 'ops:reversals';

export interface ReversalEntry {
  txnReferenceId: string;
  refId: string;
  billerId: string;
  amountPaise: number;
  /**
   * NOT_POSTED: closed, can never post · CANCELLED_IN_DIGIT: posted, then cancelled through DIGIT's
   * payment workflow · POSTED_MANUAL: in DIGIT, which cannot cancel it: to be reversed by the operators
   */
  result: 'NOT_POSTED' | 'CANCELLED_IN_DIGIT' | 'POSTED_MANUAL';
  note: string;
  receipts: Array<Pick<Receipt, 'receiptNumber' | 'billNumber' | 'amountPaise' | 'businessService'>>;
  at: number;
}

export class OpsLog implements ReversalRecords {
  constructor(private readonly ledger: Ledger) {}

  reversal(e: ReversalEntry): Promise<void> {
    return this.ledger.recordMessage({
      direction: 'IN', api: 'Reversal', refId: REVERSALS, txnReferenceId: e.txnReferenceId, outcome: e.result, body: JSON.stringify(e),
    });
  }

  /** The latest result recorded for each of these payments that has one (an indexed lookup by txnReferenceId). */
  async latestResults(txnReferenceIds: string[]): Promise<Map<string, string>> {
    const latest = new Map<string, string>();
    for (const m of await this.ledger.findTxnMessages(REVERSALS, txnReferenceIds)) {
      if (m.txnReferenceId && m.outcome) latest.set(m.txnReferenceId, m.outcome);
    }
    return latest;
  }

  /** The latest entry per txnReferenceId, newest first. */
  async reversals(): Promise<ReversalEntry[]> {
    const latest = new Map<string, ReversalEntry>();
    for (const m of await this.ledger.findMessages({ refId: REVERSALS })) {
      const e = JSON.parse(m.body) as ReversalEntry;
      latest.set(e.txnReferenceId, e);
    }
    return [...latest.values()].sort((a, b) => b.at - a.at);
  }
}
