// POST /collection-services/payments/{module}/_workflow: CANCEL / DISHONOUR / REMIT (reference §4.7,
// PaymentWorkflowService + PaymentWorkflowValidator).
import type { Request, Response } from 'express';
import { callerOf } from '../auth/gateway';
import { reversePayment } from '../billing/mark-paid';
import type { SandboxContext } from '../context';
import { beanError, customError, DigitHttpError, ErrorMap } from '../errors';
import type { SandboxState } from '../state';
import type { DigitErrorEntry, PaymentRecord } from '../types';
import type { CollectionBillJson } from './payment-view';
import { collectionResponseInfo } from './response-info';
import { searchPayments, type PaymentCriteria } from './payment-search';

type Action = 'CANCEL' | 'DISHONOUR' | 'REMIT';
interface WorkflowItem {
  paymentId: string;
  action: Action;
  tenantId: string;
  reason: string | null;
  additionalDetails: unknown;
}

const ACTIONS: ReadonlySet<string> = new Set(['CANCEL', 'DISHONOUR', 'REMIT']);
const P = 'paymentWorkflowRequest.paymentWorkflows';

function parseItems(body: Record<string, unknown>): WorkflowItem[] {
  const list = body.PaymentWorkflows;
  if (!Array.isArray(list) || list.length === 0) throw new DigitHttpError(400, [beanError('NotNull', P, 'must not be null')]);
  const errors: DigitErrorEntry[] = [];
  const items = list.map((raw, i) => {
    const o = (raw ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : null);
    for (const k of ['paymentId', 'tenantId']) if (!str(k)) errors.push(beanError('NotNull', `${P}[${i}].${k}`, 'must not be null'));
    // action is a case-sensitive enum: anything else reads as null
    if (!ACTIONS.has(str('action') ?? '')) errors.push(beanError('NotNull', `${P}[${i}].action`, 'must not be null'));
    return { paymentId: str('paymentId') ?? '', action: str('action') as Action, tenantId: str('tenantId') ?? '', reason: str('reason'), additionalDetails: o.additionalDetails ?? null };
  });
  if (errors.length) throw new DigitHttpError(400, errors);
  return items;
}

const criteria = (tenantId: string, extra: Partial<PaymentCriteria>): PaymentCriteria => ({
  tenantId, ids: [], billIds: [], receiptNumbers: [], consumerCodes: [], businessServices: [], paymentModes: [],
  status: [], instrumentStatus: [], payerIds: [], offset: 0, limit: 100, ...extra,
});

/** doPaymentsExist + (for CANCEL/DISHONOUR) only the latest open payment of each consumer code. */
function validateTargets(items: WorkflowItem[], open: PaymentRecord[], latestOnly: boolean): PaymentRecord[] {
  const byId = new Map(open.map((p) => [p.id, p]));
  const errors = new ErrorMap();
  for (const it of items) {
    if (!byId.has(it.paymentId)) errors.put('RECEIPT_WORKFLOW_INVALID_RECEIPT', `Payment not found in the system or not in editable state, ${it.paymentId}`);
  }
  errors.throwIfAny();
  const targets = items.map((it) => byId.get(it.paymentId)!).sort((a, b) => b.transactionDate - a.transactionDate);
  if (!latestOnly) return targets;
  const queue = new Map<string, PaymentRecord[]>(); // consumer code → open payments, newest first
  for (const p of open) for (const d of p.details) queue.set(d.consumerCode, [...(queue.get(d.consumerCode) ?? []), p]);
  for (const p of targets) {
    for (const d of p.details) {
      const q = queue.get(d.consumerCode);
      if (q && q[0]?.id === p.id) q.shift();
      else errors.put('RECEIPT_WORKFLOW_ACTION_NOT_APPLICABLE', 'Can only cancel / dishonour latest receipt for a consumer code. Dishonour of receipt possible only after deposited! ');
    }
  }
  errors.throwIfAny();
  return targets;
}

function perform(state: SandboxState, items: WorkflowItem[], now: number, userId: number): PaymentRecord[] {
  const { action, tenantId } = items[0];
  for (const it of items) {
    if (it.action !== action) throw customError('PAYMENT_WORKFLOW_SINGLE_ACTION_ALLOWED', 'All workflow requests should be of the same action');
    if (it.tenantId.toLowerCase() !== tenantId.toLowerCase()) throw customError('CROSS_TENANT_OP_NOT_ALLOWED', 'All requests should act on a single tenant ');
  }
  const named = searchPayments(state, criteria(tenantId, { ids: items.map((i) => i.paymentId) }));
  const consumerCodes = [...new Set(named.flatMap((p) => p.details.map((d) => d.consumerCode)))];
  const scope = (extra: Partial<PaymentCriteria>) => (consumerCodes.length ? searchPayments(state, criteria(tenantId, { consumerCodes, ...extra })) : []);
  const byId = new Map(items.map((i) => [i.paymentId, i]));
  let targets: PaymentRecord[];
  if (action === 'CANCEL') targets = validateTargets(items, scope({ instrumentStatus: ['APPROVED'] }), true);
  else if (action === 'DISHONOUR') targets = validateTargets(items, scope({ instrumentStatus: ['APPROVED', 'REMITTED'], paymentModes: ['CHEQUE', 'DD'] }), true);
  else targets = validateTargets(items, scope({ instrumentStatus: ['APPROVED'], paymentModes: ['CASH', 'CHEQUE', 'DD'] }), false);

  for (const p of targets) {
    const json = p.json;
    if (action === 'REMIT') {
      json.paymentStatus = 'DEPOSITED';
      json.instrumentStatus = 'REMITTED';
    } else {
      json.paymentStatus = action === 'CANCEL' ? 'CANCELLED' : 'DISHONOURED';
      json.instrumentStatus = action === 'CANCEL' ? 'CANCELLED' : 'DISHONOURED';
      for (const d of json.paymentDetails as Array<{ bill: CollectionBillJson }>) {
        d.bill.status = 'CANCELLED';
        if (action === 'CANCEL') d.bill.isCancelled = true;
        d.bill.reasonForCancellation = byId.get(p.id)?.reason ?? null;
      }
      // egov.collection.payment-cancel → billing reverses the collection and cancels the bill
      reversePayment(state, p, now);
    }
    const audit = json.auditDetails as { lastModifiedBy: string; lastModifiedTime: number };
    audit.lastModifiedBy = String(userId);
    audit.lastModifiedTime = now;
  }
  return targets;
}

export function workflowHandler(ctx: SandboxContext) {
  return (req: Request, res: Response) => {
    const { user, requestInfo } = callerOf(res);
    const items = parseItems(req.body as Record<string, unknown>);
    const done = perform(ctx.state, items, ctx.now(), user.id);
    res.status(200).json({ ResponseInfo: collectionResponseInfo(requestInfo), Payments: done.map((p) => p.json) });
  };
}
