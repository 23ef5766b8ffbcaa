// Turns a request's customer parameters into what DIGIT is asked (design §3.5, §3.8 "Fetch").
import type { CustomerParam } from '../core/types';
import type { BillerConfig } from './types';

export type Search = { by: 'consumerCode' | 'mobileNumber'; value: string };

export type Resolution =
  | { ok: true; tenantId: string; search: Search }
  | { ok: false; reason: string };

export function resolveParams(biller: BillerConfig, given: CustomerParam[]): Resolution {
  const values = new Map<string, string>();
  for (const p of given) if (p.value !== '') values.set(p.name, p.value); // empty counts as absent
  let search: Search | undefined;
  let tenantId = 'fixed' in biller.tenant ? biller.tenant.fixed : undefined;
  for (const spec of biller.customerParams) {
    const value = values.get(spec.name);
    if (value === undefined) {
      if (!spec.optional) return { ok: false, reason: `parameter "${spec.name}" is missing` };
      continue;
    }
    if (spec.regex && !spec.regex.test(value)) return { ok: false, reason: `parameter "${spec.name}" has an invalid value` };
    if (spec.role === 'tenant' && 'fromParam' in biller.tenant) {
      tenantId = Object.hasOwn(biller.tenant.values, value) ? biller.tenant.values[value] : undefined;
      if (!tenantId) return { ok: false, reason: `parameter "${spec.name}" names an unknown value` };
    }
    if (spec.role === 'consumerCode' || spec.role === 'mobileNumber') {
      if (search) return { ok: false, reason: 'give exactly one of the search parameters' };
      search = { by: spec.role, value };
    }
  }
  if (!search) return { ok: false, reason: 'a search parameter is required' };
  if (!tenantId) return { ok: false, reason: 'the tenant parameter is required' };
  return { ok: true, tenantId, search };
}
