import fc from 'fast-check';
import { mapBill } from '../../../src/digit/map-bill';
import { Unreadable } from '../../../src/digit/read';
import { digitBill } from './fake-digit';

const D = { tenantId: 'pb.amritsar', businessService: 'PT' };
const DAY = 86_400_000;

describe('mapBill (DIGIT BillV2 → core Bill)', () => {
  it('maps the reference bill exactly', () => {
    expect(mapBill(digitBill(), D)).toEqual({
      billId: '7c9e1b8a-35a4-4c1e-9a0e-2f1d3b4c5d6e',
      billNumber: 'BILLNO-PT-000123',
      consumerCode: 'PB-PT-2023-04-12-000456',
      businessService: 'PT',
      tenantId: 'pb.amritsar',
      amountPaise: 150000,
      fractional: false,
      customerName: 'Ramesh Kumar',
      // 1700000000000 = 2023-11-14T22:13:20Z = 15 Nov 03:43 in IST
      billDate: '2023-11-15',
      // 1700159399000 = 2023-11-16T18:29:59Z = 23:59:59 IST on the 16th
      dueDate: '2023-11-16',
      billPeriod: 'Yearly',
      expiresAt: 1700159399000,
    });
  });

  it('keeps fractional rupees exactly and flags them', () => {
    const b = mapBill(digitBill({ totalAmount: 1234.5 }), D);
    expect(b.amountPaise).toBe(123450);
    expect(b.fractional).toBe(true);
    expect(mapBill(digitBill({ totalAmount: 0.07 }), D)).toMatchObject({ amountPaise: 7, fractional: true });
  });

  it('refuses an amount with more than 2 decimals', () => {
    expect(() => mapBill(digitBill({ totalAmount: 10.005 }), D)).toThrow(new Unreadable('unreadable amount'));
    expect(() => mapBill(digitBill({ totalAmount: '1500' }), D)).toThrow(Unreadable);
  });

  it('due date = earliest expiry; bill period = the detail with the latest toPeriod', () => {
    const arrear = { expiryDate: 1700000000000 + 5 * DAY, fromPeriod: 1600000000000, toPeriod: 1600000000000 + 300 * DAY };
    const current = { expiryDate: 1700000000000 + 2 * DAY, fromPeriod: 1690000000000, toPeriod: 1690000000000 + 29 * DAY };
    const older = { expiryDate: 1700000000000 + 9 * DAY, fromPeriod: 1500000000000, toPeriod: 1500000000000 + 80 * DAY };
    const b = mapBill(digitBill({ billDetails: [arrear, current, older] }), D);
    expect(b.expiresAt).toBe(1700000000000 + 2 * DAY);
    expect(b.dueDate).toBe('2023-11-17');
    expect(b.billPeriod).toBe('Monthly');
  });

  it('names periods by length and NA without periods', () => {
    const period = (days: number) => mapBill(digitBill({ billDetails: [{ expiryDate: 1, fromPeriod: 1e12, toPeriod: 1e12 + days * DAY }] }), D).billPeriod;
    expect([period(31), period(92), period(183), period(366), period(400)]).toEqual(['Monthly', 'Quarterly', 'Half Yearly', 'Yearly', 'NA']);
    expect(mapBill(digitBill({ billDetails: [{ expiryDate: 1 }] }), D).billPeriod).toBe('NA');
  });

  it('fills gaps: no payer name → "", no billDate → "", tenant and service from the query', () => {
    const b = mapBill(digitBill({ payerName: null, billDate: null, tenantId: undefined, businessService: null }), {
      tenantId: 'pb.jalandhar',
      businessService: 'WS',
    });
    expect(b).toMatchObject({ customerName: '', billDate: '', tenantId: 'pb.jalandhar', businessService: 'WS' });
  });

  it('refuses a bill without ids or without any expiry', () => {
    expect(() => mapBill(digitBill({ id: undefined }), D)).toThrow(Unreadable);
    expect(() => mapBill(digitBill({ billNumber: '' }), D)).toThrow(Unreadable);
    expect(() => mapBill(digitBill({ billDetails: [] }), D)).toThrow(/no expiryDate/);
    expect(() => mapBill(digitBill({ billDetails: [{ expiryDate: null }] }), D)).toThrow(/no expiryDate/);
    expect(() => mapBill('nope', D)).toThrow(Unreadable);
  });

  it('property: any paise amount survives DIGIT rupees as parsed from JSON, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }) /* up to 10^10 rupees */, (paise) => {
        const rupees = JSON.parse(JSON.stringify(paise / 100)) as number;
        const b = mapBill(digitBill({ totalAmount: rupees }), D);
        return b.amountPaise === paise && b.fractional === (paise % 100 !== 0);
      }),
    );
  });
});
