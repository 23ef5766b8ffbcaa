// What a JSON API client may read about its own payments: one by its clientReference (an unknown
// outcome resolved first, as a BBPS status query does), its list for reconciliation, and the
// receipts DIGIT holds for it (payment search by transactionNumber).
import type { ApiPaymentRef, ApiStore } from './api-store';
import { DigitCallError, type DigitGateway, type DigitPaymentFound, type Ledger, type PaymentRecord } from './ports';
import type { TxnStatus } from './txn-status';
import type { PaymentOutcome, PaymentRequest } from './types';

export interface ClientPayment {
  ref: ApiPaymentRef;
  request: PaymentRequest;
  outcome: PaymentOutcome;
}

export type ReceiptLookup =
  | { kind: 'notFound' }
  | { kind: 'notPaid'; outcome: PaymentOutcome }
  | { kind: 'digitUnavailable' }
  | { kind: 'found'; payment: ClientPayment; digit: DigitPaymentFound[] };

const outcomeOf = (row: PaymentRecord): PaymentOutcome =>
  row.outcome && (row.state === 'SUCCESS' || row.state === 'FAILED') ? row.outcome : { status: 'PENDING' };

export class ClientPayments {
  constructor(private readonly deps: { store: ApiStore; ledger: Ledger; txnStatus: TxnStatus; digit: DigitGateway }) {}

  /** The payment's current answer; undefined when this client has no payment with this reference. */
  async byReference(clientId: string, clientReference: string): Promise<ClientPayment | undefined> {
    const ref = await this.deps.store.findReference(clientId, clientReference);
    if (!ref) return undefined;
    const status = await this.deps.txnStatus.execute(ref.txnReferenceId);
    if (!status.found) return undefined;
    return { ref, request: status.request, outcome: status.outcome };
  }

  /**
   * One page of the client's payments created in [from, before), oldest first (as the ledger holds them
   * now), and where the next page starts when there is one.
   */
  async list(q: Parameters<ApiStore['listReferences']>[0]): Promise<{ items: ClientPayment[]; next?: { createdAt: number; clientReference: string } }> {
    // one more than asked tells whether a next page exists, so `next` never leads to an empty page
    const refs = await this.deps.store.listReferences({ ...q, limit: q.limit + 1 });
    const page = refs.slice(0, q.limit);
    const rows = await Promise.all(page.map((r) => this.deps.ledger.getPayment(r.txnReferenceId)));
    const items: ClientPayment[] = [];
    page.forEach((ref, i) => {
      const row = rows[i];
      // a reference whose payment never reached the ledger was refused: nothing to reconcile
      if (row) items.push({ ref, request: row.request, outcome: outcomeOf(row) });
    });
    const last = page[page.length - 1];
    return refs.length > q.limit && last ? { items, next: { createdAt: last.createdAt, clientReference: last.clientReference } } : { items };
  }

  async receipts(clientId: string, clientReference: string): Promise<ReceiptLookup> {
    const payment = await this.byReference(clientId, clientReference);
    if (!payment) return { kind: 'notFound' };
    if (payment.outcome.status !== 'SUCCESS') return { kind: 'notPaid', outcome: payment.outcome };
    const row = await this.deps.ledger.getPayment(payment.ref.txnReferenceId);
    const plan = row?.plan;
    if (!plan) return { kind: 'notPaid', outcome: payment.outcome };
    const services = [...new Set(plan.bills.map((b) => b.businessService))];
    try {
      const found = await Promise.all(services.map((businessService) =>
        this.deps.digit.searchPayments({ tenantId: plan.tenantId, businessService, transactionNumber: payment.ref.txnReferenceId })));
      // one DIGIT payment spanning two services is found under each: once is enough
      const unique = new Map(found.flat().map((p) => [p.paymentId, p]));
      return { kind: 'found', payment, digit: [...unique.values()] };
    } catch (e) {
      if (e instanceof DigitCallError) return { kind: 'digitUnavailable' };
      throw e;
    }
  }
}
