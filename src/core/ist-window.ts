// IST days as ledger windows: the operators name days (yyyy-MM-dd, Asia/Kolkata), the ledger keeps
// epoch ms. A refused day is a REQUEST_INVALID the operator can read.
import { istDayEnd, istDayStart } from './dates';
import { AppError } from './errors';

export const isIstDay = (s: string): boolean => istDayStart(s) !== undefined;

/** The window [from, before) of the IST days `fromDay` to `toDay`, both included. */
export function istWindow(fromDay: string, toDay: string): { from: number; before: number } {
  const from = istDayStart(fromDay);
  const before = istDayEnd(toDay);
  if (from === undefined) throw new AppError('REQUEST_INVALID', `${fromDay} is not a day written yyyy-MM-dd`, { public: true, param: 'from' });
  if (before === undefined) throw new AppError('REQUEST_INVALID', `${toDay} is not a day written yyyy-MM-dd`, { public: true, param: 'to' });
  if (before <= from) throw new AppError('REQUEST_INVALID', `the day range ${fromDay} to ${toDay} ends before it starts`, { public: true, param: 'to' });
  return { from, before };
}
