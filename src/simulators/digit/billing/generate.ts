// billing-service generateBill: one bill per consumer code from its unpaid demands, one bill detail
// per demand (tax period), one account line per tax head with what is still due.
import { randomUUID } from 'node:crypto';
import { DAY_MS, endOfDayIst } from '../time';
import type { SandboxState } from '../state';
import type { BillDetailRecord, BillRecord, Demand } from '../types';

const remaining = (d: Demand) => d.details.reduce((sum, x) => sum + x.taxPaise - x.collectedPaise, 0);

/** expiryDate: end of the demand's fixed expiry day, or of now + billExpiryDays (getExpiryDateForDemand). */
function expiryFor(demand: Demand, now: number): number {
  if (demand.fixedBillExpiryDate !== null) {
    const endOfFixedDay = endOfDayIst(demand.fixedBillExpiryDate);
    if (endOfFixedDay > now) return endOfFixedDay;
  }
  // a fixed date already past: the calculator's _updatedemand would move it; start a fresh window
  return endOfDayIst(now + demand.billExpiryDays * DAY_MS);
}

export function generateBill(state: SandboxState, key: string, now: number, createdBy: string): BillRecord | undefined {
  const demands = (state.demandsByConsumer.get(key) ?? []).filter((d) => !d.paymentCompleted);
  if (demands.length === 0) return undefined;
  demands.sort((a, b) => a.fromPeriod - b.fromPeriod);
  const total = demands.reduce((sum, d) => sum + remaining(d), 0);
  if (total < 0) return undefined; // only bills with total >= 0 are created

  const billId = randomUUID();
  const details: BillDetailRecord[] = demands.map((demand) => {
    const detailId = randomUUID();
    return {
      id: detailId,
      demandId: demand.id,
      expiryDate: expiryFor(demand, now),
      amountPaise: remaining(demand),
      amountPaidPaise: null,
      fromPeriod: demand.fromPeriod,
      toPeriod: demand.toPeriod,
      lines: demand.details.map((dd) => ({
        id: randomUUID(),
        demandDetailId: dd.id,
        order: dd.order,
        amountPaise: dd.taxPaise - dd.collectedPaise,
        adjustedPaise: 0,
        taxHeadCode: dd.taxHeadCode,
      })),
    };
  });
  const first = demands[0];
  const bill: BillRecord = {
    id: billId,
    billNumber: state.nextBillNumber(first.businessService),
    tenantId: first.tenantId,
    businessService: first.businessService,
    consumerCode: first.consumerCode,
    payer: first.payer,
    status: 'ACTIVE',
    totalPaise: total,
    billDate: now,
    details,
    createdBy,
    createdTime: now,
    lastModifiedTime: now,
  };
  state.addBill(bill);
  return bill;
}

export const isBillExpired = (bill: BillRecord, now: number): boolean => bill.details.some((d) => d.expiryDate < now);
