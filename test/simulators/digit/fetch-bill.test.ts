import { billSearch, codes, createPayment, fetchBill, onlinePayment, startSandbox, T0, token, type Harness } from './harness';

const AMR = 'pb.amritsar';
const PT_DUE = 'PB-PT-2023-04-12-000456';
const ptParams = (consumerCode: string) => ({ tenantId: AMR, businessService: 'PT', consumerCode });

describe('DIGIT sandbox: _fetchbill and bill _search', () => {
  let h: Harness;
  let tok: string;
  beforeEach(async () => {
    h = await startSandbox();
    tok = await token(h);
  });
  afterEach(() => h.close());

  it('generates a bill with HTTP 201, the ResposneInfo typo null, and the §3.5 shape', async () => {
    const res = await fetchBill(h, tok, ptParams(PT_DUE));
    expect(res.status).toBe(201);
    expect(res.data).toHaveProperty('ResposneInfo', null);
    expect(res.data).not.toHaveProperty('ResponseInfo');
    expect(res.data.Bill).toHaveLength(1);
    const bill = res.data.Bill[0];
    expect(bill).toMatchObject({
      status: 'ACTIVE', totalAmount: 1500, businessService: 'PT', consumerCode: PT_DUE, tenantId: AMR,
      payerName: 'Ramesh Kumar', mobileNumber: '9876543210', payerAddress: '12, Mall Road, Amritsar', billDate: T0,
    });
    expect(bill.billNumber).toMatch(/^BILLNO-PT-\d{6}$/);
    expect(bill).not.toHaveProperty('partPaymentAllowed');
    expect(bill).not.toHaveProperty('isAdvanceAllowed');
    expect(bill.billDetails).toHaveLength(1);
    const detail = bill.billDetails[0];
    expect(detail).toMatchObject({ amount: 1500, amountPaid: null, billId: bill.id });
    // end of an IST day, 30 days on
    expect(detail.expiryDate).toBe(Date.UTC(2026, 1, 14, 18, 29, 59));
    // fiscal year 2025-26
    expect(detail.fromPeriod).toBe(Date.UTC(2025, 2, 31, 18, 30));
    const heads = detail.billAccountDetails.map((a: { taxHeadCode: string; amount: number; adjustedAmount: number }) => [a.taxHeadCode, a.amount, a.adjustedAmount]);
    expect(heads).toEqual(expect.arrayContaining([['PT_TAX', 1600, 0], ['PT_TIME_REBATE', -160, 0], ['PT_FIRE_CESS', 60, 0]]));
  });

  it('returns the same ACTIVE bill again, now with a ResposneInfo object', async () => {
    const first = (await fetchBill(h, tok, ptParams(PT_DUE))).data.Bill[0];
    const again = await fetchBill(h, tok, ptParams(PT_DUE));
    expect(again.status).toBe(201);
    expect(again.data.Bill[0].id).toBe(first.id);
    expect(again.data.Bill[0].billNumber).toBe(first.billNumber);
    expect(again.data.ResposneInfo).toEqual({ apiId: 'Rainmaker', ver: '1.0', ts: 1700000000000, msgId: '1700000000000|en_IN', status: '200 OK' });
  });

  it('regenerates (new id, new number) once the bill has expired', async () => {
    const first = (await fetchBill(h, tok, ptParams(PT_DUE))).data.Bill[0];
    h.clock.t = first.billDetails[0].expiryDate + 1;
    tok = await token(h); // 30 days on, the 7-day token has expired
    const next = await fetchBill(h, tok, ptParams(PT_DUE));
    expect(next.data.ResposneInfo).toBeNull();
    expect(next.data.Bill[0].id).not.toBe(first.id);
    expect(next.data.Bill[0].billNumber).not.toBe(first.billNumber);
    const old = await billSearch(h, tok, { tenantId: AMR, service: 'PT', billId: first.id });
    expect(old.data.Bill[0].status).toBe('EXPIRED');
  });

  it('admin expireBill: the next fetch regenerates and _create on the old bill gets BILL_EXPIRED', async () => {
    const first = (await fetchBill(h, tok, ptParams(PT_DUE))).data.Bill[0];
    expect(h.sandbox.expireBill({ tenantId: AMR, businessService: 'PT', consumerCode: PT_DUE })).toBe(first.id);
    const paid = await createPayment(h, tok, onlinePayment(first));
    expect(paid.status).toBe(400);
    expect(codes(paid)).toEqual(['BILL_EXPIRED']);
    const next = (await fetchBill(h, tok, ptParams(PT_DUE))).data.Bill[0];
    expect(next.id).not.toBe(first.id);
    expect(next.totalAmount).toBe(1500);
  });

  it('gives Bill: [] for a consumer with no dues and for an unknown one, and bill _search finds the PAID bill', async () => {
    for (const code of ['PB-PT-2023-04-12-000457', 'PB-PT-2099-01-01-999999']) {
      const res = await fetchBill(h, tok, ptParams(code));
      expect(res.status).toBe(201);
      expect(res.data).toEqual({ ResposneInfo: null, Bill: [] });
    }
    const search = await billSearch(h, tok, { tenantId: AMR, service: 'PT', consumerCode: 'PB-PT-2023-04-12-000457' });
    expect(search.status).toBe(200);
    expect(search.data.Bill).toHaveLength(1);
    expect(search.data.Bill[0]).toMatchObject({ status: 'PAID', totalAmount: 1800 });
    expect(search.data.Bill[0].billDetails[0].amountPaid).toBe(1800);
  });

  it('answers one bill per consumer code of a comma list', async () => {
    const res = await fetchBill(h, tok, ptParams(`${PT_DUE},PB-PT-2023-04-12-000459,PB-PT-2023-04-12-000457`));
    expect(res.data.Bill.map((b: { consumerCode: string }) => b.consumerCode).sort()).toEqual([PT_DUE, 'PB-PT-2023-04-12-000459']);
    expect(res.data.Bill.find((b: { consumerCode: string }) => b.consumerCode === 'PB-PT-2023-04-12-000459').totalAmount).toBe(1234.5);
  });

  it('searches by the payer mobile within the business service only', async () => {
    const ws = await fetchBill(h, tok, { tenantId: AMR, businessService: 'WS', mobileNumber: '9876543210' });
    expect(ws.data.Bill.map((b: { consumerCode: string; totalAmount: number }) => [b.consumerCode, b.totalAmount])).toEqual([['WS/107/2023-24/000045', 480]]);
    const sw = await fetchBill(h, tok, { tenantId: AMR, businessService: 'SW', mobileNumber: '9876543210' });
    expect(sw.data.Bill.map((b: { consumerCode: string }) => b.consumerCode)).toEqual(['SW/107/2023-24/000046']);
    const pt = await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT', mobileNumber: '9876543210' });
    expect(pt.data.Bill.map((b: { consumerCode: string }) => b.consumerCode)).toEqual([PT_DUE]);
    const elsewhere = await fetchBill(h, tok, { tenantId: 'pb.jalandhar', businessService: 'WS', mobileNumber: '9876543210' });
    expect(elsewhere.data.Bill).toEqual([]);
  });

  it('builds one bill detail per demand period and expires the near-expiry bill tonight', async () => {
    const bill = (await fetchBill(h, tok, ptParams('PB-PT-2023-04-12-000458'))).data.Bill[0];
    expect(bill.totalAmount).toBe(2250);
    expect(bill.billDetails.map((d: { amount: number }) => d.amount)).toEqual([1000, 1250]);
    for (const d of bill.billDetails) expect(d.expiryDate).toBe(Date.UTC(2026, 0, 15, 18, 29, 59));
    h.clock.t = Date.UTC(2026, 0, 15, 18, 30);
    const next = (await fetchBill(h, tok, ptParams('PB-PT-2023-04-12-000458'))).data.Bill[0];
    expect(next.id).not.toBe(bill.id);
  });

  it('refuses a state-level tenant for an employee and missing criteria', async () => {
    const state = await fetchBill(h, tok, { tenantId: 'pb', businessService: 'PT', consumerCode: PT_DUE });
    expect(state.status).toBe(400);
    expect(state.data).toEqual({
      ResponseInfo: null,
      Errors: [{ code: 'EG_BS_INVALID_TENANTID', message: 'Employees cannot search based on state level tenantid', description: null, params: null }],
    });
    const none = await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT' });
    expect(codes(none)).toEqual(['BILL_GEN_MANDATORY_FIELDS_MISSING']);
    const noService = await fetchBill(h, tok, { tenantId: AMR, consumerCode: PT_DUE });
    expect(codes(noService)).toEqual(['NotNull.generateBillCriteria.businessService']);
    const badMobile = await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT', mobileNumber: '98765' });
    expect(codes(badMobile)).toEqual(['Pattern.generateBillCriteria.mobileNumber']);
  });

  it('bill _search: latest per consumer code, status filter, service param and its errors', async () => {
    const first = (await fetchBill(h, tok, ptParams(PT_DUE))).data.Bill[0];
    h.sandbox.expireBill({ tenantId: AMR, businessService: 'PT', consumerCode: PT_DUE });
    const second = (await fetchBill(h, tok, ptParams(PT_DUE))).data.Bill[0];
    const latest = await billSearch(h, tok, { tenantId: AMR, service: 'PT', consumerCode: PT_DUE });
    expect(latest.data.Bill.map((b: { id: string }) => b.id)).toEqual([second.id]);
    expect(latest.data.ResposneInfo.status).toBe('200 OK');
    const expired = await billSearch(h, tok, { tenantId: AMR, service: 'PT', consumerCode: PT_DUE, status: 'EXPIRED' });
    expect(expired.data.Bill.map((b: { id: string }) => b.id)).toEqual([first.id]);
    const oldest = await billSearch(h, tok, { tenantId: AMR, service: 'PT', consumerCode: PT_DUE, retrieveOldest: 'true' });
    expect(oldest.data.Bill[0].id).toBe(first.id);
    const byMobile = await billSearch(h, tok, { tenantId: AMR, mobileNumber: '9876543210' });
    expect(byMobile.data.Bill).toHaveLength(1);
    expect(codes(await billSearch(h, tok, { tenantId: AMR }))).toEqual(['EGBS_MANDATORY_FIELDS_ERROR']);
    expect(codes(await billSearch(h, tok, { tenantId: AMR, consumerCode: PT_DUE }))).toEqual(['BILL_SEARCH_CONSUMERCODE_BUSINESSSERVICE']);
  });
});
