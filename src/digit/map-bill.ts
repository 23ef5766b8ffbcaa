// DIGIT bill (billing-service BillV2) → core Bill, per design §3.6/§3.8. Amounts are converted
// exactly: a total with more than 2 decimals cannot be paise and makes the bill unreadable.
import { billPeriodName, istDate } from '../core/dates';
import { rupeesToPaise } from '../core/money';
import type { Bill } from '../core/types';
import { type Json, Unreadable, arr, num, obj, optNum, optStr, str } from './read';

export interface BillDefaults {
  tenantId: string;
  businessService: string;
}

export function mapBill(raw: unknown, d: BillDefaults): Bill {
  const b = obj(raw, 'Bill');
  const details = arr(b.billDetails, 'billDetails').map((x, i) => obj(x, `billDetails[${i}]`));
  const expiries = details.map((x) => optNum(x.expiryDate)).filter((x): x is number => x !== undefined);
  if (expiries.length === 0) throw new Unreadable('bill has no expiryDate');
  const expiresAt = Math.min(...expiries);
  const latest = latestDetail(details);
  const amountPaise = rupeesToPaise(num(b.totalAmount, 'totalAmount'));
  if (amountPaise === undefined) throw new Unreadable('unreadable amount');
  const billDate = optNum(b.billDate);
  return {
    billId: str(b.id, 'id'),
    billNumber: str(b.billNumber, 'billNumber'),
    consumerCode: str(b.consumerCode, 'consumerCode'),
    businessService: optStr(b.businessService) || d.businessService,
    tenantId: optStr(b.tenantId) || d.tenantId,
    amountPaise,
    fractional: amountPaise % 100 !== 0,
    customerName: optStr(b.payerName) ?? '',
    billDate: billDate === undefined ? '' : istDate(billDate),
    dueDate: istDate(expiresAt),
    billPeriod: latest ? billPeriodName(optNum(latest.fromPeriod), optNum(latest.toPeriod)) : 'NA',
    expiresAt,
  };
}

/** the detail with the largest toPeriod (the current period; the others are arrears) */
function latestDetail(details: Json[]): Json | undefined {
  let best: Json | undefined;
  for (const x of details) {
    const to = optNum(x.toPeriod);
    if (to !== undefined && (best === undefined || to > (optNum(best.toPeriod) ?? -Infinity))) best = x;
  }
  return best;
}
