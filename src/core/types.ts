// Domain types shared by the use cases. Plain TypeScript: no wire format, no SQL, no HTTP.
// Money is integer paise (a safe integer) everywhere in the core; DIGIT rupees appear only in src/digit.

/** A customer parameter exactly as the channel sent it (name = the text registered with BBPS). */
export interface CustomerParam {
  name: string;
  value: string;
}

/** Who and where the request came from: echoed into DIGIT's additionalDetails and logs, never used for money. */
export interface RequestContext {
  refId: string;
  msgId: string;
  /** origInst of the sender (the CU or a COU) */
  origInst: string;
  agentId?: string;
  channel?: string;
  /** Customer/@mobile, possibly masked (99XXXXX999) */
  customerMobile?: string;
}

export interface FetchRequest extends RequestContext {
  billerId: string;
  params: CustomerParam[];
}

/** A bill as the core sees it (one DIGIT bill). */
export interface Bill {
  billId: string;
  billNumber: string;
  consumerCode: string;
  businessService: string;
  tenantId: string;
  amountPaise: number;
  /** DIGIT's total was not whole rupees: it can be shown but never paid through DIGIT */
  fractional: boolean;
  customerName: string;
  /** yyyy-MM-dd, Asia/Kolkata */
  billDate: string;
  dueDate: string;
  billPeriod: string;
  /** epoch ms of the earliest bill-detail expiry */
  expiresAt: number;
}

export type FetchOutcome =
  | { ok: true; bills: Bill[] }
  | { ok: false; code: string; reason: string };

/** The bill a payment names (copied from the fetch response's BillerResponse). */
export interface NamedBill {
  billNumber?: string;
  amountPaise?: number;
}

export interface PaymentRequest extends RequestContext {
  billerId: string;
  params: CustomerParam[];
  txnReferenceId: string;
  paymentRefId?: string;
  amountPaise: number;
  custConvFeePaise: number;
  /** BBPS payment mode text, e.g. "UPI", "Credit Card", "Cash" */
  paymentMode: string;
  quickPay: boolean;
  /** BillerResponse elements copied from the fetch; empty on quick pay */
  billsNamed: NamedBill[];
  /** customerName as the channel sent it (BillerResponse/@customerName), may be masked */
  customerName?: string;
  reversal: boolean;
}

export type PaymentState = 'RECEIVED' | 'POSTING' | 'SUCCESS' | 'FAILED' | 'UNKNOWN';

export interface Receipt {
  billId: string;
  billNumber: string;
  businessService: string;
  receiptNumber: string;
  amountPaise: number;
}

export type PaymentOutcome =
  | { status: 'SUCCESS'; receipts: Receipt[] }
  | { status: 'FAILED'; code: string; reason: string }
  | { status: 'PENDING' };

/** What a later search or re-post needs, committed before DIGIT's _create is called. */
export interface PostingPlan {
  tenantId: string;
  paidBy: string;
  mobileNumber?: string;
  paymentMode: string;
  bills: Array<{
    billId: string;
    billNumber: string;
    businessService: string;
    consumerCode: string;
    amountPaise: number;
  }>;
  additionalDetails: Record<string, unknown>;
}
