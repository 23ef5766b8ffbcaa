// collection-services: `payments/_create` (one receipt per bill) and the module-path payment
// `_search` (EMPLOYEE callers must name the module in the path, reference §4.6).
import { AppError } from '../core/errors';
import { DigitCallError, type DigitPaymentFound } from '../core/ports';
import type { PostingPlan, Receipt } from '../core/types';
import { buildPayment } from './build-payment';
import type { DigitCaller } from './caller';
import type { DigitLogger } from './config';
import { mapPaymentFound, receiptsOf } from './map-payment';
import { modulePath } from './module-path';
import { Unreadable, arr, obj, parseJson } from './read';

export const CREATE_PATH = '/collection-services/payments/_create';
export const searchPath = (businessService: string) => modulePath(businessService, '_search');

export interface PaymentSearch {
  tenantId: string;
  businessService: string;
  transactionNumber?: string;
  billIds?: string[];
}

export async function createPayment(
  caller: DigitCaller,
  log: DigitLogger,
  nowMs: number,
  txnReferenceId: string,
  instrumentNumber: string,
  plan: PostingPlan,
): Promise<Receipt[]> {
  const Payment = buildPayment(txnReferenceId, instrumentNumber, plan, nowMs);
  const res = await caller.call({ what: '_create', group: 'collection', path: CREATE_PATH, payload: { Payment }, repeatable: false });
  try {
    const first = arr(obj(parseJson(res.text), 'response').Payments, 'Payments')[0];
    const receipts = receiptsOf(first);
    return plan.bills.map((b) => {
      const r = receipts.find((x) => x.billId === b.billId);
      if (!r) throw new Unreadable(`no receipt for bill ${b.billId}`);
      return { ...r, billNumber: r.billNumber || b.billNumber, businessService: r.businessService || b.businessService };
    });
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    // DIGIT said 2xx: the payment probably exists; only a search can tell what it holds
    log.error('DIGIT _create answer unreadable', { txnReferenceId, why: e.message });
    throw new DigitCallError('UNKNOWN', `_create: 2xx with an unreadable answer (${e.message})`, [], res.status);
  }
}

export interface PaymentPage {
  tenantId: string;
  businessService: string;
  fromMs: number;
  toMs: number;
  offset: number;
  limit: number;
}

/** DIGIT caps a search page at 100 (reference §4.6). */
export const MAX_PAGE = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One page of payments by transactionDate. DIGIT extends `toDate` by a day before comparing `<=`
 * (reference §4.6): to end at toMs it is sent a day earlier.
 */
export async function listPayments(caller: DigitCaller, log: DigitLogger, q: PaymentPage): Promise<DigitPaymentFound[]> {
  if (!Number.isSafeInteger(q.limit) || q.limit < 1 || q.limit > MAX_PAGE) throw new AppError('INTERNAL', `payment page limit must be 1-${MAX_PAGE}`);
  const query = {
    tenantId: q.tenantId,
    fromDate: String(q.fromMs),
    toDate: String(q.toMs - DAY_MS),
    offset: String(q.offset),
    limit: String(q.limit),
  };
  const res = await caller.call({ what: 'payment _search', group: 'collection', path: searchPath(q.businessService), query, repeatable: true });
  try {
    return arr(obj(parseJson(res.text), 'response').Payments, 'Payments').map(mapPaymentFound);
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    log.error('DIGIT payment search answer unreadable', { why: e.message });
    throw new DigitCallError('UNKNOWN', `payment _search: unreadable answer (${e.message})`, [], res.status);
  }
}

export async function searchPayments(caller: DigitCaller, log: DigitLogger, q: PaymentSearch): Promise<DigitPaymentFound[]> {
  // without a criterion DIGIT would list every payment of the tenant
  if (!q.transactionNumber && !q.billIds?.length) {
    throw new AppError('INTERNAL', 'payment search needs a transactionNumber or bill ids');
  }
  const query = { tenantId: q.tenantId, transactionNumber: q.transactionNumber, billIds: q.billIds?.join(',') };
  const res = await caller.call({ what: 'payment _search', group: 'collection', path: searchPath(q.businessService), query, repeatable: true });
  try {
    return arr(obj(parseJson(res.text), 'response').Payments, 'Payments').map(mapPaymentFound);
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    // a search resolves unknown outcomes: an answer we cannot read proves nothing either way
    log.error('DIGIT payment search answer unreadable', { why: e.message });
    throw new DigitCallError('UNKNOWN', `payment _search: unreadable answer (${e.message})`, [], res.status);
  }
}
