// The sandbox's own records. Money is integer paise everywhere inside; DIGIT's JSON shows rupees.

export type UserType = 'EMPLOYEE' | 'CITIZEN' | 'SYSTEM' | 'BUSINESS';

export interface Role {
  code: string;
  name: string;
  tenantId: string;
}

export interface SandboxUserRecord {
  id: number;
  /** null models a broken egov-user row: collection answers USER_INFO_INVALID */
  uuid: string | null;
  userName: string;
  password: string;
  name: string;
  mobileNumber: string | null;
  emailId: string | null;
  type: UserType;
  tenantId: string;
  roles: Role[];
  active: boolean;
}

/** One tax head line of a demand (DIGIT demand detail). */
export interface DemandDetail {
  id: string;
  taxHeadCode: string;
  order: number;
  taxPaise: number;
  collectedPaise: number;
}

/** One demand = one tax period of one consumer. */
export interface Demand {
  id: string;
  tenantId: string;
  businessService: string;
  consumerCode: string;
  payer: Payer;
  fromPeriod: number;
  toPeriod: number;
  details: DemandDetail[];
  /** epoch ms; a bill generated from this demand expires at the end of that day (else now + billExpiryDays) */
  fixedBillExpiryDate: number | null;
  billExpiryDays: number;
  paymentCompleted: boolean;
}

export interface Payer {
  uuid: string;
  name: string;
  mobileNumber: string;
  address: string | null;
  email: string | null;
}

export type BillStatus = 'ACTIVE' | 'CANCELLED' | 'PAID' | 'PARTIALLY_PAID' | 'PAYMENT_CANCELLED' | 'EXPIRED';

export interface BillAccountLine {
  id: string;
  demandDetailId: string;
  order: number;
  amountPaise: number;
  adjustedPaise: number;
  taxHeadCode: string;
}

export interface BillDetailRecord {
  id: string;
  demandId: string;
  expiryDate: number;
  amountPaise: number;
  amountPaidPaise: number | null;
  fromPeriod: number;
  toPeriod: number;
  lines: BillAccountLine[];
}

/** A billing-service bill (BillV2). */
export interface BillRecord {
  id: string;
  billNumber: string;
  tenantId: string;
  businessService: string;
  consumerCode: string;
  payer: Payer;
  status: BillStatus;
  totalPaise: number;
  billDate: number;
  details: BillDetailRecord[];
  createdBy: string;
  createdTime: number;
  lastModifiedTime: number;
}

export type PaymentMode =
  | 'CASH'
  | 'CHEQUE'
  | 'DD'
  | 'ONLINE'
  | 'OFFLINE_NEFT'
  | 'OFFLINE_RTGS'
  | 'ONLINE_NEFT'
  | 'ONLINE_RTGS'
  | 'POSTAL_ORDER'
  | 'CARD';

export type InstrumentStatus = 'APPROVED' | 'APPROVAL_PENDING' | 'TO_BE_SUBMITTED' | 'REMITTED' | 'REJECTED' | 'CANCELLED' | 'DISHONOURED';
export type PaymentStatus = 'NEW' | 'DEPOSITED' | 'CANCELLED' | 'DISHONOURED' | 'RECONCILED';

/** How much of one bill-account line a payment settled (applied to the demand at mark-as-paid). */
export interface Adjustment {
  demandDetailId: string;
  paise: number;
}

export interface PaymentDetailRecord {
  billId: string;
  consumerCode: string;
  businessService: string;
  receiptNumber: string;
  paidPaise: number;
  adjustments: Adjustment[];
}

/** A stored collection-services payment: the JSON as DIGIT keeps it plus what the sandbox needs. */
export interface PaymentRecord {
  seq: number;
  id: string;
  tenantId: string;
  transactionNumber: string;
  transactionDate: number;
  paymentMode: PaymentMode;
  mobileNumber: string | null;
  payerId: string | null;
  details: PaymentDetailRecord[];
  /** the response object; search returns it as stored, statuses updated by the workflow */
  json: Record<string, unknown> & { paymentStatus: PaymentStatus; instrumentStatus: InstrumentStatus };
  /** billing has consumed the payment (demand collection moved) */
  markApplied: boolean;
}

export interface BusinessServiceMaster {
  code: string;
  partPaymentAllowed: boolean;
  isAdvanceAllowed: boolean;
  minAmountPayable: number | null;
  collectionModesNotAllowed: PaymentMode[];
}

/** DIGIT's error entry (tracer Error). */
export interface DigitErrorEntry {
  code: string;
  message: string;
  description: string | null;
  params: string[] | null;
}
