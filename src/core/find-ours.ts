// "Ours" (design §3.8): a DIGIT payment whose transactionNumber equals this txnReferenceId, searched
// under each module of the plan (DIGIT's payment search needs the module path).
import type { DigitGateway, DigitPaymentFound } from './ports';
import type { PostingPlan, Receipt } from './types';

export interface Located {
  payment: DigitPaymentFound;
  /** the module path it was found under (the workflow needs the same) */
  businessService: string;
}

export async function locateOurs(digit: DigitGateway, txn: string, plan: PostingPlan): Promise<Located | undefined> {
  for (const businessService of new Set(plan.bills.map((b) => b.businessService))) {
    const found = await digit.searchPayments({ tenantId: plan.tenantId, businessService, transactionNumber: txn });
    const payment = found.find((p) => p.transactionNumber === txn);
    if (payment) return { payment, businessService };
  }
  return undefined;
}

export async function findOurs(digit: DigitGateway, txn: string, plan: PostingPlan): Promise<Receipt[] | undefined> {
  return (await locateOurs(digit, txn, plan))?.payment.receipts;
}

/** Every DIGIT payment with this transaction number under the plan's modules, each once (reconciliation). */
export async function listOurs(digit: DigitGateway, txn: string, plan: PostingPlan): Promise<DigitPaymentFound[]> {
  const found = new Map<string, DigitPaymentFound>();
  for (const businessService of new Set(plan.bills.map((b) => b.businessService))) {
    for (const p of await digit.searchPayments({ tenantId: plan.tenantId, businessService, transactionNumber: txn })) {
      if (p.transactionNumber === txn) found.set(p.paymentId, p);
    }
  }
  return [...found.values()];
}
