// A digit_login_guard row (either database) as the core's LoginSlot.
import type { LoginSlot } from '../core/login-guard';
import { toInt } from './json';

export function toSlot(row: Record<string, unknown>, granted: boolean, now: number): LoginSlot {
  const nextLoginAt = row.next_login_at == null ? 0 : toInt(row.next_login_at);
  return {
    granted,
    nextLoginAt,
    refusals: row.refusals == null ? 0 : toInt(row.refusals),
    inFlight: !granted && row.claimed_by != null && nextLoginAt > now,
    ...(typeof row.reason === 'string' ? { reason: row.reason } : {}),
    ...(row.refused_at == null ? {} : { refusedAt: toInt(row.refused_at) }),
  };
}
