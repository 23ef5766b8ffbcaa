// What the invariants are checked on: the driver's observations (what was sent and answered), the
// CU's callbacks, DIGIT's own records and the ledger, reduced to plain data (see invariants.ts).

export interface Reply {
  responseCode: string;
  complianceRespCd: string;
  approvalRefNum: string;
}

export const replyText = (r: Reply) => `${r.responseCode}/${r.complianceRespCd || '-'}/${r.approvalRefNum || '-'}`;

/** A forward payment the driver sent; `acknowledged`: an Ack (async) or an HTTP answer (sync) came back. */
export interface SentPayment {
  txn: string;
  refId: string;
  amountPaise: number;
  acknowledged: boolean;
}

/** A final answer about a forward payment, from any channel (sync response, callback, status answer). */
export interface ForwardAnswer {
  txn: string;
  via: string;
  reply: Reply;
}

/** One request on the async route (`key` = callback api, refId, kind) and the callbacks it got. */
export interface Exchange {
  key: string;
  acknowledged: boolean;
  answers: string[];
}

/** A conflicting duplicate (same txnReferenceId, other amount) and what it was answered. */
export interface ConflictAnswer {
  txn: string;
  via: string;
  /** BPR007, DUPLICATE_REFID (Failure Ack) or whatever else came back */
  outcome: string;
}

export interface ReversalAnswer {
  txn: string;
  reply: Reply;
}

export interface DigitPayment {
  transactionNumber: string;
  amountPaise: number;
  receipts: string[];
  cancelled: boolean;
}

export interface LedgerPayment {
  txn: string;
  state: string;
  receipts: string[];
  amountPaise: number;
  reversed: boolean;
}

export interface Evidence {
  payments: SentPayment[];
  forwardAnswers: ForwardAnswer[];
  exchanges: Exchange[];
  conflicts: ConflictAnswer[];
  reversals: ReversalAnswer[];
  /** requests that never got an HTTP answer although the service was up */
  unanswered: string[];
  /** callbacks whose signature did not verify under the adapter's key (api and refId) */
  unverified: string[];
  /** BBPS-sourced payments in DIGIT (additionalDetails.bbps) */
  digit: DigitPayment[];
  ledger: LedgerPayment[];
  ledgerTotals: { count: number; sumPaise: number };
}

/** A DIGIT payment as its search shows it → the facts the checker needs (undefined: not a BBPS one). */
export function digitFacts(p: Record<string, unknown>): DigitPayment | undefined {
  const extra = p.additionalDetails as { bbps?: unknown } | null | undefined;
  if (!extra?.bbps) return undefined;
  const details = (p.paymentDetails as Array<{ receiptNumber?: string }> | undefined) ?? [];
  return {
    transactionNumber: String(p.transactionNumber),
    amountPaise: Math.round(Number(p.totalAmountPaid) * 100),
    receipts: details.map((d) => String(d.receiptNumber)),
    cancelled: p.paymentStatus === 'CANCELLED' || p.paymentStatus === 'DISHONOURED',
  };
}
