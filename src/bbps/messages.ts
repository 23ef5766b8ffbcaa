// What the codec keeps of a parsed message besides the core request: the parts a response must echo
// (protocol §4.4, §10), and the parsed shapes of the messages that have no core type.
import type { CustomerParam } from '../core/types';

export interface HeadEcho {
  ver: string;
  ts: string;
  origInst: string;
  refId: string;
}

/** Txn attributes as received (RiskScores are dropped: responses never echo them). */
export interface TxnEcho {
  ts?: string;
  msgId?: string;
  txnReferenceId?: string;
  paymentRefId?: string;
  type?: string;
  xchangeId?: string;
}

export interface BillDetailsEcho {
  billerId: string;
  /** document order, empty values kept */
  params: CustomerParam[];
}

/** A BillerResponse as received: raw attribute text, nothing validated. */
export interface BillerResponseEcho {
  amount?: string;
  customerName?: string;
  dueDate?: string;
  billDate?: string;
  billNumber?: string;
  billPeriod?: string;
  custConvFee?: string;
}

export interface FetchEcho {
  head: HeadEcho;
  txn: TxnEcho;
  billDetails: BillDetailsEcho;
}

export interface PaymentEcho extends FetchEcho {
  /** the request's BillerResponse elements (copies of the fetch), in order; empty on quick pay */
  billerResponses: BillerResponseEcho[];
  reversal: boolean;
}

/** BillValidationRequest (protocol §10.8): Head, Agent, BillDetails, optional Amount/@amount. */
export interface ValidationRequest {
  refId: string;
  origInst: string;
  agentId?: string;
  channel?: string;
  billerId: string;
  params: CustomerParam[];
  /** Amount/@amount in paise when present (same digit rule as payments; NaN beyond 2^53) */
  amountPaise?: number;
}

export interface ValidationEcho {
  head: HeadEcho;
  billDetails: BillDetailsEcho;
}

/** TxnStatusRequest ("402", protocol §7.1, §10.9). */
export interface TxnStatusQuery {
  refId: string;
  origInst: string;
  txnReferenceId: string;
  /** TxnStatusReq/@msgId: the msgId of the payment asked about, when given */
  msgId?: string;
}

export interface TxnStatusEcho {
  head: HeadEcho;
  txn: TxnEcho;
}

export interface ErrorMessage {
  code: string;
  detail: string;
}

/** ReqDiagnostic / ResDiagnostic (protocol §2.6). */
export interface Diagnostic {
  kind: 'ReqDiagnostic' | 'ResDiagnostic';
  head: HeadEcho;
  /** ResDiagnostic/@responseReason, when present */
  responseReason?: string;
  errors: ErrorMessage[];
}

/** An Ack as read (the CU's answer to our callbacks / heartbeats, or ours read by the simulator). */
export interface AckMessage {
  api: string;
  refId: string;
  msgId?: string;
  /** `RspCd` (or the older `rspCd`) text as sent */
  rspCd: string;
  ok: boolean;
  ts: string;
  errors: ErrorMessage[];
}

export interface ReasonRead {
  approvalRefNum: string;
  responseCode: string;
  responseReason: string;
  complianceRespCd: string;
  complianceReason: string;
}

/** A response message as read by the CU simulator (fetch, payment, status or validation). */
export interface ResponseMessage {
  api: 'BillFetchResponse' | 'BillPaymentResponse' | 'TxnStatusResponse' | 'BillValidationResponse';
  head: HeadEcho;
  reason: ReasonRead;
  txn?: TxnEcho;
  billDetails?: BillDetailsEcho;
  billerResponses: BillerResponseEcho[];
  additionalInfo: CustomerParam[];
}
