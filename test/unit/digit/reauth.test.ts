import { FETCHBILL, CREATE, FakeDigit, Q, billsAnswer, digitBill, ONE_BILL_PLAN } from './fake-digit';

describe('DIGIT 401/403 handling', () => {
  let fake: FakeDigit;
  beforeEach(async () => {
    fake = await new FakeDigit().on(FETCHBILL, billsAnswer([digitBill()])).start();
  });
  afterEach(() => fake.stop());

  it('a 401 (token revoked) → one re-login and one retry that succeeds', async () => {
    const gw = fake.gateway();
    try {
      await gw.fetchBills(Q);
      fake.valid.clear(); // e.g. another instance called /user/_logout
      await expect(gw.fetchBills(Q)).resolves.toHaveLength(1);
      expect(fake.logins).toHaveLength(2);
      expect(fake.calls.map((c) => c.body.RequestInfo?.authToken)).toEqual(['tok-1', 'tok-1', 'tok-2']);
    } finally {
      gw.close();
    }
  });

  it('concurrent 401s share one re-login', async () => {
    const gw = fake.gateway();
    try {
      await gw.fetchBills(Q);
      fake.valid.clear();
      await Promise.all(Array.from({ length: 10 }, () => gw.fetchBills(Q)));
      expect(fake.logins).toHaveLength(2);
    } finally {
      gw.close();
    }
  });

  it('a second 401 → UNAVAILABLE, with no third attempt', async () => {
    fake.loginAnswer = (n, res) => void res.status(200).json({ access_token: `never-valid-${n}`, expires_in: 600 });
    const gw = fake.gateway();
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE', httpStatus: 401 });
      expect(fake.logins).toHaveLength(2);
      expect(fake.calls).toHaveLength(2);
    } finally {
      gw.close();
    }
  });

  it('`_create` answered 401 is repeated once after the re-login (the gateway refused it before the service)', async () => {
    let n = 0;
    fake.on(CREATE, (c, res) => {
      n++;
      const Payment = c.body.Payment as { paymentDetails: Array<{ billId: string; totalAmountPaid: number }> };
      res.status(200).json({
        Payments: [
          { id: 'p1', paymentDetails: Payment.paymentDetails.map((d) => ({ ...d, receiptNumber: `R/${d.billId}` })) },
        ],
      });
    });
    const gw = fake.gateway();
    try {
      await gw.fetchBills(Q);
      fake.valid.clear();
      await expect(gw.createPayment('TXN1', 'TXN1', ONE_BILL_PLAN)).resolves.toHaveLength(1);
      expect(n).toBe(1);
      expect(fake.calls.filter((c) => c.path === CREATE)).toHaveLength(2);
    } finally {
      gw.close();
    }
  });

  it('403 → UNAVAILABLE without a re-login', async () => {
    fake.on(FETCHBILL, (_c, res) => {
      res.status(403).json({ ResponseInfo: null, Errors: [{ code: 'CustomException', message: 'Not authorized to access this resource' }] });
    });
    const gw = fake.gateway();
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE', httpStatus: 403 });
      expect(fake.logins).toHaveLength(1);
      expect(fake.calls).toHaveLength(1);
    } finally {
      gw.close();
    }
  });
});
