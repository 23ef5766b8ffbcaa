import { billFor, codes, createPayment, fetchBill, onlinePayment, post, startSandbox, token, type Harness } from './harness';

const AMR = 'pb.amritsar';
const PT_DUE = 'PB-PT-2023-04-12-000456';

describe('DIGIT sandbox: payments/{module}/_workflow', () => {
  let h: Harness;
  let tok: string;
  beforeEach(async () => {
    h = await startSandbox();
    tok = await token(h);
  });
  afterEach(() => h.close());

  const workflow = (module: string, items: Array<Record<string, unknown>>, t = tok) =>
    post(h, `/collection-services/payments/${module}/_workflow`, t, {}, { PaymentWorkflows: items });
  const cancel = (paymentId: string) => ({ paymentId, action: 'CANCEL', tenantId: AMR, reason: 'Wrong consumer' });
  const cash = (bill: { id: string; tenantId: string; totalAmount: number }, amount?: number) =>
    onlinePayment(bill, { paymentMode: 'CASH', instrumentNumber: undefined }, amount);

  it('cannot cancel ONLINE payments (REMITTED at creation)', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const paid = await createPayment(h, tok, onlinePayment(bill));
    const id = paid.data.Payments[0].id;
    const res = await workflow('PT', [cancel(id)]);
    expect(res.status).toBe(400);
    expect(res.data.Errors).toEqual([
      { code: 'RECEIPT_WORKFLOW_INVALID_RECEIPT', message: `Payment not found in the system or not in editable state, ${id}`, description: null, params: null },
    ]);
  });

  it('cancels an APPROVED cash payment: bill CANCELLED, demand collection reversed, new bill on fetch', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const paid = await createPayment(h, tok, cash(bill));
    h.sandbox.flushMarkPaid();
    expect((await fetchBill(h, tok, { tenantId: AMR, businessService: 'PT', consumerCode: PT_DUE })).data.Bill).toEqual([]);

    const res = await workflow('PT', [cancel(paid.data.Payments[0].id)]);
    expect(res.status).toBe(200);
    const p = res.data.Payments[0];
    expect(p).toMatchObject({ paymentStatus: 'CANCELLED', instrumentStatus: 'CANCELLED' });
    expect(p.paymentDetails[0].bill).toMatchObject({ status: 'CANCELLED', isCancelled: true, reasonForCancellation: 'Wrong consumer' });
    const fresh = await billFor(h, tok, AMR, 'PT', PT_DUE);
    expect(fresh.id).not.toBe(bill.id);
    expect(fresh.totalAmount).toBe(1500);
    expect(h.sandbox.stats().payments.count).toBe(1); // only the seeded history payment is left
    // UNIQUE(billId) holds whatever the status: the cancelled bill cannot be paid again
    const again = await createPayment(h, tok, onlinePayment(bill));
    expect(codes(again)).toEqual(['PAYMENT_CREATION_FAILED']);
  });

  it('cancels a payment before billing consumed it without touching the demand', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const paid = await createPayment(h, tok, cash(bill));
    expect((await workflow('PT', [cancel(paid.data.Payments[0].id)])).status).toBe(200);
    h.sandbox.flushMarkPaid();
    expect((await billFor(h, tok, AMR, 'PT', PT_DUE)).totalAmount).toBe(1500);
  });

  it('only the latest open payment of a consumer code can be cancelled', async () => {
    const first = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const p1 = await createPayment(h, tok, cash(first, 1000));
    h.sandbox.flushMarkPaid();
    h.clock.t += 1000;
    const second = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const p2 = await createPayment(h, tok, cash(second));
    h.sandbox.flushMarkPaid();
    const early = await workflow('PT', [cancel(p1.data.Payments[0].id)]);
    expect(codes(early)).toEqual(['RECEIPT_WORKFLOW_ACTION_NOT_APPLICABLE']);
    expect((await workflow('PT', [cancel(p2.data.Payments[0].id)])).status).toBe(200);
    expect((await workflow('PT', [cancel(p1.data.Payments[0].id)])).status).toBe(200);
    expect((await billFor(h, tok, AMR, 'PT', PT_DUE)).totalAmount).toBe(1500);
  });

  it('REMIT makes a cash payment REMITTED, after which it cannot be cancelled', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const id = (await createPayment(h, tok, cash(bill))).data.Payments[0].id;
    const remit = await workflow('PT', [{ paymentId: id, action: 'REMIT', tenantId: AMR }]);
    expect(remit.data.Payments[0]).toMatchObject({ instrumentStatus: 'REMITTED', paymentStatus: 'DEPOSITED' });
    expect(codes(await workflow('PT', [cancel(id)]))).toEqual(['RECEIPT_WORKFLOW_INVALID_RECEIPT']);
  });

  it('refuses mixed actions, mixed tenants, a bad action, and roles without the module workflow', async () => {
    const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
    const id = (await createPayment(h, tok, cash(bill))).data.Payments[0].id;
    expect(codes(await workflow('PT', [cancel(id), { paymentId: id, action: 'REMIT', tenantId: AMR }]))).toEqual(['PAYMENT_WORKFLOW_SINGLE_ACTION_ALLOWED']);
    // a second city in the body: RBAC still passes (state roles), the service refuses
    expect(codes(await workflow('PT', [cancel(id), { ...cancel(id), tenantId: 'pb.jalandhar' }]))).toEqual(['CROSS_TENANT_OP_NOT_ALLOWED']);
    expect(codes(await workflow('PT', [{ ...cancel(id), action: 'cancel' }]))).toEqual(['NotNull.paymentWorkflowRequest.paymentWorkflows[0].action']);
    h.sandbox.addUser({ userName: 'UC_ONLY', password: 'pw', type: 'EMPLOYEE', tenantId: 'pb', roles: [{ code: 'UC_EMP', tenantId: 'pb' }] });
    const uc = await token(h, { username: 'UC_ONLY', password: 'pw' });
    expect((await workflow('PT', [cancel(id)], uc)).status).toBe(403);
    // there is no plain /payments/_workflow route
    expect((await post(h, '/collection-services/payments/_workflow', tok, {}, { PaymentWorkflows: [cancel(id)] })).status).toBe(404);
  });
});
