// Deployment data the sandbox needs: Punjab's BillingService.BusinessService master (reference §5.2),
// tax-head orders (TaxHeadMaster), tenants with their city codes, and receipt-number prefixes (§4.5).
import type { BusinessServiceMaster, PaymentMode } from './types';

const NO_BANK: PaymentMode[] = ['DD', 'OFFLINE_NEFT', 'OFFLINE_RTGS', 'POSTAL_ORDER'];

const master = (
  code: string,
  partPaymentAllowed: boolean,
  isAdvanceAllowed: boolean,
  minAmountPayable: number | null,
  collectionModesNotAllowed: PaymentMode[],
): BusinessServiceMaster => ({ code, partPaymentAllowed, isAdvanceAllowed, minAmountPayable, collectionModesNotAllowed });

/** pb MDMS `BillingService.BusinessService` (subset): codes absent here → INVALID_BILL_BUSINESSSERVICE. */
export const BUSINESS_SERVICES: ReadonlyMap<string, BusinessServiceMaster> = new Map(
  [
    master('PT', true, false, 100, NO_BANK),
    master('WS', true, true, 100, ['DD']),
    master('SW', true, true, 100, NO_BANK),
    master('TL', false, false, null, NO_BANK),
    master('FIRENOC', false, false, null, NO_BANK),
    master('FSM.TRIP_CHARGES', true, false, 200, ['DD']),
    master('PT.MUTATION', false, false, null, ['DD', 'POSTAL_ORDER']),
    // "most mCollect codes": no part payment, no advance
    master('OTHER.Misc_Challans', false, false, null, ['DD', 'POSTAL_ORDER']),
    master('ADVT.Hoardings', false, false, null, ['DD', 'POSTAL_ORDER']),
  ].map((m) => [m.code, m]),
);

/** TaxHeadMaster `order` (apportioning priority); unknown heads go last. */
const TAX_HEAD_ORDER: Record<string, number> = {
  PT_TAX: 0,
  PT_TIME_REBATE: 2,
  PT_TIME_PENALTY: 4,
  PT_TIME_INTEREST: 5,
  PT_FIRE_CESS: 7,
  PT_CANCER_CESS: 8,
  WS_CHARGE: 0,
  WS_TIME_PENALTY: 3,
  SW_CHARGE: 0,
  SW_TIME_PENALTY: 3,
  TL_TAX: 0,
  TL_ADHOC_PENALTY: 2,
};
export const taxHeadOrder = (code: string): number => TAX_HEAD_ORDER[code] ?? 99;

/** City tenants and their MDMS city.code, used in receipt numbers and CASH transaction ids. */
export const CITY_CODES: ReadonlyMap<string, string> = new Map([
  ['pb.amritsar', '107'],
  ['pb.jalandhar', '108'],
]);

export const stateOf = (tenantId: string): string => tenantId.split('.')[0];
export const isStateTenant = (tenantId: string): boolean => !tenantId.includes('.');

/** A state tenant `pb` matches every `pb.*` (DIGIT searches with LIKE 'pb%'); a city matches itself. */
export const tenantMatches = (query: string, tenantId: string): boolean =>
  isStateTenant(query) ? tenantId === query || tenantId.startsWith(`${query}.`) : tenantId === query;

/** idgen name `<bs>.receipt.id` → its prefix (receiptnumber.servicebased=true, pb IdFormat). */
export function receiptPrefix(businessService: string): string {
  const known: Record<string, string> = { PT: 'PT', WS: 'WS', SW: 'SW', TL: 'TL', 'FSM.TRIP_CHARGES': 'FSM', FIRENOC: 'FN' };
  return known[businessService] ?? 'MP';
}
