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

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** yyyy-MM-dd (a real calendar day) → epoch ms of its first instant in Asia/Kolkata; undefined when not one. */
export function istDayStart(day: string): number | undefined {
  const m = ISO_DAY.exec(day);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over to March: a day that does not exist reads back differently
  if (new Date(utc).toISOString().slice(0, 10) !== day) return undefined;
  return utc - IST_OFFSET_MS;
}

/** The IST day after `day` (yyyy-MM-dd), its first instant: the exclusive end of an inclusive range. */
export const istDayEnd = (day: string): number | undefined => {
  const start = istDayStart(day);
  return start === undefined ? undefined : start + DAY_MS;
};
