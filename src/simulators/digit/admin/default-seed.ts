// The demo data (kept in step with config/billers.json), with dates relative to the sandbox clock.
import { fiscalYearPeriod, monthPeriod, quarterPeriod } from '../time';
import type { DemandSeed } from './seed';

export function defaultSeed(now: number): DemandSeed[] {
  const fy = fiscalYearPeriod(now);
  const lastFy = fiscalYearPeriod(now, -1);
  const quarter = quarterPeriod(now);
  const month = monthPeriod(now);
  const amritsar = 'pb.amritsar';
  return [
    {
      tenantId: amritsar, businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000456',
      ownerName: 'Ramesh Kumar', mobileNumber: '9876543210', address: '12, Mall Road, Amritsar',
      periods: [{ ...fy, taxHeads: [{ code: 'PT_TAX', amount: 1600 }, { code: 'PT_TIME_REBATE', amount: -160 }, { code: 'PT_FIRE_CESS', amount: 60 }] }],
      billExpiryDays: 30,
    },
    {
      tenantId: amritsar, businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000457',
      ownerName: 'Sunita Devi', mobileNumber: '9812345670',
      periods: [{ ...fy, taxHeads: [{ code: 'PT_TAX', amount: 1800 }] }],
      alreadyPaid: true,
    },
    {
      // two tax periods (arrear + current) and a bill that expires tonight
      tenantId: amritsar, businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000458',
      ownerName: 'Harpreet Singh', mobileNumber: '9988776655',
      periods: [
        { ...lastFy, taxHeads: [{ code: 'PT_TAX', amount: 1000 }] },
        { ...fy, taxHeads: [{ code: 'PT_TAX', amount: 1200 }, { code: 'PT_FIRE_CESS', amount: 50 }] },
      ],
      fixedBillExpiryDate: now,
    },
    {
      tenantId: amritsar, businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000459',
      ownerName: 'Kamal Jeet', mobileNumber: '9811111111',
      periods: [{ ...fy, taxHeads: [{ code: 'PT_TAX', amount: 1234.5 }] }],
    },
    {
      tenantId: 'pb.jalandhar', businessService: 'PT', consumerCode: 'PB-PT-2023-05-01-000101',
      ownerName: 'Gurpreet Kaur', mobileNumber: '9876501234',
      periods: [{ ...fy, taxHeads: [{ code: 'PT_TAX', amount: 3000 }, { code: 'PT_FIRE_CESS', amount: 200 }] }],
    },
    {
      tenantId: amritsar, businessService: 'WS', consumerCode: 'WS/107/2023-24/000045',
      ownerName: 'Ramesh Kumar', mobileNumber: '9876543210', address: '12, Mall Road, Amritsar',
      periods: [{ ...quarter, taxHeads: [{ code: 'WS_CHARGE', amount: 480 }] }],
    },
    {
      tenantId: amritsar, businessService: 'SW', consumerCode: 'SW/107/2023-24/000046',
      ownerName: 'Ramesh Kumar', mobileNumber: '9876543210', address: '12, Mall Road, Amritsar',
      periods: [{ ...quarter, taxHeads: [{ code: 'SW_CHARGE', amount: 120 }] }],
    },
    {
      tenantId: amritsar, businessService: 'WS', consumerCode: 'WS/107/2023-24/000047',
      ownerName: 'Anil Sharma', mobileNumber: '9123456780',
      periods: [{ ...month, taxHeads: [{ code: 'WS_CHARGE', amount: 900 }] }],
    },
    {
      tenantId: amritsar, businessService: 'TL', consumerCode: 'PB-TL-2026-01-15-000321',
      ownerName: 'Manjit Singh', mobileNumber: '9090909090',
      periods: [{ ...fy, taxHeads: [{ code: 'TL_TAX', amount: 5000 }] }],
    },
    {
      tenantId: amritsar, businessService: 'OTHER.Misc_Challans', consumerCode: 'PB-CH-2026-02-01-000077',
      ownerName: 'Rajinder Pal', mobileNumber: '9000000001',
      periods: [{ ...month, taxHeads: [{ code: 'OTHER.Misc_Challans_FEE', amount: 750 }] }],
    },
  ];
}
