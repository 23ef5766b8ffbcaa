// Durable lists for operators, kept in the ledger's message log under fixed pseudo refIds (the log is
// append-only and searchable by refId): callbacks parked after BBPS_CALLBACK_PARK_AFTER_MS, and every
// reversal with what was done about it. Read by GET /ops/outbox and GET /ops/reversals.
import type { Ledger, OutboxItem, OutboxState } from '../core/ports';
import type { Receipt } from '../core/types';

const PARKED = 'ops:outbox-parked';
const REVERSALS = 'ops:reversals';

export interface ReversalEntry {
  txnReferenceId: string;
  refId: string;
  billerId: string;
  amountPaise: number;
  /** NOT_POSTED: closed, can never post · POSTED_MANUAL: in DIGIT, to be reversed by the operators */
  result: 'NOT_POSTED' | 'POSTED_MANUAL';
  note: string;
  receipts: Array<Pick<Receipt, 'receiptNumber' | 'billNumber' | 'amountPaise' | 'businessService'>>;
  at: number;
}

export class OpsLog {
  constructor(private readonly ledger: Ledger) {}

  parked(item: OutboxItem, error: string): Promise<void> {
    const body = JSON.stringify({ id: item.id, api: item.api, refId: item.refId, url: item.url, attempts: item.attempts + 1, error });
    return this.ledger.recordMessage({ direction: 'OUT', api: 'OutboxParked', refId: PARKED, outcome: item.id, body });
  }

  /** Outbox items that were ever parked, as they are now, filtered by state. */
  async outbox(state: OutboxState): Promise<Array<Omit<OutboxItem, 'body'>>> {
    const ids = new Set((await this.ledger.findMessages({ refId: PARKED })).map((m) => m.outcome ?? ''));
    const items = await Promise.all([...ids].filter(Boolean).map((id) => this.ledger.getOutbox(id)));
    return items
      .filter((i): i is OutboxItem => i !== undefined && i.state === state)
      .map(({ body: _body, ...rest }) => rest);
  }

  reversal(e: ReversalEntry): Promise<void> {
    return this.ledger.recordMessage({
      direction: 'IN', api: 'Reversal', refId: REVERSALS, txnReferenceId: e.txnReferenceId, outcome: e.result, body: JSON.stringify(e),
    });
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
