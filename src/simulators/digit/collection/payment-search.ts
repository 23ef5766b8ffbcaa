// POST /collection-services/payments/_search and /payments/{module}/_search (reference §4.6).
import type { Request, Response } from 'express';
import { callerOf } from '../auth/gateway';
import type { SandboxContext } from '../context';
import { customError } from '../errors';
import { classify } from '../http/routes';
import { queryNumber, querySet, queryString } from '../http/query';
import { tenantMatches } from '../mdms';
import type { SandboxState } from '../state';
import { DAY_MS } from '../time';
import type { PaymentRecord } from '../types';
import { searchView } from './payment-view';
import { collectionResponseInfo } from './response-info';

export interface PaymentCriteria {
  tenantId?: string;
  ids: string[];
  billIds: string[];
  receiptNumbers: string[];
  consumerCodes: string[];
  businessServices: string[];
  transactionNumber?: string;
  mobileNumber?: string;
  paymentModes: string[];
  status: string[];
  instrumentStatus: string[];
  payerIds: string[];
  fromDate?: number;
  toDate?: number;
  offset: number;
  limit: number;
}

const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 100;

/** Start from the most selective index the criteria allow; only an unindexed query reads everything. */
function candidates(state: SandboxState, c: PaymentCriteria): Iterable<PaymentRecord> {
  const from = (keys: string[], lookup: (k: string) => PaymentRecord[] | PaymentRecord | undefined) =>
    new Set(keys.flatMap((k) => {
      const hit = lookup(k);
      return hit === undefined ? [] : Array.isArray(hit) ? hit : [hit];
    }));
  if (c.ids.length) return from(c.ids, (k) => state.payments.get(k));
  if (c.transactionNumber) return from([c.transactionNumber], (k) => state.paymentsByTxn.get(k));
  if (c.billIds.length) return from(c.billIds, (k) => state.paymentsByBillId.get(k));
  if (c.receiptNumbers.length) return from(c.receiptNumbers, (k) => state.paymentsByReceipt.get(k));
  if (c.consumerCodes.length) return from(c.consumerCodes, (k) => state.paymentsByConsumer.get(k));
  if (c.mobileNumber) return from([c.mobileNumber], (k) => state.paymentsByMobile.get(k));
  return state.paymentList;
}

const anyOf = (wanted: string[], values: string[]) => wanted.length === 0 || values.some((v) => wanted.includes(v));

export function searchPayments(state: SandboxState, c: PaymentCriteria): PaymentRecord[] {
  const toDate = c.toDate === undefined ? undefined : c.toDate + DAY_MS; // DIGIT adds a day before comparing
  const hits: PaymentRecord[] = [];
  for (const p of candidates(state, c)) {
    const s = p.json;
    if (c.tenantId && !tenantMatches(c.tenantId, p.tenantId)) continue;
    if (c.ids.length && !c.ids.includes(p.id)) continue;
    if (c.transactionNumber && p.transactionNumber !== c.transactionNumber) continue;
    if (c.mobileNumber && p.mobileNumber !== c.mobileNumber) continue;
    if (!anyOf(c.billIds, p.details.map((d) => d.billId))) continue;
    if (!anyOf(c.receiptNumbers, p.details.map((d) => d.receiptNumber))) continue;
    if (!anyOf(c.consumerCodes, p.details.map((d) => d.consumerCode))) continue;
    if (!anyOf(c.businessServices, p.details.map((d) => d.businessService))) continue;
    if (!anyOf(c.paymentModes, [p.paymentMode])) continue;
    if (!anyOf(c.status, [s.paymentStatus])) continue;
    if (!anyOf(c.instrumentStatus, [s.instrumentStatus])) continue;
    if (!anyOf(c.payerIds, p.payerId ? [p.payerId] : [])) continue;
    if (c.fromDate !== undefined && p.transactionDate < c.fromDate) continue;
    if (toDate !== undefined && p.transactionDate > toDate) continue;
    hits.push(p);
  }
  hits.sort((a, b) => b.transactionDate - a.transactionDate || b.seq - a.seq);
  return hits.slice(c.offset, c.offset + c.limit);
}

export function criteriaFrom(req: Request, module: string | undefined): PaymentCriteria {
  const limit = queryNumber(req, 'limit');
  const businessServices = querySet(req, 'businessServices');
  if (module !== undefined && !businessServices.includes(module)) businessServices.push(module);
  return {
    tenantId: queryString(req, 'tenantId'),
    ids: querySet(req, 'ids'),
    billIds: querySet(req, 'billIds'),
    receiptNumbers: querySet(req, 'receiptNumbers'),
    consumerCodes: querySet(req, 'consumerCodes'),
    businessServices,
    transactionNumber: queryString(req, 'transactionNumber'),
    mobileNumber: queryString(req, 'mobileNumber'),
    paymentModes: querySet(req, 'paymentModes'),
    status: querySet(req, 'status'),
    instrumentStatus: querySet(req, 'instrumentStatus'),
    payerIds: querySet(req, 'payerIds'),
    fromDate: queryNumber(req, 'fromDate'),
    toDate: queryNumber(req, 'toDate'),
    offset: Math.max(0, queryNumber(req, 'offset') ?? 0),
    limit: Math.min(MAX_LIMIT, Math.max(1, limit ?? DEFAULT_LIMIT)),
  };
}

export function paymentSearchHandler(ctx: SandboxContext) {
  return (req: Request, res: Response) => {
    const { user, requestInfo } = callerOf(res);
    if (!user.uuid) throw customError('INVALID_USER_ID', 'UUID of the user within RequestInfo cannot be null');
    const module = classify(req.path).module;
    if (user.type === 'EMPLOYEE' && module === undefined) {
      throw customError('EGCL_URI_EXCEPTION', 'Path variable module name is mandatory for employees');
    }
    const payments = searchPayments(ctx.state, criteriaFrom(req, module));
    res.status(200).json({ ResponseInfo: collectionResponseInfo(requestInfo), Payments: payments.map((p) => searchView(p.json)) });
  };
}
