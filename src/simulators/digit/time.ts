// Calendar arithmetic in the DIGIT server's zone (Asia/Kolkata, fixed +05:30, no DST).
const IST_MS = (5 * 60 + 30) * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const ist = (ms: number) => new Date(ms + IST_MS);
const fromIst = (y: number, m: number, d: number) => Date.UTC(y, m, d) - IST_MS;

/** 23:59:59.000 IST of the day holding `ms` (billing's expiryDate). */
export const endOfDayIst = (ms: number): number => {
  const d = ist(ms);
  return fromIst(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + DAY_MS - 1000;
};

/** Fiscal year (April–March) start year in IST. */
export const fiscalYearStart = (ms: number): number => {
  const d = ist(ms);
  return d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
};

/** `2025-26` for idgen's [fy:yyyy-yy]. */
export const fiscalYearLabel = (ms: number): string => {
  const y = fiscalYearStart(ms);
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
};

export interface Period {
  fromPeriod: number;
  toPeriod: number;
}

/** The fiscal year holding `ms`, shifted by `offset` years. */
export const fiscalYearPeriod = (ms: number, offset = 0): Period => {
  const y = fiscalYearStart(ms) + offset;
  return { fromPeriod: fromIst(y, 3, 1), toPeriod: fromIst(y + 1, 3, 1) - 1000 };
};

/** The calendar quarter of the fiscal year (Apr–Jun, …) holding `ms`. */
export const quarterPeriod = (ms: number): Period => {
  const d = ist(ms);
  const fyMonth = (d.getUTCMonth() + 9) % 12; // April = 0
  const startMonth = d.getUTCMonth() - (fyMonth % 3);
  return { fromPeriod: fromIst(d.getUTCFullYear(), startMonth, 1), toPeriod: fromIst(d.getUTCFullYear(), startMonth + 3, 1) - 1000 };
};

export const monthPeriod = (ms: number): Period => {
  const d = ist(ms);
  return { fromPeriod: fromIst(d.getUTCFullYear(), d.getUTCMonth(), 1), toPeriod: fromIst(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1000 };
};
