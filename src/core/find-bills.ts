// Reads a consumer's current bills from DIGIT across the biller's services (design §3.8 "Fetch").
import type { BillerConfig } from '../billers/types';
import type { Search } from '../billers/resolve';
import type { DigitGateway } from './ports';
import type { Bill } from './types';

export type Found =
  | { kind: 'bills'; bills: Bill[] }
  /** DIGIT has nothing due; `known` tells whether the consumer has any bill history */
  | { kind: 'none'; known: boolean };

const query = (tenantId: string, businessService: string, search: Search) => ({
  tenantId,
  businessService,
  [search.by]: search.value,
});

/** Any DIGIT failure propagates (a partial list is never returned). */
export async function findBills(digit: DigitGateway, biller: BillerConfig, tenantId: string, search: Search): Promise<Found> {
  const perService = await Promise.all(
    biller.businessServices.map((bs) => digit.fetchBills(query(tenantId, bs, search))),
  );
  const bills = perService.flat();
  if (bills.length > 0) return { kind: 'bills', bills };
  const history = await Promise.all(
    biller.businessServices.map((bs) => digit.searchBills(query(tenantId, bs, search))),
  );
  return { kind: 'none', known: history.some((h) => h.length > 0) };
}
