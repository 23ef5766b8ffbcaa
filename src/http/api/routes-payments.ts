// POST /api/v1/payments (Idempotency-Key), GET /api/v1/payments/{clientReference}[/receipts] and
// GET /api/v1/transactions: thin routes over IdempotentPayment (→ PayBill) and ClientPayments.
import { Router } from 'express';
import type { ClientPayments } from '../../core/client-payments';
import type { IdempotentPayment } from '../../core/idempotent-payment';
import type { Clock } from '../../core/ports';
import { allowBiller, clientOf } from './auth';
import { sendPaymentAnswer, sendPaymentState } from './payment-answer';
import { problemOf, publicError, sendProblem } from './problem';
import { requestHash, toPaymentRequest, type PaymentBody } from './to-payment';
import { queryOf, validate } from './validate';
import { digitReceiptViews, transactionView } from './views';

export interface PaymentsDeps {
  payments: IdempotentPayment;
  clientPayments: ClientPayments;
  clock: Clock;
  /** longest a payment waits for DIGIT's outcome (BBPS_SYNC_DEADLINE_MS), then 202 PENDING */
  deadlineMs: number;
}

const DAY_MS = 86_400_000;
const istMidnight = (day: string): number => Date.parse(`${day}T00:00:00+05:30`);

const encodeCursor = (c: { createdAt: number; clientReference: string }) =>
  Buffer.from(JSON.stringify([c.createdAt, c.clientReference]), 'utf8').toString('base64url');

function decodeCursor(text: string): { createdAt: number; clientReference: string } {
  try {
    const [createdAt, clientReference] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    if (Number.isSafeInteger(createdAt) && typeof clientReference === 'string') return { createdAt: createdAt as number, clientReference };
  } catch {
    // answered below
  }
  throw publicError('REQUEST_INVALID', 'query cursor: is not a cursor this API returned');
}

export function paymentsRoutes(deps: PaymentsDeps): Router {
  const router = Router();

  router.post('/payments', validate('createPayment'), async (req, res) => {
    const client = clientOf(res);
    const body = req.body as PaymentBody;
    allowBiller(client, body.billerId);
    const request = toPaymentRequest(client, body);
    const cmd = { clientId: client.id, key: req.get('idempotency-key') as string, requestHash: requestHash(body), clientReference: body.clientReference, request };
    const { answer, replayed } = await deps.payments.execute(cmd, deps.clock.now() + deps.deadlineMs);
    const ref = { clientId: client.id, clientReference: body.clientReference, txnReferenceId: request.txnReferenceId, billerId: body.billerId };
    sendPaymentAnswer(res, answer, replayed, ref, request);
  });

  router.get('/payments/:clientReference', validate('getPayment'), async (req, res) => {
    const ref = req.params.clientReference as string;
    const found = await deps.clientPayments.byReference(clientOf(res).id, ref);
    if (!found) throw publicError('PAYMENT_NOT_FOUND', `no payment of this client has clientReference ${ref}`);
    sendPaymentState(res, found.ref, found.request, found.outcome, 200);
  });

  router.get('/payments/:clientReference/receipts', validate('getReceipts'), async (req, res) => {
    const ref = req.params.clientReference as string;
    const found = await deps.clientPayments.receipts(clientOf(res).id, ref);
    switch (found.kind) {
      case 'notFound':
        throw publicError('PAYMENT_NOT_FOUND', `no payment of this client has clientReference ${ref}`);
      case 'notPaid':
        if (found.outcome.status === 'PENDING') throw publicError('PAYMENT_PENDING', 'the payment\'s outcome is not known yet; ask again shortly');
        throw publicError('PAYMENT_NOT_FOUND', `payment ${ref} failed: it has no receipt`);
      case 'digitUnavailable':
        return sendProblem(res, problemOf('BILLER_UNAVAILABLE', 'DIGIT cannot be searched right now; retry later'));
      case 'found':
        res.json({ clientReference: ref, txnReferenceId: found.payment.ref.txnReferenceId, receipts: digitReceiptViews(found.digit) });
    }
  });

  router.get('/transactions', validate('listTransactions'), async (_req, res) => {
    const q = queryOf(res) as { from: string; to: string; limit?: number; cursor?: string };
    const from = istMidnight(q.from);
    const before = istMidnight(q.to) + DAY_MS;
    if (before <= from) throw publicError('REQUEST_INVALID', 'query to: must not be before from');
    const page = await deps.clientPayments.list({
      clientId: clientOf(res).id, from, before, limit: q.limit ?? 100, ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}),
    });
    res.json({
      from: q.from,
      to: q.to,
      items: page.items.map((p) => transactionView(p.ref, p.request, p.outcome)),
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    });
  });

  return router;
}
