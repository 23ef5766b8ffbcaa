// Reversal of a payment already posted in DIGIT (design §3.7, digit-api §4.7): cancel it through
// DIGIT's payment workflow when DIGIT allows it — decided from the payment as DIGIT holds it
// (instrumentStatus APPROVED), not from configuration alone — else leave it to the operators.
// Never a failure while DIGIT's answer is unknown: search again, or retry later.
import { REMITTED_AT_CREATION } from '../billers/payment-modes';
import type { Logger } from './logger';
import { locateOurs } from './find-ours';
import { DigitCallError, type DigitGateway, type Ledger, type PaymentRecord } from './ports';
import type { Receipt } from './types';

export type PostedReversal =
  /** cancelled in DIGIT (now or earlier); the ledger marks the payment reversed */
  | { kind: 'CANCELLED'; receipts: Receipt[] }
  /** DIGIT cannot cancel it (mode, not the latest payment of its consumer): for the operators */
  | { kind: 'POSTED'; receipts: Receipt[]; why: string }
  | { kind: 'PENDING'; note: string };

export interface CancelDeps {
  digit: DigitGateway;
  ledger: Ledger;
  log: Logger;
}

export async function reversePosted(deps: CancelDeps, row: PaymentRecord, receipts: Receipt[]): Promise<PostedReversal> {
  const { digit, ledger, log } = deps;
  const txn = row.txnReferenceId;
  const meta = { txnReferenceId: txn };
  if (row.reversedAt !== undefined) return { kind: 'CANCELLED', receipts };
  const plan = row.plan;
  if (!plan) return { kind: 'POSTED', receipts, why: 'no posting plan recorded' };
  if (REMITTED_AT_CREATION.includes(plan.paymentMode)) {
    return { kind: 'POSTED', receipts, why: `${plan.paymentMode} payments cannot be cancelled through DIGIT's API` };
  }
  const cancelled = async (): Promise<PostedReversal> => {
    await ledger.markReversed(txn);
    return { kind: 'CANCELLED', receipts };
  };
  // undefined: DIGIT could not be searched
  const search = () => locateOurs(digit, txn, plan).catch((e: unknown) => {
    if (!(e instanceof DigitCallError)) throw e;
    log.warn('reversal: DIGIT payment search failed', { ...meta, kind: e.kind, error: e.message });
    return null;
  });

  const found = await search();
  if (found === null) return { kind: 'PENDING', note: 'DIGIT could not be searched' };
  if (!found) {
    log.error('reversal: a SUCCESS payment is not found in DIGIT', meta);
    return { kind: 'POSTED', receipts, why: 'not found in DIGIT by its transaction number' };
  }
  if (found.payment.paymentStatus === 'CANCELLED') return cancelled();
  if (found.payment.instrumentStatus !== 'APPROVED') {
    return { kind: 'POSTED', receipts, why: `DIGIT holds it ${found.payment.instrumentStatus}: only APPROVED payments can be cancelled` };
  }
  try {
    await digit.cancelPayment({
      tenantId: found.payment.tenantId, businessService: found.businessService, paymentId: found.payment.paymentId,
      reason: `BBPS reversal of ${txn}`,
    });
    log.info('reversal: payment cancelled in DIGIT', { ...meta, paymentId: found.payment.paymentId });
    return await cancelled();
  } catch (e) {
    if (!(e instanceof DigitCallError)) throw e;
    log.warn('reversal: DIGIT cancel failed', { ...meta, kind: e.kind, digitCodes: e.digitCodes, error: e.message });
    if (e.kind === 'UNAVAILABLE') return { kind: 'PENDING', note: 'DIGIT unavailable for the cancel' };
    // UNKNOWN: it may have been done; REJECTED: a concurrent reversal may have cancelled it first
    const again = await search();
    if (again === null) return { kind: 'PENDING', note: 'DIGIT could not be searched after the cancel' };
    if (again?.payment.paymentStatus === 'CANCELLED') return cancelled();
    if (e.kind === 'UNKNOWN') return { kind: 'PENDING', note: 'cancel outcome unknown' };
    return { kind: 'POSTED', receipts, why: `DIGIT refused the cancel (${e.digitCodes.join(',') || e.message})` };
  }
}
