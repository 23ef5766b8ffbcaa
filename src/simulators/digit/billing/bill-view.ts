// billing-service BillV2 JSON (Jackson default inclusion: null fields present).
import { rupees } from '../amounts';
import type { BillRecord } from '../types';

export function billJson(bill: BillRecord) {
  return {
    id: bill.id,
    userId: bill.payer.uuid,
    mobileNumber: bill.payer.mobileNumber,
    payerName: bill.payer.name,
    payerAddress: bill.payer.address,
    payerEmail: bill.payer.email,
    status: bill.status,
    totalAmount: rupees(bill.totalPaise),
    businessService: bill.businessService,
    billNumber: bill.billNumber,
    billDate: bill.billDate,
    consumerCode: bill.consumerCode,
    additionalDetails: null,
    billDetails: bill.details.map((d) => ({
      id: d.id,
      tenantId: bill.tenantId,
      demandId: d.demandId,
      billId: bill.id,
      expiryDate: d.expiryDate,
      amount: rupees(d.amountPaise),
      amountPaid: d.amountPaidPaise === null ? null : rupees(d.amountPaidPaise),
      fromPeriod: d.fromPeriod,
      toPeriod: d.toPeriod,
      additionalDetails: null,
      billAccountDetails: d.lines.map((l) => ({
        id: l.id,
        tenantId: bill.tenantId,
        billDetailId: d.id,
        demandDetailId: l.demandDetailId,
        order: l.order,
        amount: rupees(l.amountPaise),
        adjustedAmount: rupees(l.adjustedPaise),
        taxHeadCode: l.taxHeadCode,
        additionalDetails: null,
        auditDetails: null,
      })),
    })),
    tenantId: bill.tenantId,
    fileStoreId: null,
    auditDetails: {
      createdBy: bill.createdBy,
      lastModifiedBy: bill.createdBy,
      createdTime: bill.createdTime,
      lastModifiedTime: bill.lastModifiedTime,
    },
  };
}

/** billing's search ResponseInfo (the typo'd key holds it only when no bill was generated). */
export function billingResponseInfo(requestInfo: Record<string, unknown>) {
  return {
    apiId: requestInfo.apiId ?? null,
    ver: requestInfo.ver ?? null,
    ts: requestInfo.ts ?? null,
    msgId: requestInfo.msgId ?? null,
    status: '200 OK',
  };
}
