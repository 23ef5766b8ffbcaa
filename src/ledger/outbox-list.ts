// The operators' outbox list (Ledger.listOutbox), the same in both dialects: the cursor becomes one
// row-value bound, so a query without a cursor is the same statement (and plan) as one with it.
import { AppError } from '../core/errors';
import type { OutboxListQuery, OutboxState } from '../core/ports';

export interface OutboxListBounds {
  state: OutboxState;
  limit: number;
  /** list rows whose (updated_at, id) sorts below (before, beforeId) */
  before: number;
  /** '' sorts below every id: `before` alone is then a strict bound */
  beforeId: string;
}

export function outboxListBounds(q: OutboxListQuery): OutboxListBounds {
  // SQLite reads LIMIT -1 as "no limit": refuse it here rather than list the whole table
  if (!Number.isSafeInteger(q.limit) || q.limit < 1) throw new AppError('INTERNAL', `listOutbox: limit must be a positive integer, got ${q.limit}`);
  if (q.before !== undefined && !Number.isSafeInteger(q.before)) {
    throw new AppError('INTERNAL', `listOutbox: before must be an integer epoch ms, got ${q.before}`);
  }
  if (q.before === undefined) return { state: q.state, limit: q.limit, before: Number.MAX_SAFE_INTEGER, beforeId: '' };
  return { state: q.state, limit: q.limit, before: q.before, beforeId: q.beforeId ?? '' };
}
