// All mutable sandbox data, with the indexes the hot paths use (no scans per request).
import { randomUUID } from 'node:crypto';
import type { BillRecord, Demand, DemandDetail, Payer, PaymentRecord } from './types';

export const consumerKey = (tenantId: string, businessService: string, consumerCode: string): string =>
  `${tenantId}|${businessService}|${consumerCode}`;

const pushTo = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

export interface SandboxCounters {
  createCalls: number;
  createSucceeded: number;
  logins: number;
  failedLogins: number;
}

export class SandboxState {
  // ---- billing ----
  readonly demandsByConsumer = new Map<string, Demand[]>();
  readonly demandsById = new Map<string, Demand>();
  readonly demandDetails = new Map<string, { demand: Demand; detail: DemandDetail }>();
  /** payer mobile → consumer keys (billing's mobile search goes payer → demands) */
  readonly consumersByMobile = new Map<string, Set<string>>();
  readonly tenants = new Set<string>();
  readonly bills = new Map<string, BillRecord>();
  /** consumer key → bills, oldest first */
  readonly billsByConsumer = new Map<string, BillRecord[]>();
  // ---- collection ----
  readonly payments = new Map<string, PaymentRecord>();
  readonly paymentList: PaymentRecord[] = [];
  readonly paymentsByBillId = new Map<string, PaymentRecord[]>();
  readonly paymentsByTxn = new Map<string, PaymentRecord[]>();
  readonly paymentsByReceipt = new Map<string, PaymentRecord>();
  readonly paymentsByConsumer = new Map<string, PaymentRecord[]>();
  readonly paymentsByMobile = new Map<string, PaymentRecord[]>();
  /** egcl_paymentDetail UNIQUE (billId) */
  readonly paidBillIds = new Set<string>();
  // ---- egov-user citizens (payers), by mobile ----
  readonly citizensByMobile = new Map<string, { uuid: string; name: string }>();
  // ---- idgen ----
  private billSeq = 0;
  private readonly receiptSeq = new Map<string, number>();
  private paymentSeq = 0;
  readonly counters: SandboxCounters = { createCalls: 0, createSucceeded: 0, logins: 0, failedLogins: 0 };

  addDemand(demand: Demand): void {
    const key = consumerKey(demand.tenantId, demand.businessService, demand.consumerCode);
    pushTo(this.demandsByConsumer, key, demand);
    this.demandsById.set(demand.id, demand);
    for (const detail of demand.details) this.demandDetails.set(detail.id, { demand, detail });
    this.tenants.add(demand.tenantId);
    let set = this.consumersByMobile.get(demand.payer.mobileNumber);
    if (!set) this.consumersByMobile.set(demand.payer.mobileNumber, (set = new Set()));
    set.add(key);
  }

  /** The citizen egov-user holds for a mobile number, created on first sight (collection does the same). */
  citizenFor(mobileNumber: string, name: string): { uuid: string; name: string } {
    let citizen = this.citizensByMobile.get(mobileNumber);
    if (!citizen) this.citizensByMobile.set(mobileNumber, (citizen = { uuid: randomUUID(), name }));
    return citizen;
  }

  payerFor(name: string, mobileNumber: string, address: string | null, email: string | null): Payer {
    return { uuid: this.citizenFor(mobileNumber, name).uuid, name, mobileNumber, address, email };
  }

  addBill(bill: BillRecord): void {
    this.bills.set(bill.id, bill);
    pushTo(this.billsByConsumer, consumerKey(bill.tenantId, bill.businessService, bill.consumerCode), bill);
  }

  latestBill(key: string): BillRecord | undefined {
    const list = this.billsByConsumer.get(key);
    return list?.[list.length - 1];
  }

  nextBillNumber(businessService: string): string {
    this.billSeq += 1;
    return `BILLNO-${businessService}-${String(this.billSeq).padStart(6, '0')}`;
  }

  nextReceiptSeq(key: string): number {
    const n = (this.receiptSeq.get(key) ?? 0) + 1;
    this.receiptSeq.set(key, n);
    return n;
  }

  /** Insert honouring UNIQUE(billId); false when a detail's bill already carries a payment. */
  insertPayment(payment: Omit<PaymentRecord, 'seq'>): PaymentRecord | undefined {
    if (payment.details.some((d) => this.paidBillIds.has(d.billId))) return undefined;
    const record: PaymentRecord = { ...payment, seq: ++this.paymentSeq };
    this.payments.set(record.id, record);
    this.paymentList.push(record);
    pushTo(this.paymentsByTxn, record.transactionNumber, record);
    if (record.mobileNumber) pushTo(this.paymentsByMobile, record.mobileNumber, record);
    for (const d of record.details) {
      this.paidBillIds.add(d.billId);
      pushTo(this.paymentsByBillId, d.billId, record);
      this.paymentsByReceipt.set(d.receiptNumber, record);
      pushTo(this.paymentsByConsumer, d.consumerCode, record);
    }
    return record;
  }
}
