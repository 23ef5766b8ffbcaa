// POST /billing-service/bill/v2/_fetchbill (BillServicev2.fetchBill): reuse the consumer's ACTIVE,
// unexpired bill; otherwise (expired, paid, cancelled, none) generate a fresh one. HTTP 201 always.
import type { Request, Response } from 'express';
import { callerOf } from '../auth/gateway';
import type { SandboxContext } from '../context';
import { beanError, customError, DigitHttpError } from '../errors';
import { querySet, queryString } from '../http/query';
import { isStateTenant } from '../mdms';
import { consumerKey } from '../state';
import { billingResponseInfo, billJson } from './bill-view';
import { generateBill, isBillExpired } from './generate';
import type { BillRecord } from '../types';

const MANDATORY_MSG =
  "Valid search criteria fields missing, please give some valid criteria like mobileNumber/email OR 'businessService & consumerCode' OR demandId";

/** billing Util.validateTenantIdForUserType */
export function checkEmployeeTenant(userType: string, tenantId: string): void {
  if (userType === 'EMPLOYEE' && isStateTenant(tenantId)) {
    throw customError('EG_BS_INVALID_TENANTID', 'Employees cannot search based on state level tenantid');
  }
}

export function fetchBillHandler(ctx: SandboxContext) {
  return (req: Request, res: Response) => {
    const { user, requestInfo } = callerOf(res);
    const tenantId = queryString(req, 'tenantId');
    const businessService = queryString(req, 'businessService');
    const mobileNumber = queryString(req, 'mobileNumber');
    const bean = [];
    if (!tenantId) bean.push(beanError('NotNull', 'generateBillCriteria.tenantId', 'must not be null'));
    if (!businessService) bean.push(beanError('NotNull', 'generateBillCriteria.businessService', 'must not be null'));
    if (mobileNumber !== undefined && !/^[0-9]{10}$/.test(mobileNumber)) {
      bean.push(beanError('Pattern', 'generateBillCriteria.mobileNumber', 'must match "^[0-9]{10}$"'));
    }
    if (bean.length > 0 || !tenantId || !businessService) throw new DigitHttpError(400, bean);
    checkEmployeeTenant(user.type, tenantId);
    const codes = querySet(req, 'consumerCode');
    if (codes.length === 0 && !mobileNumber && !queryString(req, 'email') && !queryString(req, 'demandId')) {
      throw customError('BILL_GEN_MANDATORY_FIELDS_MISSING', MANDATORY_MSG);
    }

    const state = ctx.state;
    let keys = codes.map((c) => consumerKey(tenantId, businessService, c));
    if (mobileNumber) {
      // payer's mobile → the citizen → their demands, within this tenant and business service only
      const prefix = `${tenantId}|${businessService}|`;
      const byMobile = [...(state.consumersByMobile.get(mobileNumber) ?? [])].filter((k) => k.startsWith(prefix));
      keys = codes.length > 0 ? keys.filter((k) => byMobile.includes(k)) : byMobile;
    }
    // email / demandId searches are accepted; the sandbox's demands are never found that way

    const now = ctx.now();
    const createdBy = user.uuid ?? String(user.id);
    let generated = keys.length === 0;
    const bills: BillRecord[] = [];
    for (const key of keys) {
      const latest = state.latestBill(key);
      if (latest?.status === 'ACTIVE') {
        if (!isBillExpired(latest, now)) {
          bills.push(latest);
          continue;
        }
        latest.status = 'EXPIRED';
        latest.lastModifiedTime = now;
      }
      generated = true;
      const bill = generateBill(state, key, now, createdBy);
      if (bill) bills.push(bill);
    }
    // the typo is DIGIT's; it is null whenever anything was (or had to be) generated
    res.status(201).json({ ResposneInfo: generated ? null : billingResponseInfo(requestInfo), Bill: bills.map(billJson) });
  };
}
