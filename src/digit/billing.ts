// billing-service reads: `_fetchbill` (may generate a bill; success is HTTP 201) and bill `_search`
// (stored bills, any status). Note the criteria name: `businessService` for one, `service` for the other.
import { DigitCallError, type BillQuery } from '../core/ports';
import type { Bill } from '../core/types';
import type { DigitCaller } from './caller';
import type { DigitLogger } from './config';
import { mapBill } from './map-bill';
import { Unreadable, arr, obj, parseJson } from './read';

export const FETCHBILL_PATH = '/billing-service/bill/v2/_fetchbill';
export const BILL_SEARCH_PATH = '/billing-service/bill/v2/_search';

function criteria(q: BillQuery, what: string): { consumerCode?: string; mobileNumber?: string } {
  if (!q.consumerCode && !q.mobileNumber) {
    throw new DigitCallError('REJECTED', `${what}: consumerCode or mobileNumber is required`, ['NO_SEARCH_CRITERIA']);
  }
  return { consumerCode: q.consumerCode, mobileNumber: q.mobileNumber };
}

export async function fetchBills(caller: DigitCaller, log: DigitLogger, q: BillQuery): Promise<Bill[]> {
  const what = '_fetchbill';
  const query = { tenantId: q.tenantId, businessService: q.businessService, ...criteria(q, what) };
  const res = await caller.call({ what, group: 'billing', path: FETCHBILL_PATH, query, repeatable: true });
  return readBills(res.text, q, what, log);
}

export async function searchBills(caller: DigitCaller, log: DigitLogger, q: BillQuery): Promise<Bill[]> {
  const what = 'bill _search';
  const query = { tenantId: q.tenantId, service: q.businessService, ...criteria(q, what) };
  const res = await caller.call({ what, group: 'billing', path: BILL_SEARCH_PATH, query, repeatable: true });
  return readBills(res.text, q, what, log);
}

/** `{"ResposneInfo":…, "Bill":[…]}`: a garbled answer is an unknown; a bad bill in it is refused. */
function readBills(text: string, q: BillQuery, what: string, log: DigitLogger): Bill[] {
  let list: unknown[];
  try {
    list = arr(obj(parseJson(text), 'response').Bill, 'Bill');
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    log.error('DIGIT bill answer unreadable', { call: what, why: e.message });
    throw new DigitCallError('UNKNOWN', `${what}: unreadable answer (${e.message})`);
  }
  return list.map((raw) => {
    try {
      return mapBill(raw, q);
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
      log.error('DIGIT bill unreadable', { call: what, why: e.message });
      throw new DigitCallError('REJECTED', `${what}: ${e.message}`, ['UNREADABLE_BILL']);
    }
  });
}
