import axios, { type AxiosInstance } from 'axios';
import { createDigitSandbox, SEED_CONSUMERS } from '../../../src/simulators/digit';
import { billFor, billSearch, codes, createPayment, fetchBill, onlinePayment, searchPayments, startSandbox, T0, token, type Harness } from './harness';

const AMR = 'pb.amritsar';

describe('DIGIT sandbox: admin API and seed', () => {
  let h: Harness;
  let tok: string;
  let admin: AxiosInstance;
  beforeEach(async () => {
    h = await startSandbox();
    tok = await token(h);
    admin = axios.create({ baseURL: `${h.url}/_admin`, validateStatus: () => true });
  });
  afterEach(() => h.close());

  it('seeds every demo consumer with the documented totals', async () => {
    const expected: Array<[string, string, string, number]> = [
      [AMR, 'PT', SEED_CONSUMERS.ptDue, 1500],
      [AMR, 'PT', SEED_CONSUMERS.ptNearExpiry, 2250],
      [AMR, 'PT', SEED_CONSUMERS.ptFractional, 1234.5],
      ['pb.jalandhar', 'PT', SEED_CONSUMERS.ptJalandhar, 3200],
      [AMR, 'WS', SEED_CONSUMERS.ws, 480],
      [AMR, 'SW', SEED_CONSUMERS.sw, 120],
      [AMR, 'WS', SEED_CONSUMERS.wsMonthly, 900],
      [AMR, 'TL', SEED_CONSUMERS.tl, 5000],
      [AMR, 'OTHER.Misc_Challans', SEED_CONSUMERS.challan, 750],
    ];
    for (const [tenantId, bs, code, total] of expected) {
      const bill = await billFor(h, tok, tenantId, bs, code);
      expect([code, bill.totalAmount]).toEqual([code, total]);
    }
    expect((await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT', consumerCode: SEED_CONSUMERS.ptPaid })).data.Bill).toEqual([]);
  });

  it('adds demands and bulk consumers over HTTP', async () => {
    const seed = {
      tenantId: AMR, businessService: 'TL', consumerCode: 'PB-TL-2026-03-01-000999', ownerName: 'New Owner', mobileNumber: '9111111111',
      periods: [{ fromPeriod: T0 - 1000, toPeriod: T0 + 1000, taxHeads: [{ code: 'TL_TAX', amount: 700 }, { code: 'TL_ADHOC_PENALTY', amount: 50.25 }] }],
    };
    expect((await admin.post('/demands', seed)).status).toBe(201);
    expect((await billFor(h, tok, AMR, 'TL', 'PB-TL-2026-03-01-000999')).totalAmount).toBe(750.25);
    const bad = await admin.post('/demands', { ...seed, tenantId: 'pb.nowhere' });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toContain('unknown city tenant');
    const badAmount = await admin.post('/demands', { ...seed, periods: [{ ...seed.periods[0], taxHeads: [{ code: 'TL_TAX', amount: 1.234 }] }] });
    expect(badAmount.status).toBe(400);

    const bulk = await admin.post('/demands/bulk', { count: 3, amount: 250, start: 10 });
    expect(bulk.data.consumerCodes).toEqual(['PB-PT-2024-01-01-000010', 'PB-PT-2024-01-01-000011', 'PB-PT-2024-01-01-000012']);
    const b = await billFor(h, tok, AMR, 'PT', 'PB-PT-2024-01-01-000011');
    expect(b).toMatchObject({ totalAmount: 250, mobileNumber: '7000000011' });
    const byMobile = await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT', mobileNumber: '7000000012' });
    expect(byMobile.data.Bill.map((x: { consumerCode: string }) => x.consumerCode)).toEqual(['PB-PT-2024-01-01-000012']);
  });

  it('pays a bill "elsewhere" with another transactionNumber; the adapter then gets BILL_ALREADY_PAID', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', SEED_CONSUMERS.ptDue);
    const res = await admin.post('/payments/elsewhere', { billId: bill.id });
    expect(res.status).toBe(201);
    expect(res.data.Payment).toMatchObject({ paymentMode: 'CASH', instrumentStatus: 'APPROVED', totalAmountPaid: 1500 });
    expect(codes(await createPayment(h, tok, onlinePayment(bill)))).toEqual(['BILL_ALREADY_PAID']);
    // by consumer: a clerk fetches (same bill) and pays; DIGIT's rules apply
    const tl = await admin.post('/payments/elsewhere', { tenantId: AMR, businessService: 'TL', consumerCode: SEED_CONSUMERS.tl, amount: 10 });
    expect(tl.status).toBe(400);
    expect(tl.data.Errors[0]).toMatchObject({ code: 'INVALID_PAYMENTDETAIL', message: 'The amount to be paid is less than amount due' });
  });

  it('stores additionalDetails of a payment made elsewhere; amends a stored amount (a data fault); records each call\'s query', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', SEED_CONSUMERS.ptDue);
    const bbps = { bbps: { txnReferenceId: 'TXN-SEEDED-1', ouId: 'XX01' } };
    const made = await admin.post('/payments/elsewhere', { billId: bill.id, paymentMode: 'ONLINE', transactionNumber: 'TXN-SEEDED-1', additionalDetails: bbps });
    expect(made.status).toBe(201);
    expect(made.data.Payment.additionalDetails).toEqual(bbps);

    expect((await admin.post('/payments/amend', { transactionNumber: 'TXN-SEEDED-1', amount: 1400.5 })).status).toBe(200);
    const found = await searchPayments(h, tok, 'PT', { tenantId: AMR, transactionNumber: 'TXN-SEEDED-1' });
    expect(found.data.Payments).toHaveLength(1);
    expect(found.data.Payments[0]).toMatchObject({ totalAmountPaid: 1400.5, additionalDetails: bbps });
    expect(found.data.Payments[0].paymentDetails[0].totalAmountPaid).toBe(1400.5);
    for (const bad of [{ transactionNumber: 'NOPE', amount: 10 }, { transactionNumber: 'TXN-SEEDED-1', amount: 1.234 }, { transactionNumber: 'TXN-SEEDED-1', amount: -5 }, { transactionNumber: 'TXN-SEEDED-1' }]) {
      expect((await admin.post('/payments/amend', bad)).status).toBe(404);
    }
    const search = h.sandbox.receivedCalls().filter((c) => c.route === 'paymentsearch').at(-1);
    expect(search).toMatchObject({ path: '/collection-services/payments/PT/_search', query: 'tenantId=pb.amritsar&transactionNumber=TXN-SEEDED-1' });
  });

  it('expires a bill, reports stats, lists payments, flushes mark-as-paid, expires tokens and resets', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', SEED_CONSUMERS.ptDue);
    expect((await admin.post('/bills/expire', { tenantId: AMR, businessService: 'PT', consumerCode: SEED_CONSUMERS.ptDue })).data).toEqual({ billId: bill.id });
    expect((await admin.post('/bills/expire', { tenantId: AMR, businessService: 'PT', consumerCode: 'PB-PT-2099-01-01-000001' })).status).toBe(404);
    const fresh = await billFor(h, tok, AMR, 'PT', SEED_CONSUMERS.ptDue);
    await createPayment(h, tok, onlinePayment(fresh, {}, 1000));
    await createPayment(h, tok, onlinePayment(fresh, {}, 1000));

    const stats = (await admin.get('/stats')).data;
    expect(stats).toMatchObject({ createCalls: 2, createSucceeded: 1, logins: 1, failedLogins: 0, pendingMarkPaid: 1 });
    expect(stats.payments).toEqual({ count: 2, sumPaise: 280000, sumRupees: 2800 });
    expect((await admin.get('/payments')).data.Payments).toHaveLength(2);
    expect((await admin.post('/mark-paid/flush')).data).toEqual({ ran: 1 });
    expect((await billSearch(h, tok, { tenantId: AMR, billId: fresh.id })).data.Bill[0].status).toBe('PARTIALLY_PAID');

    expect((await admin.post('/tokens/expire')).data).toEqual({ expired: 1 });
    expect((await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT', consumerCode: SEED_CONSUMERS.ptDue })).status).toBe(401);
    tok = await token(h);

    expect((await admin.post('/reset')).status).toBe(200);
    expect(h.sandbox.stats()).toMatchObject({ createCalls: 0, payments: { count: 1, sumPaise: 180000, sumRupees: 1800 } });
    expect((await billFor(h, tok, AMR, 'PT', SEED_CONSUMERS.ptDue)).totalAmount).toBe(1500);
  });

  it('starts empty with seed: false and listens on the requested host', async () => {
    const bare = createDigitSandbox({ seed: false });
    const { url, close } = await bare.listen(0, '127.0.0.1');
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(bare.stats().payments.count).toBe(0);
      expect(bare.listPayments()).toEqual([]);
    } finally {
      await close();
    }
  });
});
