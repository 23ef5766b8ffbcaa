import { billFor, codes, createPayment, onlinePayment, startSandbox, T0, token, type Harness } from './harness';

const AMR = 'pb.amritsar';
type Bill = { id: string; tenantId: string; totalAmount: number; billNumber: string; consumerCode: string };

describe('DIGIT sandbox: payments/_create', () => {
  let h: Harness;
  let tok: string;
  let pt: Bill;
  beforeEach(async () => {
    h = await startSandbox();
    tok = await token(h);
    pt = await billFor(h, tok, AMR, 'PT', 'PB-PT-2023-04-12-000456');
  });
  afterEach(() => h.close());

  const expectError = async (payment: unknown, expected: Array<[string, string]>) => {
    const res = await createPayment(h, tok, payment);
    expect(res.status).toBe(400);
    expect(res.data.ResponseInfo).toBeNull();
    expect(res.data.Errors.map((e: { code: string; message: string }) => [e.code, e.message])).toEqual(expect.arrayContaining(expected));
    expect(res.data.Errors).toHaveLength(expected.length);
    for (const e of res.data.Errors) expect(e).toMatchObject({ description: null, params: null });
  };

  it('records an ONLINE payment: 200, server-set fields, service-based receipt number, collection bill copy', async () => {
    const payment = onlinePayment(pt, { totalDue: 1, transactionDate: 42, instrumentDate: 42, additionalDetails: { channel: 'BBPS' } });
    const res = await createPayment(h, tok, payment);
    expect(res.status).toBe(200);
    expect(res.data.ResponseInfo).toMatchObject({ apiId: 'Rainmaker', resMsgId: 'uief87324', status: '200 OK' });
    const p = res.data.Payments[0];
    expect(p).toMatchObject({
      tenantId: AMR, totalDue: 1500, totalAmountPaid: 1500, transactionNumber: payment.transactionNumber,
      transactionDate: T0, instrumentDate: T0, paymentMode: 'ONLINE', instrumentStatus: 'REMITTED', paymentStatus: 'DEPOSITED',
      paidBy: 'Ramesh Kumar', mobileNumber: '9876543210', additionalDetails: { channel: 'BBPS' }, fileStoreId: null,
    });
    expect(p.payerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.auditDetails.createdBy).toMatch(/^\d+$/);
    const d = p.paymentDetails[0];
    expect(d).toMatchObject({ billId: pt.id, totalDue: 1500, totalAmountPaid: 1500, businessService: 'PT', receiptType: 'BILLBASED', receiptDate: T0 });
    expect(d.receiptNumber).toMatch(/^PT\/107\/2025-26\/\d{6}$/);
    expect(d.bill).toMatchObject({
      id: pt.id, status: 'ACTIVE', amountPaid: 1500, paidBy: 'Ramesh Kumar', partPaymentAllowed: true, isAdvanceAllowed: false,
      collectionModesNotAllowed: ['DD', 'OFFLINE_NEFT', 'OFFLINE_RTGS', 'POSTAL_ORDER'], minimumAmountToBePaid: null,
    });
    const adjusted = d.bill.billDetails[0].billAccountDetails.map((a: { taxHeadCode: string; adjustedAmount: number }) => [a.taxHeadCode, a.adjustedAmount]);
    expect(adjusted).toEqual(expect.arrayContaining([['PT_TAX', 1600], ['PT_TIME_REBATE', -160], ['PT_FIRE_CESS', 60]]));
  });

  it('numbers receipts by service and city (Jalandhar 108, WS)', async () => {
    const jal = await billFor(h, tok, 'pb.jalandhar', 'PT', 'PB-PT-2023-05-01-000101');
    const r1 = await createPayment(h, tok, onlinePayment(jal));
    expect(r1.data.Payments[0].paymentDetails[0].receiptNumber).toBe('PT/108/2025-26/000001');
    const ws = await billFor(h, tok, AMR, 'WS', 'WS/107/2023-24/000045');
    const r2 = await createPayment(h, tok, onlinePayment(ws));
    expect(r2.data.Payments[0].paymentDetails[0].receiptNumber).toBe('WS/107/2025-26/000001');
  });

  it('does not deduplicate transactionNumber: two bills, one transaction number, two payments', async () => {
    const tl = await billFor(h, tok, AMR, 'TL', 'PB-TL-2026-01-15-000321');
    const a = await createPayment(h, tok, onlinePayment(pt, { transactionNumber: 'SAME-1', instrumentNumber: 'SAME-1' }));
    const b = await createPayment(h, tok, onlinePayment(tl, { transactionNumber: 'SAME-1', instrumentNumber: 'SAME-1' }));
    expect([a.status, b.status]).toEqual([200, 200]);
  });

  it('pays several bills in one call with one receipt each', async () => {
    const ws = await billFor(h, tok, AMR, 'WS', 'WS/107/2023-24/000045');
    const payment = onlinePayment(pt, {
      totalAmountPaid: 1980,
      paymentDetails: [{ billId: pt.id, totalAmountPaid: 1500 }, { billId: ws.id, totalAmountPaid: 480 }],
    });
    const res = await createPayment(h, tok, payment);
    expect(res.status).toBe(200);
    expect(res.data.Payments[0].totalDue).toBe(1980);
    expect(res.data.Payments[0].paymentDetails.map((d: { receiptNumber: string }) => d.receiptNumber.slice(0, 3))).toEqual(['PT/', 'WS/']);
  });

  it('CASH: transactionNumber replaced by {city}{10 digits}, APPROVED / NEW', async () => {
    const res = await createPayment(h, tok, onlinePayment(pt, { paymentMode: 'CASH', transactionNumber: 'MINE', instrumentNumber: undefined }));
    expect(res.status).toBe(200);
    expect(res.data.Payments[0]).toMatchObject({ instrumentStatus: 'APPROVED', paymentStatus: 'NEW' });
    expect(res.data.Payments[0].transactionNumber).toMatch(/^amritsar\d{10}$/);
  });

  it('bean validation: paidBy, mobileNumber, paymentMode, payer name, detail fields', async () => {
    await expectError(onlinePayment(pt, { paidBy: undefined }), [['NotNull.paymentRequest.payment.paidBy', 'must not be null']]);
    await expectError(onlinePayment(pt, { paidBy: 'R2D2' }), [
      ['Pattern.paymentRequest.payment.paidBy', "Invalid name. Only alphabets and special characters -, ',`, ., _"],
    ]);
    await expectError(onlinePayment(pt, { paidBy: 'a'.repeat(129) }), [['Size.paymentRequest.payment.paidBy', 'size must be between 0 and 128']]);
    await expectError(onlinePayment(pt, { mobileNumber: '5876543210' }), [['Pattern.paymentRequest.payment.mobileNumber', 'Invalid mobile number']]);
    await expectError(onlinePayment(pt, { paymentMode: 'UPI' }), [['NotNull.paymentRequest.payment.paymentMode', 'must not be null']]);
    await expectError(onlinePayment(pt, { payerName: 'Mr. 007' }), [
      ['Pattern.paymentRequest.payment.payerName', "Invalid name. Only alphabets and special characters -, ',`, ., _"],
    ]);
    await expectError(onlinePayment(pt, { tenantId: undefined, totalAmountPaid: undefined }), [
      ['NotNull.paymentRequest.payment.tenantId', 'must not be null'],
      ['NotNull.paymentRequest.payment.totalAmountPaid', 'must not be null'],
    ]);
    await expectError(onlinePayment(pt, { paymentDetails: [{ totalAmountPaid: 1500 }] }), [
      ['NotNull.paymentRequest.payment.paymentDetails[0].billId', 'must not be null'],
    ]);
    await expectError({ ...onlinePayment(pt), totalAmountPaid: 'lots' }, [['JsonMappingException', 'Failed to parse field - totalAmountPaid. Expected type is BigDecimal']]);
    const noPayment = await h.http.post('/collection-services/payments/_create', { RequestInfo: { authToken: tok } });
    expect(codes(noPayment)).toEqual(['NotNull.paymentRequest.payment']);
  });

  it('USER_INFO_INVALID for a user without uuid', async () => {
    h.sandbox.addUser({ userName: 'NO_UUID', password: 'pw', type: 'EMPLOYEE', tenantId: 'pb', uuid: null, roles: [{ code: 'UC_EMP', tenantId: 'pb' }] });
    const other = await token(h, { username: 'NO_UUID', password: 'pw' });
    const res = await createPayment(h, other, onlinePayment(pt));
    expect(res.data.Errors).toEqual([
      { code: 'USER_INFO_INVALID', message: 'Invalid user info in request info, user id is mandatory', description: null, params: null },
    ]);
  });

  it('DUPLICATE_BILLID, INVALID_BILL_ID, a partly unknown list, wrong tenant', async () => {
    await expectError(
      onlinePayment(pt, { paymentDetails: [{ billId: pt.id, totalAmountPaid: 750 }, { billId: pt.id, totalAmountPaid: 750 }] }),
      [['DUPLICATE_BILLID', 'The Bill ids have been repeated for multiple payment details']],
    );
    await expectError(onlinePayment({ ...pt, id: 'nope' }), [['INVALID_BILL_ID', 'Bill IDs provided does not exist or is in an invalid state']]);
    await expectError(onlinePayment(pt, { tenantId: 'pb.jalandhar' }), [['INVALID_BILL_ID', 'Bill IDs provided does not exist or is in an invalid state']]);
    // one known, one unknown: DIGIT dereferences null
    await expectError(
      onlinePayment(pt, { paymentDetails: [{ billId: pt.id, totalAmountPaid: 1500 }, { billId: 'nope', totalAmountPaid: 1 }] }),
      [['NullPointerException', 'An unhandled exception occurred on the server']],
    );
  });

  it('INVALID_BILL_BUSINESSSERVICE for a business service missing from MDMS', async () => {
    h.sandbox.addDemand({
      tenantId: AMR, businessService: 'XYZ.UNKNOWN', consumerCode: 'XYZ-1', ownerName: 'Test Owner', mobileNumber: '9000000009',
      periods: [{ fromPeriod: T0 - 1000, toPeriod: T0 + 1000, taxHeads: [{ code: 'XYZ_FEE', amount: 10 }] }],
    });
    const bill = await billFor(h, tok, AMR, 'XYZ.UNKNOWN', 'XYZ-1');
    await expectError(onlinePayment(bill), [['INVALID_BILL_BUSINESSSERVICE', `Business service provided does not exist for bill: ${bill.id}`]]);
  });

  it('instrument rules per mode', async () => {
    await expectError(onlinePayment(pt, { transactionNumber: undefined, instrumentNumber: undefined }), [
      ['INVALID_TXN_NUMBER', 'Transaction Number is mandatory for Card and online payment'],
      ['INVALID_INSTRUMENT_NUMBER', 'Instrument Number is mandatory for Card'],
    ]);
    await expectError(onlinePayment(pt, { paymentMode: 'CHEQUE', instrumentNumber: undefined }), [
      ['INVALID_INST_DATE', 'Instrument Date Input is mandatory for cheque and DD'],
      ['INVALID_INST_NUMBER', 'Instrument Number is mandatory for Cheque, DD, Card'],
    ]);
    await expectError(onlinePayment(pt, { paymentMode: 'CHEQUE', instrumentDate: T0 + 2 * 86_400_000 }), [
      ['CHEQUE_DD_DATE_WITH_FUTURE_DATE', 'Cheque/DD date can not be future Date'],
    ]);
    await expectError(onlinePayment(pt, { paymentMode: 'CHEQUE', instrumentDate: T0 - 91 * 86_400_000 }), [
      ['CHEQUE_DD_DATE_WITH_RECEIPT_DATE', 'Cheque/DD date should be less than and within 90 days of Current Date'],
    ]);
    const cheque = await createPayment(h, tok, onlinePayment(pt, { paymentMode: 'CHEQUE', instrumentDate: T0 - 86_400_000 }));
    expect(cheque.status).toBe(200);
    expect(cheque.data.Payments[0]).toMatchObject({ instrumentStatus: 'APPROVED', paymentStatus: 'NEW', instrumentDate: T0 - 86_400_000 });
  });

  it('amount rules from the MDMS business service flags', async () => {
    // PT: part payment yes, advance no, DD not allowed
    await expectError(onlinePayment(pt, {}, 1600), [['INVALID_PAYMENTDETAIL', 'The amount to be paid is more than amount due']]);
    await expectError(onlinePayment(pt, { paymentMode: 'DD', instrumentDate: T0, instrumentNumber: '1' }), [
      ['INVALID_PAYMENTDETAIL', `The paymentMode: DD is not allowed for the bill: ${pt.id}`],
    ]);
    await expectError(onlinePayment(pt, {}, 1000.5), [['INVALID_PAYMENTDETAIL', 'The amount paid cannot be fractional']]);
    await expectError(onlinePayment(pt, {}, 0), [['INVALID_PAYMENTDETAIL', `The amount paid for the paymentDetail with bill number: ${pt.id}`]]);
    await expectError(onlinePayment(pt, {}, -5), [['INVALID_PAYMENTDETAIL', `The amount paid for the paymentDetail with bill number: ${pt.id}`]]);
    // TL: no part payment
    const tl = await billFor(h, tok, AMR, 'TL', 'PB-TL-2026-01-15-000321');
    await expectError(onlinePayment(tl, {}, 4000), [['INVALID_PAYMENTDETAIL', 'The amount to be paid is less than amount due']]);
    // challan (mCollect): exact only
    const ch = await billFor(h, tok, AMR, 'OTHER.Misc_Challans', 'PB-CH-2026-02-01-000077');
    await expectError(onlinePayment(ch, {}, 700), [['INVALID_PAYMENTDETAIL', 'The amount to be paid is less than amount due']]);
    await expectError(onlinePayment(ch, { paymentMode: 'POSTAL_ORDER', instrumentDate: T0, instrumentNumber: 'PO1' }), [
      ['INVALID_PAYMENTDETAIL', `The paymentMode: POSTAL_ORDER is not allowed for the bill: ${ch.id}`],
    ]);
    // WS: advance allowed
    const ws = await billFor(h, tok, AMR, 'WS', 'WS/107/2023-24/000045');
    expect((await createPayment(h, tok, onlinePayment(ws, {}, 600))).status).toBe(200);
    // a whole amount written with decimals is fine
    expect((await createPayment(h, tok, onlinePayment(pt, {}, '1000.00' as unknown as number))).status).toBe(200);
  });

  it('a fractional bill total cannot be paid (INVALID_BILL and INVALID_BILL_AMOUNT)', async () => {
    const frac = await billFor(h, tok, AMR, 'PT', 'PB-PT-2023-04-12-000459');
    expect(frac.totalAmount).toBe(1234.5);
    await expectError(onlinePayment(frac, {}, 1234), [
      ['INVALID_BILL', 'The due amount cannot be fractional'],
      ['INVALID_BILL_AMOUNT', `The bill amount of bill: ${frac.id} is fractional or less than zero`],
    ]);
  });

  it('BILL_EXPIRED once the clock passes the expiry, combined with other detail errors', async () => {
    h.clock.t = Date.UTC(2026, 1, 14, 18, 29, 59);
    tok = await token(h);
    await expectError(onlinePayment(pt, {}, 1600), [
      ['BILL_EXPIRED', 'Bill expired or invalid, regenerate bill!'],
      ['INVALID_PAYMENTDETAIL', 'The amount to be paid is more than amount due'],
    ]);
  });

  it('BILL_ALREADY_PAID for a bill with an open payment, whatever its transactionNumber', async () => {
    expect((await createPayment(h, tok, onlinePayment(pt, {}, 500))).status).toBe(200);
    await expectError(onlinePayment(pt), [['BILL_ALREADY_PAID', 'Bill has already been paid or is in pending state']]);
    const stats = h.sandbox.stats();
    expect(stats.createCalls).toBe(2);
    expect(stats.createSucceeded).toBe(1);
  });

  it('checks paidBy in linear time: a hostile name is refused fast', async () => {
    const started = process.hrtime.bigint();
    await expectError(onlinePayment(pt, { paidBy: `${'a'.repeat(50)}!` }), [
      ['Pattern.paymentRequest.payment.paidBy', "Invalid name. Only alphabets and special characters -, ',`, ., _"],
    ]);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});
