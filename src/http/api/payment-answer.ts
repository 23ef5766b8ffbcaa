// How a payment's state is answered, by POST /payments and GET /payments/{clientReference} alike:
// SUCCESS 201 (200 on GET), PENDING 202 (never a failure while DIGIT's outcome is unknown), FAILED a
// problem document with the domain code of its BBPS code (core/outcome-codes.ts) and paymentStatus.
import type { Response } from 'express';
import type { ApiAnswer, ApiPaymentRef } from '../../core/api-store';
import { outcomeCode } from '../../core/outcome-codes';
import type { PaymentOutcome, PaymentRequest } from '../../core/types';
import { problemOf, sendProblem } from './problem';
import { paymentResultView } from './views';

export const REPLAYED_HEADER = 'Idempotent-Replayed';

export function sendPaymentState(res: Response, ref: ApiPaymentRef, request: PaymentRequest, outcome: PaymentOutcome, okStatus: 200 | 201): void {
  if (outcome.status === 'FAILED') {
    const extensions = { clientReference: ref.clientReference, txnReferenceId: ref.txnReferenceId, paymentStatus: 'FAILED' };
    return sendProblem(res, problemOf(outcomeCode(outcome.code), outcome.reason, extensions));
  }
  res.status(outcome.status === 'SUCCESS' ? okStatus : 202).json(paymentResultView(ref, request, outcome));
}

/** The answer of a POST /payments (its own or replayed). */
export function sendPaymentAnswer(res: Response, answer: ApiAnswer, replayed: boolean, ref: Omit<ApiPaymentRef, 'createdAt'>, request: PaymentRequest): void {
  if (replayed) res.set(REPLAYED_HEADER, 'true');
  if (answer.kind === 'refused') return sendProblem(res, problemOf(answer.code, answer.detail));
  sendPaymentState(res, { ...ref, createdAt: answer.createdAt }, request, answer.outcome, 201);
}
