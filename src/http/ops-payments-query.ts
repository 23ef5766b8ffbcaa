// GET /ops/payments (and the console's Payments form) query parameters, checked strictly: a typo gets a
// 400 naming it rather than a silently different list.
import { isIstDay } from '../core/ist-window';
import type { FindPaymentsQuery } from '../core/find-payments';
import type { PaymentState } from '../core/types';

export const PAYMENT_STATES: readonly PaymentState[] = ['RECEIVED', 'POSTING', 'UNKNOWN', 'SUCCESS', 'FAILED'];
const KNOWN = ['search', 'biller', 'state', 'from', 'to', 'page'];
const MAX_TERM = 200;

export type ParsedPaymentsQuery = { ok: true; value: FindPaymentsQuery } | { ok: false; param: string; title: string };

const bad = (param: string, title: string): ParsedPaymentsQuery => ({ ok: false, param, title });

/** `query` as express parses it; empty values count as absent (an HTML form sends every field). */
export function parsePaymentsQuery(query: Record<string, unknown>, extraKnown: readonly string[] = []): ParsedPaymentsQuery {
  for (const [name, v] of Object.entries(query)) {
    if (!KNOWN.includes(name) && !extraKnown.includes(name)) return bad(name, `unknown parameter ${name}; allowed: ${KNOWN.join(', ')}`);
    if (typeof v !== 'string') return bad(name, `${name} must be given once`);
  }
  const q = Object.fromEntries(Object.entries(query as Record<string, string>).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
  if (q.search !== undefined && q.search.length > MAX_TERM) return bad('search', `search must be at most ${MAX_TERM} characters`);
  const state = q.state?.toUpperCase() as PaymentState | undefined;
  if (state !== undefined && !PAYMENT_STATES.includes(state)) return bad('state', `state must be one of ${PAYMENT_STATES.join(', ')}`);
  for (const day of ['from', 'to']) if (q[day] !== undefined && !isIstDay(q[day])) return bad(day, `${day} must be a day written yyyy-MM-dd`);
  if (q.from && q.to && q.to < q.from) return bad('to', 'to must not be before from');
  const page = q.page === undefined ? 1 : /^\d{1,6}$/.test(q.page) ? Number(q.page) : NaN;
  if (!(page >= 1)) return bad('page', 'page must be a whole number from 1');
  return {
    ok: true,
    value: {
      page,
      ...(q.search !== undefined ? { search: q.search } : {}),
      ...(q.biller !== undefined ? { billerId: q.biller } : {}),
      ...(state !== undefined ? { state } : {}),
      ...(q.from !== undefined ? { fromDay: q.from } : {}),
      ...(q.to !== undefined ? { toDay: q.to } : {}),
    },
  };
}
