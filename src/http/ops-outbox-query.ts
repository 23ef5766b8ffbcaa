// GET /ops/outbox query parameters, checked strictly: an operator's typo (`?limt=5`, `?state=PARKD`)
// gets a 400 saying what is wrong rather than a silently different list.
import type { OutboxListQuery, OutboxState } from '../core/ports';

export const OUTBOX_STATES: readonly OutboxState[] = ['PARKED', 'PENDING', 'SENT'];
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const KNOWN = ['state', 'limit', 'before', 'beforeId', 'body'];
/** outbox ids are `cb:{Api}:{refId}` / `work:{Api}:{refId}`: far below this */
const MAX_ID_LENGTH = 512;

export interface OutboxPageRequest extends OutboxListQuery {
  /** include each item's body (the signed XML): off by default, it can be large */
  withBody: boolean;
}

export type Parsed = { ok: true; value: OutboxPageRequest } | { ok: false; param: string; title: string };

const bad = (param: string, title: string): Parsed => ({ ok: false, param, title });
const DIGITS = /^\d{1,16}$/;

/** `query` as express parses it: each value a string, or an array when the parameter is repeated. */
export function parseOutboxQuery(query: Record<string, unknown>): Parsed {
  for (const [name, v] of Object.entries(query)) {
    if (!KNOWN.includes(name)) return bad(name, `unknown parameter ${name}; allowed: ${KNOWN.join(', ')}`);
    if (typeof v !== 'string') return bad(name, `${name} must be given once`);
  }
  const q = query as Record<string, string | undefined>;

  const state = (q.state ?? 'PARKED').toUpperCase() as OutboxState;
  if (!OUTBOX_STATES.includes(state)) return bad('state', `state must be one of ${OUTBOX_STATES.join(', ')}`);

  let limit = DEFAULT_LIMIT;
  if (q.limit !== undefined) {
    limit = DIGITS.test(q.limit) ? Number(q.limit) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) return bad('limit', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }

  let before: number | undefined;
  if (q.before !== undefined) {
    before = DIGITS.test(q.before) ? Number(q.before) : NaN;
    if (!Number.isSafeInteger(before)) return bad('before', 'before must be an updatedAt in epoch milliseconds (digits only)');
  }

  const beforeId = q.beforeId;
  if (beforeId !== undefined) {
    if (before === undefined) return bad('beforeId', 'beforeId needs before (both come from the previous page\'s next)');
    if (beforeId === '' || beforeId.length > MAX_ID_LENGTH) return bad('beforeId', `beforeId must be an outbox id of 1 to ${MAX_ID_LENGTH} characters`);
  }

  if (q.body !== undefined && q.body !== '0' && q.body !== '1') return bad('body', 'body must be 1 (include each item\'s body) or 0');

  return {
    ok: true,
    value: {
      state, limit, withBody: q.body === '1',
      ...(before !== undefined ? { before } : {}),
      ...(beforeId !== undefined ? { beforeId } : {}),
    },
  };
}
