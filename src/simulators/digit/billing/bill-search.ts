// POST /billing-service/bill/v2/_search: stored bills only, the latest per consumer code (or the
// oldest non-cancelled with retrieveOldest=true), any status unless `status` is given. HTTP 200.
import type { Request, Response } from 'express';
import { callerOf } from '../auth/gateway';
import type { SandboxContext } from '../context';
import { beanError, customError, DigitHttpError } from '../errors';
import { querySet, queryString } from '../http/query';
import { tenantMatches } from '../mdms';
import type { SandboxState } from '../state';
import type { BillRecord } from '../types';
import { billingResponseInfo, billJson } from './bill-view';
import { checkEmployeeTenant } from './fetch-bill';

/** consumer keys (tenant|service|code) that the criteria can reach, found through the indexes */
function candidateKeys(state: SandboxState, tenantId: string, service: string | undefined, codes: string[], billIds: string[], mobile: string | undefined): Set<string> {
  const keys = new Set<string>();
  const tenants = [...state.tenants].filter((t) => tenantMatches(tenantId, t));
  for (const id of billIds) {
    const bill = state.bills.get(id);
    if (bill) keys.add(`${bill.tenantId}|${bill.businessService}|${bill.consumerCode}`);
  }
  if (service) for (const t of tenants) for (const c of codes) keys.add(`${t}|${service}|${c}`);
  if (mobile) for (const k of state.consumersByMobile.get(mobile) ?? []) keys.add(k);
  return keys;
}

export function billSearchHandler(ctx: SandboxContext) {
  return (req: Request, res: Response) => {
    const { user, requestInfo } = callerOf(res);
    const tenantId = queryString(req, 'tenantId');
    if (!tenantId) throw new DigitHttpError(400, [beanError('NotNull', 'billSearchCriteria.tenantId', 'must not be null')]);
    checkEmployeeTenant(user.type, tenantId);
    const billIds = querySet(req, 'billId');
    const codes = querySet(req, 'consumerCode');
    const service = queryString(req, 'service');
    const mobile = queryString(req, 'mobileNumber');
    const email = queryString(req, 'email');
    if (billIds.length === 0 && codes.length === 0 && !mobile && !email) {
      throw customError(
        'EGBS_MANDATORY_FIELDS_ERROR',
        'BILL_SEARCH_MANDATORY_FIELDS_MISSING Any one of the fields additional to tenantId is mandatory like consumerCode,billId, mobileNumber or email',
      );
    }
    if (codes.length > 0 && !service) {
      throw customError('BILL_SEARCH_CONSUMERCODE_BUSINESSSERVICE', ' the consumerCode & Service values should be given together or mobilenumber/email can be given ');
    }
    const statuses = new Set(querySet(req, 'status'));
    const billNumber = queryString(req, 'billNumber');
    const oldest = queryString(req, 'retrieveOldest') === 'true';

    const state = ctx.state;
    const out: BillRecord[] = [];
    for (const key of candidateKeys(state, tenantId, service, codes, billIds, mobile)) {
      const all = state.billsByConsumer.get(key) ?? [];
      const matching = all.filter(
        (b) =>
          tenantMatches(tenantId, b.tenantId) &&
          (!service || b.businessService === service) &&
          (billIds.length === 0 || billIds.includes(b.id)) &&
          (codes.length === 0 || codes.includes(b.consumerCode)) &&
          (!mobile || b.payer.mobileNumber === mobile) &&
          (statuses.size === 0 || statuses.has(b.status)) &&
          (!billNumber || b.billNumber === billNumber),
      );
      const pick = oldest ? matching.find((b) => b.status !== 'CANCELLED') : matching[matching.length - 1];
      if (pick) out.push(pick);
    }
    res.status(200).json({ ResposneInfo: billingResponseInfo(requestInfo), Bill: out.map(billJson) });
  };
}
