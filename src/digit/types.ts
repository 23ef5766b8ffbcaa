// DIGIT's JSON as this client sends and reads it (reference/digit-api.md §2–§4). Only the fields we
// use are typed; responses are checked field by field in read.ts before anything trusts them.

export interface RequestInfo {
  apiId: string;
  ver: string;
  ts: number;
  msgId: string;
  authToken: string;
}

/** `_fetchbill` / bill `_search` answer: note billing's `ResposneInfo` typo, which we never read */
export interface BillResponse {
  Bill: DigitBill[];
}

export interface DigitBillDetail {
  expiryDate?: number | null;
  fromPeriod?: number | null;
  toPeriod?: number | null;
  amount?: number | null;
}

export interface DigitBill {
  id: string;
  billNumber: string;
  consumerCode: string;
  businessService: string;
  tenantId: string;
  totalAmount: number;
  payerName?: string | null;
  billDate?: number | null;
  status?: string;
  billDetails: DigitBillDetail[];
}

/** collection-services `Payment` as `_create` receives it (§4.1) */
export interface PaymentCreate {
  tenantId: string;
  totalDue: number;
  totalAmountPaid: number;
  paymentMode: string;
  transactionNumber: string;
  instrumentNumber: string;
  instrumentDate: number;
  paidBy: string;
  payerName: string;
  mobileNumber?: string;
  additionalDetails: Record<string, unknown>;
  paymentDetails: Array<{ billId: string; businessService: string; totalDue: number; totalAmountPaid: number }>;
}

/** collection's error envelope: every handled service error, HTTP 400 (§2.3) */
export interface ErrorEnvelope {
  ResponseInfo: null;
  Errors: Array<{ code: string; message?: string; description?: string | null }>;
}

/** `/user/oauth/token` success (§1.2): only what the token manager needs */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
}
