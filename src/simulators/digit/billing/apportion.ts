// egov-apportion-service, simplified: rebates (negative lines) are taken in full, then the money
// goes to positive lines by period (arrears first) and tax-head order. Money beyond the total
// (advance, where allowed) lands on the last positive line.
import type { Adjustment, BillRecord } from '../types';

export interface Apportioned {
  /** bill-account line id → paise applied */
  byLine: Map<string, number>;
  /** bill detail id → paise applied */
  byDetail: Map<string, number>;
  adjustments: Adjustment[];
}

export function apportion(bill: BillRecord, paidPaise: number): Apportioned {
  const byLine = new Map<string, number>();
  const byDetail = new Map<string, number>();
  const lines = bill.details
    .slice()
    .sort((a, b) => a.fromPeriod - b.fromPeriod)
    .flatMap((d) => d.lines.slice().sort((a, b) => a.order - b.order).map((line) => ({ detailId: d.id, line })));
  let budget = paidPaise;
  for (const { line } of lines) {
    if (line.amountPaise < 0) {
      byLine.set(line.id, line.amountPaise);
      budget -= line.amountPaise;
    }
  }
  let lastPositive: string | undefined;
  for (const { line } of lines) {
    if (line.amountPaise < 0) continue;
    const take = Math.max(0, Math.min(budget, line.amountPaise));
    byLine.set(line.id, take);
    budget -= take;
    if (line.amountPaise > 0) lastPositive = line.id;
  }
  if (budget > 0 && lastPositive) byLine.set(lastPositive, (byLine.get(lastPositive) ?? 0) + budget);

  const adjustments: Adjustment[] = [];
  for (const { detailId, line } of lines) {
    const paise = byLine.get(line.id) ?? 0;
    byDetail.set(detailId, (byDetail.get(detailId) ?? 0) + paise);
    if (paise !== 0) adjustments.push({ demandDetailId: line.demandDetailId, paise });
  }
  return { byLine, byDetail, adjustments };
}
