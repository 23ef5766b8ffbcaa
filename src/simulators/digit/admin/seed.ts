// Turning seed specs (rupees, periods, owners) into demands, and seeding payment history.
import { randomUUID } from 'node:crypto';
import { rupeesToPaiseStrict } from '../amounts';
import { CITY_CODES, taxHeadOrder } from '../mdms';
import { consumerKey, type SandboxState } from '../state';
import type { Demand } from '../types';

export interface TaxHeadSeed {
  code: string;
  /** rupees, at most 2 decimals, may be negative (rebates) */
  amount: number;
}

export interface PeriodSeed {
  fromPeriod: number;
  toPeriod: number;
  taxHeads: TaxHeadSeed[];
}

export interface DemandSeed {
  tenantId: string;
  businessService: string;
  consumerCode: string;
  ownerName: string;
  mobileNumber: string;
  address?: string;
  email?: string;
  /** one demand per period (arrears first is not required) */
  periods: PeriodSeed[];
  /** bills expire at the end of this day (epoch ms); default: billExpiryDays after generation */
  fixedBillExpiryDate?: number;
  billExpiryDays?: number;
  /** history: the dues were paid in full (a PAID bill and its payment exist) */
  alreadyPaid?: boolean;
}

const MOBILE = /^[6-9][0-9]{9}$/;

export function checkSeed(seed: DemandSeed): void {
  if (!CITY_CODES.has(seed.tenantId)) throw new Error(`tenantId ${seed.tenantId}: unknown city tenant (known: ${[...CITY_CODES.keys()].join(', ')})`);
  for (const f of ['businessService', 'consumerCode', 'ownerName'] as const) {
    if (typeof seed[f] !== 'string' || seed[f] === '') throw new Error(`${f} is required`);
  }
  if (!MOBILE.test(seed.mobileNumber ?? '')) throw new Error(`mobileNumber ${seed.mobileNumber} must match ^[6-9][0-9]{9}$`);
  if (!Array.isArray(seed.periods) || seed.periods.length === 0) throw new Error('periods: at least one period is required');
  for (const p of seed.periods) {
    if (!Number.isSafeInteger(p.fromPeriod) || !Number.isSafeInteger(p.toPeriod) || p.toPeriod < p.fromPeriod) {
      throw new Error('periods: fromPeriod/toPeriod must be epoch ms with fromPeriod <= toPeriod');
    }
    if (!Array.isArray(p.taxHeads) || p.taxHeads.length === 0) throw new Error('periods: each needs taxHeads');
  }
}

/** Adds the seed's demands; returns the consumer key. Consumers already present get more demands. */
export function addDemands(state: SandboxState, seed: DemandSeed): string {
  checkSeed(seed);
  const payer = state.payerFor(seed.ownerName, seed.mobileNumber, seed.address ?? null, seed.email ?? null);
  for (const period of seed.periods) {
    const demand: Demand = {
      id: randomUUID(),
      tenantId: seed.tenantId,
      businessService: seed.businessService,
      consumerCode: seed.consumerCode,
      payer,
      fromPeriod: period.fromPeriod,
      toPeriod: period.toPeriod,
      details: period.taxHeads.map((t) => ({
        id: randomUUID(),
        taxHeadCode: t.code,
        order: taxHeadOrder(t.code),
        taxPaise: rupeesToPaiseStrict(t.amount, `${seed.consumerCode} ${t.code}`),
        collectedPaise: 0,
      })),
      fixedBillExpiryDate: seed.fixedBillExpiryDate ?? null,
      billExpiryDays: seed.billExpiryDays ?? 30,
      paymentCompleted: false,
    };
    state.addDemand(demand);
  }
  return consumerKey(seed.tenantId, seed.businessService, seed.consumerCode);
}

export interface BulkSeed {
  count: number;
  /** rupees per consumer */
  amount: number;
  tenantId?: string;
  /** first sequence number of `PB-PT-2024-01-01-<6 digits>` (default 1) */
  start?: number;
}

/** N PT consumers with distinct owners and mobiles, for load tests. Returns their consumer codes. */
export function bulkSeeds(bulk: BulkSeed, period: { fromPeriod: number; toPeriod: number }): DemandSeed[] {
  const start = bulk.start ?? 1;
  if (!Number.isInteger(bulk.count) || bulk.count < 1 || start < 0 || start + bulk.count - 1 > 999_999) {
    throw new Error('count must be a positive integer and start + count - 1 at most 999999');
  }
  const seeds: DemandSeed[] = [];
  for (let i = start; i < start + bulk.count; i++) {
    const n = String(i).padStart(6, '0');
    seeds.push({
      tenantId: bulk.tenantId ?? 'pb.amritsar',
      businessService: 'PT',
      consumerCode: `PB-PT-2024-01-01-${n}`,
      ownerName: 'Load Test Owner',
      mobileNumber: `7${String(i).padStart(9, '0')}`,
      periods: [{ ...period, taxHeads: [{ code: 'PT_TAX', amount: bulk.amount }] }],
      billExpiryDays: 30,
    });
  }
  return seeds;
}
