// BBPS dates are Asia/Kolkata (UTC+05:30, no daylight saving): fixed offset arithmetic is exact.
const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** epoch ms → yyyy-MM-dd in Asia/Kolkata */
export function istDate(epochMs: number): string {
  const d = new Date(epochMs + IST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** epoch ms → 2026-03-23T12:00:00+05:30 (BBPS ts: no millis, IST offset) */
export function istTimestamp(epochMs: number): string {
  const d = new Date(epochMs + IST_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+05:30`
  );
}

/** design §3.8: the billing period named from its length in days */
export function billPeriodName(fromMs: number | undefined, toMs: number | undefined): string {
  if (!fromMs || !toMs || toMs < fromMs) return 'NA';
  const days = (toMs - fromMs) / DAY_MS;
  if (days <= 31) return 'Monthly';
  if (days <= 92) return 'Quarterly';
  if (days <= 183) return 'Half Yearly';
  if (days <= 366) return 'Yearly';
  return 'NA';
}
