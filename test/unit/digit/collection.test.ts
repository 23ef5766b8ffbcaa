import { AppError } from '../../../src/core/errors';
import type { PostingPlan } from '../../../src/core/types';
import { CREATE, FakeDigit, type Responder } from './fake-digit';

const NOW = 1_700_000_090_000;

const plan = (over: Partial<PostingPlan> = {}): PostingPlan => ({
  tenantId: 'pb.amritsar',
  paidBy: 'Ramesh Kumar',
  mobileNumber: '9876543210',
  paymentMode: 'ONLINE',
  bills: [
    { billId: 'bill-1', billNumber: 'BILLNO-WS-000001', businessService: 'WS', consumerCode: 'WS/107/2023-24/000045', amountPaise: 150000 },
    { billId: 'bill-2', billNumber: 'BILLNO-SW-000002', businessService: 'SW', consumerCode: 'SW/107/2023-24/000046', amountPaise: 2500 * 100 },
  ],
  additionalDetails: { bbps: { txnReferenceId: 'TXN-1', refId: 'REF1', billerId: 'AMRW00000PUN01' } },
  ...over,
});

/** what collection-services answers: the enriched payment with one receipt per detail */
const created: Responder = (c, res) => {
  const p = c.body.Payment as { paymentDetails: Array<{ billId: string; totalAmountPaid: number; businessService: string }> };
  res.status(200).json({
    ResponseInfo: { status: '200 OK' },
    Payments: [
      {
        ...p,
        id: 'pay-1',
        paymentDetails: p.paymentDetails.map((d, i) => ({
          ...d,
          receiptNumber: `${d.businessService}/107/2023-24/00032${i}`,
          bill: { id: d.billId, billNumber: `BILLNO-${d.businessService}-00000${i + 1}`, businessService: d.businessService },
        })),
      },
    ],
  });
};

const foundPayment = {
  id: 'pay-1',
  tenantId: 'pb.amritsar',
  totalAmountPaid: 4000,
  transactionNumber: 'TXN-1',
  transactionDate: 1700000101234,
  paymentStatus: 'DEPOSITED',
  instrumentStatus: 'REMITTED',
  additionalDetails: { bbps: { txnReferenceId: 'TXN-1' } },
  paymentDetails: [
    { billId: 'bill-1', businessService: 'WS', totalAmountPaid: 1500, receiptNumber: 'WS/107/2023-24/000320', bill: { billNumber: 'BILLNO-WS-000001' } },
    { billId: 'bill-2', businessService: 'SW', totalAmountPaid: 2500, receiptNumber: 'SW/107/2023-24/000321', bill: { billNumber: 'BILLNO-SW-000002' } },
  ],
};

describe('collection-services calls', () => {
  let fake: FakeDigit;
  beforeEach(async () => {
    fake = await new FakeDigit().on(CREATE, created).start();
  });
  afterEach(() => fake.stop());

  it('_create sends exactly the specified Payment and returns one receipt per bill', async () => {
    const gw = fake.gateway({ now: () => NOW });
    try {
      const receipts = await gw.createPayment('TXN-1', 'PAYREF-9', plan());
      const call = fake.calls[0];
      expect(call.path).toBe(CREATE);
      expect(call.originalUrl).toBe(CREATE);
      expect(call.body).toEqual({
        RequestInfo: { apiId: 'Rainmaker', ver: '1.0', ts: NOW, msgId: `${NOW}|en_IN`, authToken: 'tok-1' },
        Payment: {
          tenantId: 'pb.amritsar',
          totalDue: 4000,
          totalAmountPaid: 4000,
          paymentMode: 'ONLINE',
          transactionNumber: 'TXN-1',
          instrumentNumber: 'PAYREF-9',
          instrumentDate: NOW,
          paidBy: 'Ramesh Kumar',
          payerName: 'Ramesh Kumar',
          mobileNumber: '9876543210',
          additionalDetails: { bbps: { txnReferenceId: 'TXN-1', refId: 'REF1', billerId: 'AMRW00000PUN01' } },
          paymentDetails: [
            { billId: 'bill-1', businessService: 'WS', totalDue: 1500, totalAmountPaid: 1500 },
            { billId: 'bill-2', businessService: 'SW', totalDue: 2500, totalAmountPaid: 2500 },
          ],
        },
      });
      expect(receipts).toEqual([
        { billId: 'bill-1', billNumber: 'BILLNO-WS-000001', businessService: 'WS', receiptNumber: 'WS/107/2023-24/000320', amountPaise: 150000 },
        { billId: 'bill-2', billNumber: 'BILLNO-SW-000002', businessService: 'SW', receiptNumber: 'SW/107/2023-24/000321', amountPaise: 250000 },
      ]);
    } finally {
      gw.close();
    }
  });

  it('omits mobileNumber when the plan has none', async () => {
    const gw = fake.gateway({ now: () => NOW });
    try {
      await gw.createPayment('TXN-2', 'TXN-2', plan({ mobileNumber: undefined }));
      expect(fake.calls[0].body.Payment).not.toHaveProperty('mobileNumber');
    } finally {
      gw.close();
    }
  });

  it('a non-whole-rupee amount is a programming error: thrown before anything is sent', async () => {
    const gw = fake.gateway();
    try {
      const bad = plan();
      bad.bills[0].amountPaise = 150050;
      await expect(gw.createPayment('TXN-3', 'TXN-3', bad)).rejects.toBeInstanceOf(AppError);
      await expect(gw.createPayment('TXN-3', 'TXN-3', bad)).rejects.toMatchObject({ code: 'INTERNAL' });
      await expect(gw.createPayment('TXN-3', 'TXN-3', plan({ bills: [] }))).rejects.toMatchObject({ code: 'INTERNAL' });
      expect(fake.calls).toHaveLength(0);
    } finally {
      gw.close();
    }
  });

  it('receipts fall back to the plan for bill number and service when DIGIT omits the embedded bill', async () => {
    fake.on(CREATE, (c, res) => {
      const p = c.body.Payment as { paymentDetails: Array<{ billId: string; totalAmountPaid: number }> };
      res.status(200).json({
        Payments: [{ paymentDetails: p.paymentDetails.map((d) => ({ billId: d.billId, totalAmountPaid: d.totalAmountPaid, receiptNumber: 'R-' + d.billId, bill: null })) }],
      });
    });
    const gw = fake.gateway();
    try {
      const receipts = await gw.createPayment('TXN-4', 'TXN-4', plan());
      expect(receipts.map((r) => [r.billNumber, r.businessService, r.receiptNumber])).toEqual([
        ['BILLNO-WS-000001', 'WS', 'R-bill-1'],
        ['BILLNO-SW-000002', 'SW', 'R-bill-2'],
      ]);
    } finally {
      gw.close();
    }
  });

  it.each<[string, Responder]>([
    ['not JSON', (_c, res) => void res.status(200).type('text/plain').send('Payments: ok')],
    ['no Payments', (_c, res) => void res.status(200).json({ ResponseInfo: {} })],
    ['empty Payments', (_c, res) => void res.status(200).json({ Payments: [] })],
    [
      'a bill without its receipt',
      (_c, res) => void res.status(200).json({ Payments: [{ paymentDetails: [{ billId: 'bill-1', totalAmountPaid: 1500, receiptNumber: 'R1' }] }] }),
    ],
    [
      'an amount with 3 decimals',
      (_c, res) =>
        void res.status(200).json({
          Payments: [
            {
              paymentDetails: [
                { billId: 'bill-1', totalAmountPaid: 1500.001, receiptNumber: 'R1' },
                { billId: 'bill-2', totalAmountPaid: 2500, receiptNumber: 'R2' },
              ],
            },
          ],
        }),
    ],
  ])('_create 200 with %s → UNKNOWN (the payment may exist)', async (_name, responder) => {
    fake.on(CREATE, responder);
    const gw = fake.gateway();
    try {
      await expect(gw.createPayment('TXN-5', 'TXN-5', plan())).rejects.toMatchObject({ kind: 'UNKNOWN', httpStatus: 200 });
      expect(fake.calls).toHaveLength(1);
    } finally {
      gw.close();
    }
  });

  it('searchPayments uses the module path and maps what it finds, amounts in paise', async () => {
    const path = '/collection-services/payments/WS/_search';
    fake.on(path, (_c, res) => void res.status(200).json({ ResponseInfo: {}, Payments: [foundPayment] }));
    const gw = fake.gateway();
    try {
      const found = await gw.searchPayments({ tenantId: 'pb.amritsar', businessService: 'WS', transactionNumber: 'TXN-1', billIds: ['bill-1', 'bill-2'] });
      expect(fake.calls[0].originalUrl).toBe(`${path}?tenantId=pb.amritsar&transactionNumber=TXN-1&billIds=bill-1%2Cbill-2`);
      expect(fake.calls[0].query).toEqual({ tenantId: 'pb.amritsar', transactionNumber: 'TXN-1', billIds: 'bill-1,bill-2' });
      expect(found).toEqual([
        {
          paymentId: 'pay-1',
          tenantId: 'pb.amritsar',
          transactionNumber: 'TXN-1',
          paymentStatus: 'DEPOSITED',
          instrumentStatus: 'REMITTED',
          totalPaise: 400000,
          receipts: [
            { billId: 'bill-1', billNumber: 'BILLNO-WS-000001', businessService: 'WS', receiptNumber: 'WS/107/2023-24/000320', amountPaise: 150000 },
            { billId: 'bill-2', billNumber: 'BILLNO-SW-000002', businessService: 'SW', receiptNumber: 'SW/107/2023-24/000321', amountPaise: 250000 },
          ],
          transactionDate: 1700000101234,
          additionalDetails: { bbps: { txnReferenceId: 'TXN-1' } },
        },
      ]);
    } finally {
      gw.close();
    }
  });

  it('searchPayments: nothing found → []; module names are encoded; no criterion → refused locally', async () => {
    fake.on('/collection-services/payments/FSM.TRIP_CHARGES/_search', (_c, res) => void res.status(200).json({ Payments: [] }));
    const gw = fake.gateway();
    try {
      await expect(gw.searchPayments({ tenantId: 'pb.amritsar', businessService: 'FSM.TRIP_CHARGES', billIds: ['b/1'] })).resolves.toEqual([]);
      expect(fake.calls[0].originalUrl).toBe('/collection-services/payments/FSM.TRIP_CHARGES/_search?tenantId=pb.amritsar&billIds=b%2F1');
      await expect(gw.searchPayments({ tenantId: 'pb.amritsar', businessService: 'WS' })).rejects.toMatchObject({ code: 'INTERNAL' });
      await expect(gw.searchPayments({ tenantId: 'pb.amritsar', businessService: 'WS', billIds: [] })).rejects.toMatchObject({ code: 'INTERNAL' });
      expect(fake.calls).toHaveLength(1);
    } finally {
      gw.close();
    }
  });

  it('searchPayments with an unreadable payment → UNKNOWN (a search that proves nothing)', async () => {
    fake.on('/collection-services/payments/WS/_search', (_c, res) => void res.status(200).json({ Payments: [{ ...foundPayment, totalAmountPaid: 1.234 }] }));
    const gw = fake.gateway();
    try {
      await expect(gw.searchPayments({ tenantId: 'pb.amritsar', businessService: 'WS', transactionNumber: 'TXN-1' })).rejects.toMatchObject({ kind: 'UNKNOWN' });
    } finally {
      gw.close();
    }
  });

  it('listPayments: one page by transaction date, toDate sent a day early (DIGIT adds one), limit 1-100 or refused locally', async () => {
    const path = '/collection-services/payments/PT/_search';
    fake.on(path, (_c, res) => void res.status(200).json({ ResponseInfo: {}, Payments: [foundPayment] }));
    const gw = fake.gateway();
    try {
      const day = 86_400_000;
      const found = await gw.listPayments({ tenantId: 'pb.amritsar', businessService: 'PT', fromMs: 1_700_000_000_000, toMs: 1_700_086_399_999, offset: 200, limit: 100 });
      expect(fake.calls[0].query).toEqual({
        tenantId: 'pb.amritsar', fromDate: '1700000000000', toDate: String(1_700_086_399_999 - day), offset: '200', limit: '100',
      });
      expect(found.map((p) => [p.paymentId, p.totalPaise])).toEqual([['pay-1', 400000]]);
      for (const limit of [0, 101, 1.5]) {
        await expect(gw.listPayments({ tenantId: 'pb.amritsar', businessService: 'PT', fromMs: 0, toMs: 1, offset: 0, limit })).rejects.toMatchObject({ code: 'INTERNAL' });
      }
      expect(fake.calls).toHaveLength(1);
    } finally {
      gw.close();
    }
  });
});
