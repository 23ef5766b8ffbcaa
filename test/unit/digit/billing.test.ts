import { BILL_SEARCH, FETCHBILL, FakeDigit, Q, billsAnswer, digitBill, recordingLogger } from './fake-digit';

describe('billing-service calls', () => {
  let fake: FakeDigit;
  beforeEach(async () => {
    fake = await new FakeDigit().start();
  });
  afterEach(() => fake.stop());

  it('_fetchbill: POST with the criteria in the query, HTTP 201 with `ResposneInfo` mapped to Bills', async () => {
    fake.on(FETCHBILL, billsAnswer([digitBill({ totalAmount: 1234.5 })]));
    const gw = fake.gateway();
    try {
      const bills = await gw.fetchBills(Q);
      expect(bills).toEqual([
        expect.objectContaining({ billId: '7c9e1b8a-35a4-4c1e-9a0e-2f1d3b4c5d6e', amountPaise: 123450, fractional: true, dueDate: '2023-11-16' }),
      ]);
      const call = fake.calls[0];
      expect(call.query).toEqual({ tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000456' });
      expect(Object.keys(call.body)).toEqual(['RequestInfo']);
      expect(call.headers['content-type']).toMatch(/^application\/json/);
    } finally {
      gw.close();
    }
  });

  it('accepts HTTP 200 too, and `Bill: []` means no dues', async () => {
    fake.on(FETCHBILL, billsAnswer([], 200));
    const gw = fake.gateway();
    try {
      await expect(gw.fetchBills(Q)).resolves.toEqual([]);
    } finally {
      gw.close();
    }
  });

  it('URL-encodes consumer codes (WS connection numbers contain "/")', async () => {
    fake.on(FETCHBILL, billsAnswer([digitBill({ consumerCode: 'WS/107/2023-24/000045', businessService: 'WS' })]));
    const gw = fake.gateway();
    try {
      const [bill] = await gw.fetchBills({ tenantId: 'pb.amritsar', businessService: 'WS', consumerCode: 'WS/107/2023-24/000045' });
      expect(bill.consumerCode).toBe('WS/107/2023-24/000045');
      expect(fake.calls[0].originalUrl).toBe(
        '/billing-service/bill/v2/_fetchbill?tenantId=pb.amritsar&businessService=WS&consumerCode=WS%2F107%2F2023-24%2F000045',
      );
      expect(fake.calls[0].query.consumerCode).toBe('WS/107/2023-24/000045');
    } finally {
      gw.close();
    }
  });

  it('fetches by mobile number and returns every bill', async () => {
    fake.on(FETCHBILL, billsAnswer([digitBill(), digitBill({ id: 'b2', billNumber: 'BILLNO-PT-000124', consumerCode: 'PB-PT-2023-04-12-000457' })]));
    const gw = fake.gateway();
    try {
      const bills = await gw.fetchBills({ tenantId: 'pb.amritsar', businessService: 'PT', mobileNumber: '9876543210' });
      expect(bills.map((b) => b.billId)).toEqual(['7c9e1b8a-35a4-4c1e-9a0e-2f1d3b4c5d6e', 'b2']);
      expect(fake.calls[0].query).toEqual({ tenantId: 'pb.amritsar', businessService: 'PT', mobileNumber: '9876543210' });
    } finally {
      gw.close();
    }
  });

  it('bill _search names the business service `service`', async () => {
    fake.on(BILL_SEARCH, (_c, res) => void res.status(200).json({ ResposneInfo: { status: '200 OK' }, Bill: [digitBill({ status: 'PAID' })] }));
    const gw = fake.gateway();
    try {
      await expect(gw.searchBills(Q)).resolves.toHaveLength(1);
      expect(fake.calls[0].path).toBe(BILL_SEARCH);
      expect(fake.calls[0].query).toEqual({ tenantId: 'pb.amritsar', service: 'PT', consumerCode: 'PB-PT-2023-04-12-000456' });
    } finally {
      gw.close();
    }
  });

  it('a bill with an amount of more than 2 decimals → REJECTED "unreadable amount" (logged)', async () => {
    fake.on(FETCHBILL, billsAnswer([digitBill({ totalAmount: 99.999 })]));
    const { lines, logger } = recordingLogger();
    const gw = fake.gateway({ logger });
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'REJECTED', message: expect.stringMatching(/unreadable amount/) });
      expect(lines.some((l) => l.level === 'error' && l.msg === 'DIGIT bill unreadable')).toBe(true);
    } finally {
      gw.close();
    }
  });

  it('a 201 whose body is not a bill answer → UNKNOWN', async () => {
    fake.on(FETCHBILL, (_c, res) => void res.status(201).type('text/plain').send('<html>oops'));
    const gw = fake.gateway();
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNKNOWN' });
      fake.on(FETCHBILL, (_c, res) => void res.status(201).json({ ResposneInfo: null }));
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNKNOWN' });
    } finally {
      gw.close();
    }
  });

  it('refuses a query with neither consumer code nor mobile number without calling DIGIT', async () => {
    const gw = fake.gateway();
    try {
      await expect(gw.fetchBills({ tenantId: 'pb.amritsar', businessService: 'PT' })).rejects.toMatchObject({ kind: 'REJECTED' });
      expect(fake.logins).toHaveLength(0);
    } finally {
      gw.close();
    }
  });
});
