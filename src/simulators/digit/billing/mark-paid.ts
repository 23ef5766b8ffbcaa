// billing-service's Kafka consumers, run by the sandbox after a delay: a created payment moves the
// demands' collected amounts and closes the bill (PAID / PARTIALLY_PAID); a cancelled or dishonoured
// payment reverses that and cancels the bill.
import { randomUUID } from 'node:crypto';
import type { SandboxState } from '../state';
import { consumerKey } from '../state';
import type { PaymentRecord } from '../types';

const remaining = (state: SandboxState, demandId: string): number => {
  const demand = state.demandsById.get(demandId);
  return demand ? demand.details.reduce((s, d) => s + d.taxPaise - d.collectedPaise, 0) : 0;
};

export function applyPayment(state: SandboxState, payment: PaymentRecord, now: number): void {
  if (payment.markApplied || payment.json.paymentStatus === 'CANCELLED' || payment.json.paymentStatus === 'DISHONOURED') return;
  payment.markApplied = true;
  for (const pd of payment.details) {
    const touched = new Set<string>();
    for (const adj of pd.adjustments) {
      const hit = state.demandDetails.get(adj.demandDetailId);
      if (!hit) continue;
      hit.detail.collectedPaise += adj.paise;
      touched.add(hit.demand.id);
    }
    for (const demandId of touched) {
      const demand = state.demandsById.get(demandId);
      if (demand && remaining(state, demandId) <= 0) demand.paymentCompleted = true;
    }
    const bill = state.bills.get(pd.billId);
    if (!bill) continue;
    bill.status = pd.paidPaise >= bill.totalPaise ? 'PAID' : 'PARTIALLY_PAID';
    bill.lastModifiedTime = now;
    const byLine = new Map(pd.adjustments.map((a) => [a.demandDetailId, a.paise]));
    for (const d of bill.details) {
      let paid = 0;
      for (const line of d.lines) {
        line.adjustedPaise = byLine.get(line.demandDetailId) ?? 0;
        paid += line.adjustedPaise;
      }
      d.amountPaidPaise = paid;
    }
    // Any other ACTIVE bill of the consumer (made while this payment was pending) no longer matches
    // the demand: expire it so the next _fetchbill regenerates from what is still due.
    for (const other of state.billsByConsumer.get(consumerKey(bill.tenantId, bill.businessService, bill.consumerCode)) ?? []) {
      if (other !== bill && other.status === 'ACTIVE') other.status = 'EXPIRED';
    }
  }
  // the receipt PDF consumer fills fileStoreId later on
  payment.json.fileStoreId = randomUUID();
}

export function reversePayment(state: SandboxState, payment: PaymentRecord, now: number): void {
  if (payment.markApplied) {
    for (const pd of payment.details) {
      for (const adj of pd.adjustments) {
        const hit = state.demandDetails.get(adj.demandDetailId);
        if (!hit) continue;
        hit.detail.collectedPaise -= adj.paise;
        if (remaining(state, hit.demand.id) > 0) hit.demand.paymentCompleted = false;
      }
    }
    payment.markApplied = false;
  }
  for (const pd of payment.details) {
    const bill = state.bills.get(pd.billId);
    if (bill) {
      bill.status = 'CANCELLED';
      bill.lastModifiedTime = now;
    }
  }
}
