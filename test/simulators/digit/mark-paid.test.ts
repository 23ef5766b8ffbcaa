import { billFor, billSearch, codes, createPayment, fetchBill, onlinePayment, startSandbox, token, type Harness } from './harness';

const AMR = 'pb.amritsar';
const PT_DUE = 'PB-PT-2023-04-12-000456';
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DIGIT sandbox: asynchronous mark-as-paid', () => {
  let h: Harness;
  let tok: string;
  afterEach(() => h.close());

  it('keeps returning the same ACTIVE bill until billing consumes the payment after the delay', async () => {
    h = await startSandbox({ markPaidDelayMs: 150 });
    tok = await token(h);
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    expect((await createPayment(h, tok, onlinePayment(bill))).status).toBe(200);

    const during = await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT', consumerCode: PT_DUE });
    expect(during.data.Bill.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual([[bill.id, 'ACTIVE']]);
    const again = await createPayment(h, tok, onlinePayment(during.data.Bill[0]));
    expect(codes(again)).toEqual(['BILL_ALREADY_PAID']);
    expect(h.sandbox.stats().pendingMarkPaid).toBe(1);

    await wait(300);
    expect(h.sandbox.stats().pendingMarkPaid).toBe(0);
    const after = await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT', consumerCode: PT_DUE });
    expect(after.data).toEqual({ ResposneInfo: null, Bill: [] });
    const search = await billSearch(h, tok, { tenantId: AMR, service: 'PT', consumerCode: PT_DUE });
    expect(search.data.Bill[0]).toMatchObject({ id: bill.id, status: 'PAID' });
    expect(search.data.Bill[0].billDetails[0].amountPaid).toBe(1500);
  });

  it('after a partial payment is marked: PARTIALLY_PAID, then a new bill for the remainder', async () => {
    h = await startSandbox();
    tok = await token(h);
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    expect((await createPayment(h, tok, onlinePayment(bill, {}, 1000))).status).toBe(200);
    expect(h.sandbox.flushMarkPaid()).toBe(1);
    const old = await billSearch(h, tok, { tenantId: AMR, service: 'PT', billId: bill.id });
    expect(old.data.Bill[0].status).toBe('PARTIALLY_PAID');
    const next = await billFor(h, tok, AMR, 'PT', PT_DUE);
    expect(next.id).not.toBe(bill.id);
    expect(next.billNumber).not.toBe(bill.billNumber);
    expect(next.totalAmount).toBe(500);
    // the rebate was used up by the first payment; what is left is tax and cess
    const heads = next.billDetails[0].billAccountDetails.map((a: { taxHeadCode: string; amount: number }) => [a.taxHeadCode, a.amount]);
    expect(heads).toEqual(expect.arrayContaining([['PT_TAX', 440], ['PT_TIME_REBATE', 0], ['PT_FIRE_CESS', 60]]));
    expect((await createPayment(h, tok, onlinePayment(next))).status).toBe(200);
    h.sandbox.flushMarkPaid();
    expect((await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT', consumerCode: PT_DUE })).data.Bill).toEqual([]);
  });

  it('UNIQUE(billId): of 20 concurrent creates for one bill exactly one succeeds', async () => {
    h = await startSandbox();
    tok = await token(h);
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const results = await Promise.all(Array.from({ length: 20 }, () => createPayment(h, tok, onlinePayment(bill))));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(400);
      expect(['BILL_ALREADY_PAID', 'PAYMENT_CREATION_FAILED']).toContain(codes(r)[0]);
    }
    const stats = h.sandbox.stats();
    expect(stats.createCalls).toBe(20);
    expect(stats.createSucceeded).toBe(1);
    // the seeded history payment plus this one
    expect(stats.payments).toEqual({ count: 2, sumPaise: 330000, sumRupees: 3300 });
  });

  it('a race past validation fails at the insert with PAYMENT_CREATION_FAILED', async () => {
    h = await startSandbox({ createCommitDelayMs: 100 });
    tok = await token(h);
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    // both requests validate inside the 100 ms window before either inserts: the second hits the key
    const [a, b] = await Promise.all([createPayment(h, tok, onlinePayment(bill)), createPayment(h, tok, onlinePayment(bill))]);
    const outcomes = [a, b].map((r) => (r.status === 200 ? 'OK' : codes(r)[0])).sort();
    expect(outcomes).toEqual(['OK', 'PAYMENT_CREATION_FAILED']);
    const failed = [a, b].find((r) => r.status !== 200)!;
    expect(failed.data.Errors[0].message).toContain('duplicate key value violates unique constraint "uk_egcl_paymentdetail"');
    // the failed insert had already drawn a receipt number: the series has a gap, as in DIGIT
    // (000001 is the seeded history payment; the race drew 000002 and 000003)
    const next = await billFor(h, tok, AMR, 'PT', 'PB-PT-2023-04-12-000458');
    const later = await createPayment(h, tok, onlinePayment(next));
    expect(later.data.Payments[0].paymentDetails[0].receiptNumber).toBe('PT/107/2025-26/000004');
  });
});
