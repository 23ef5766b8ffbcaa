// idgen for collection: service-based receipt numbers `PT/107/2025-26/000321` (pb IdFormat,
// receiptnumber.servicebased=true) and CASH transaction ids `{city}[d{10}]`.
import { randomInt } from 'node:crypto';
import { CITY_CODES, receiptPrefix } from '../mdms';
import type { SandboxState } from '../state';
import { fiscalYearLabel } from '../time';

export function nextReceiptNumber(state: SandboxState, businessService: string, tenantId: string, now: number): string {
  const prefix = receiptPrefix(businessService);
  const city = CITY_CODES.get(tenantId) ?? '000';
  const fy = fiscalYearLabel(now);
  const seq = state.nextReceiptSeq(`${prefix}|${city}|${fy}`);
  return `${prefix}/${city}/${fy}/${String(seq).padStart(6, '0')}`;
}

export function cashTransactionNumber(tenantId: string): string {
  const parts = tenantId.split('.');
  const digits = String(randomInt(0, 1e10)).padStart(10, '0');
  return `${parts[1] ?? parts[0]}${digits}`;
}
