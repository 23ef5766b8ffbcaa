// IST days as ledger windows: the operators name days (yyyy-MM-dd, Asia/Kolkata), the ledger keeps epoch
// ms. Asia/Kolkata has no daylight saving, so a day is always [00:00+05:30, next 00:00+05:30).
import { AppError } from './errors';

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar day written yyyy-MM-dd. */
export function isIstDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Epoch ms of the start of the IST day `day` (yyyy-MM-dd). */
export function istDayStart(day: string): number {
  if (!isIstDay(day)) throw new AppError('REQUEST_INVALID', `${day} is not a day written yyyy-MM-dd`, { public: true });
  return Date.parse(`${day}T00:00:00Z`) - IST_OFFSET_MS;
}

/** The window [from, before) of the IST days `fromDay` to `toDay`, both included. */
export function istWindow(fromDay: string, toDay: string): { from: number; before: number } {
  const from = istDayStart(fromDay);
  const before = istDayStart(toDay) + DAY_MS;
  if (before <= from) throw new AppError('REQUEST_INVALID', `the day range ${fromDay} to ${toDay} ends before it starts`, { public: true });
  return { from, before };
}
