// collection-services JSON: the Payment with, per detail, its own copy of the bill (collection's
// Bill contract: MDMS flags, paidBy, amountPaid, apportioned adjustedAmount).
import { rupees, type Decimal } from '../amounts';
import type { Apportioned } from '../billing/apportion';
import type { BillRecord, BillStatus, BusinessServiceMaster } from '../types';

/** collection's Bill.StatusEnum has no PARTIALLY_PAID/PAYMENT_CANCELLED: they read back as null */
const collectionStatus = (s: BillStatus): string | null => (s === 'ACTIVE' || s === 'CANCELLED' || s === 'PAID' || s === 'EXPIRED' ? s : null);

export const decimalJson = (d: Decimal): number => Number(`${d.units}e-${d.scale}`);

export interface AuditJson {
  createdBy: string;
  createdTime: number;
  lastModifiedBy: string;
  lastModifiedTime: number;
}

export function collectionBillJson(
  bill: BillRecord,
  master: BusinessServiceMaster,
  paidBy: string,
  paidPaise: number,
  split: Apportioned,
) {
  return {
    id: bill.id,
    mobileNumber: bill.payer.mobileNumber,
    paidBy,
    payerName: bill.payer.name,
    payerAddress: bill.payer.address,
    payerEmail: bill.payer.email,
    payerId: null,
    status: collectionStatus(bill.status),
    reasonForCancellation: null as string | null,
    isCancelled: null as boolean | null,
    additionalDetails: null as unknown,
    billDetails: bill.details.map((d) => ({
      id: d.id,
      tenantId: bill.tenantId,
      demandId: d.demandId,
      billId: bill.id,
      amount: rupees(d.amountPaise),
      amountPaid: rupees(split.byDetail.get(d.id) ?? 0),
      fromPeriod: d.fromPeriod,
      toPeriod: d.toPeriod,
      additionalDetails: null,
      channel: null,
      voucherHeader: null,
      boundary: null,
      manualReceiptNumber: null,
      manualReceiptDate: null,
      billAccountDetails: d.lines.map((l) => ({
        id: l.id,
        tenantId: bill.tenantId,
        billDetailId: d.id,
        demandDetailId: l.demandDetailId,
        order: l.order,
        amount: rupees(l.amountPaise),
        adjustedAmount: rupees(split.byLine.get(l.id) ?? 0),
        isActualDemand: null,
        taxHeadCode: l.taxHeadCode,
        additionalDetails: null,
        purpose: null,
        auditDetails: null,
      })),
      collectionType: null,
      billDescription: null,
      expiryDate: d.expiryDate,
      displayMessage: null,
      callBackForApportioning: null,
      cancellationRemarks: null,
    })),
    tenantId: bill.tenantId,
    auditDetails: { createdBy: bill.createdBy, createdTime: bill.createdTime, lastModifiedBy: bill.createdBy, lastModifiedTime: bill.lastModifiedTime },
    collectionModesNotAllowed: [...master.collectionModesNotAllowed],
    partPaymentAllowed: master.partPaymentAllowed,
    isAdvanceAllowed: master.isAdvanceAllowed,
    minimumAmountToBePaid: null,
    businessService: bill.businessService,
    totalAmount: rupees(bill.totalPaise),
    consumerCode: bill.consumerCode,
    billNumber: bill.billNumber,
    billDate: bill.billDate,
    amountPaid: rupees(paidPaise),
  };
}

export type CollectionBillJson = ReturnType<typeof collectionBillJson>;

/** Search row mappers read absent longs as 0 (rs.getLong), so search shows manualReceiptDate 0. */
export function searchView(json: Record<string, unknown>): Record<string, unknown> {
  const details = json.paymentDetails as Array<Record<string, unknown>>;
  return { ...json, paymentDetails: details.map((d) => ({ ...d, manualReceiptDate: d.manualReceiptDate ?? 0 })) };
}
