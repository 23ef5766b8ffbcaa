// cancelPayment: POST payments/{module}/_workflow with one CANCEL item; DIGIT's refusals are REJECTED
// with their codes, outages UNKNOWN/UNAVAILABLE like every other call; a 2xx that does not show the
// payment cancelled proves nothing (UNKNOWN). Also: what _create sends for OFFLINE_NEFT/RTGS.
import type { PostingPlan } from '../../../src/core/types';
import { CREATE, FakeDigit, type Responder } from './fake-digit';

const NOW = 1_700_000_090_000;
const PATH = '/collection-services/payments/WS/_workflow';
const Q = { tenantId: 'pb.amritsar', businessService: 'WS', paymentId: 'pay-1', reason: 'BBPS reversal of TXN-1' };

const cancelled: Responder = (c, res) => {
  const [item] = c.body.PaymentWorkflows as Array<{ paymentId: string }>;
  res.status(200).json({ ResponseInfo: { status: '200 OK' }, Payments: [{ id: item.paymentId, paymentStatus: 'CANCELLED', instrumentStatus: 'CANCELLED' }] });
};

const envelope = (code: string): Responder => (_c, res) =>
  void res.status(400).json({ ResponseInfo: null, Errors: [{ code, message: 'refused', description: null, params: null }] });

describe('payment _workflow CANCEL', () => {
  let fake: FakeDigit;
  beforeEach(async () => {
    fake = await new FakeDigit().start();
  });
  afterEach(() => fake.stop());

  it('sends one CANCEL item on the module path and resolves when DIGIT shows it CANCELLED', async () => {
    fake.on(PATH, cancelled);
    const gw = fake.gateway({ now: () => NOW });
    try {
      await expect(gw.cancelPayment(Q)).resolves.toBeUndefined();
      expect(fake.calls).toHaveLength(1);
      expect(fake.calls[0].originalUrl).toBe(PATH);
      expect(fake.calls[0].body).toEqual({
        RequestInfo: { apiId: 'Rainmaker', ver: '1.0', ts: NOW, msgId: `${NOW}|en_IN`, authToken: 'tok-1' },
        PaymentWorkflows: [{ paymentId: 'pay-1', action: 'CANCEL', tenantId: 'pb.amritsar', reason: 'BBPS reversal of TXN-1', additionalDetails: {} }],
      });
    } finally {
      gw.close();
    }
  });

  it('encodes the module name', async () => {
    fake.on('/collection-services/payments/OTHER.Misc_Challans/_workflow', cancelled);
    const gw = fake.gateway();
    try {
      await gw.cancelPayment({ ...Q, businessService: 'OTHER.Misc_Challans' });
      expect(fake.calls[0].originalUrl).toBe('/collection-services/payments/OTHER.Misc_Challans/_workflow');
    } finally {
      gw.close();
    }
  });

  it.each(['RECEIPT_WORKFLOW_ACTION_NOT_APPLICABLE', 'RECEIPT_WORKFLOW_INVALID_RECEIPT'])('%s → REJECTED with the code', async (code) => {
    fake.on(PATH, envelope(code));
    const gw = fake.gateway();
    try {
      await expect(gw.cancelPayment(Q)).rejects.toMatchObject({ name: 'DigitCallError', kind: 'REJECTED', digitCodes: [code], httpStatus: 400 });
    } finally {
      gw.close();
    }
  });

  it.each<[string, Responder, string]>([
    ['a 5xx', (_c, res) => void res.status(502).send('bad gateway'), 'UNKNOWN'],
    ['a 403', (_c, res) => void res.status(403).json({ ResponseInfo: null, Errors: [{ code: 'Forbidden' }] }), 'UNAVAILABLE'],
    ['a 200 that is not JSON', (_c, res) => void res.status(200).type('text/plain').send('ok'), 'UNKNOWN'],
    ['a 200 without the payment', (_c, res) => void res.status(200).json({ Payments: [] }), 'UNKNOWN'],
    ['a 200 showing it still APPROVED', (_c, res) => void res.status(200).json({ Payments: [{ id: 'pay-1', paymentStatus: 'NEW' }] }), 'UNKNOWN'],
  ])('%s → %s', async (_name, responder, kind) => {
    fake.on(PATH, responder);
    const gw = fake.gateway({ circuit: false });
    try {
      await expect(gw.cancelPayment(Q)).rejects.toMatchObject({ kind });
      expect(fake.calls).toHaveLength(1);
    } finally {
      gw.close();
    }
  });

  it('no answer within the timeout → UNKNOWN, sent once', async () => {
    fake.on(PATH, () => undefined);
    const gw = fake.gateway({ timeoutMs: 200, circuit: false });
    try {
      await expect(gw.cancelPayment(Q)).rejects.toMatchObject({ kind: 'UNKNOWN' });
      expect(fake.calls).toHaveLength(1);
    } finally {
      gw.close();
    }
  });

  it('DIGIT unreachable → UNAVAILABLE', async () => {
    const url = fake.url;
    await fake.stop();
    const gw = new FakeDigit().gateway({ baseUrl: url, circuit: false });
    try {
      await expect(gw.cancelPayment(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    } finally {
      gw.close();
    }
  });
});

describe('_create for the cancellable modes', () => {
  let fake: FakeDigit;
  beforeEach(async () => {
    fake = await new FakeDigit().on(CREATE, (c, res) => {
      const p = c.body.Payment as { paymentDetails: Array<{ billId: string; totalAmountPaid: number }> };
      res.status(200).json({ Payments: [{ paymentDetails: p.paymentDetails.map((d) => ({ ...d, receiptNumber: 'R-' + d.billId })) }] });
    }).start();
  });
  afterEach(() => fake.stop());

  const plan = (paymentMode: string): PostingPlan => ({
    tenantId: 'pb.amritsar', paidBy: 'Ramesh Kumar', paymentMode, additionalDetails: {},
    bills: [{ billId: 'bill-1', billNumber: 'B1', businessService: 'WS', consumerCode: 'WS/107/2023-24/000045', amountPaise: 150000 }],
  });

  it.each(['OFFLINE_NEFT', 'OFFLINE_RTGS'])('%s: our transactionNumber, an instrumentNumber, an instrumentDate just before now', async (mode) => {
    const gw = fake.gateway({ now: () => NOW });
    try {
      await gw.createPayment('TXN-9', 'PAYREF-9', plan(mode));
      const sent = fake.calls[0].body.Payment as Record<string, unknown>;
      expect(sent).toMatchObject({ paymentMode: mode, transactionNumber: 'TXN-9', instrumentNumber: 'PAYREF-9' });
      // never in DIGIT's future (INVALID_NEFT_RTGS_DATE), well inside any window DIGIT applies
      expect(sent.instrumentDate).toBe(NOW - 5 * 60_000);
    } finally {
      gw.close();
    }
  });

  it('ONLINE keeps now (DIGIT overwrites it anyway)', async () => {
    const gw = fake.gateway({ now: () => NOW });
    try {
      await gw.createPayment('TXN-9', 'PAYREF-9', plan('ONLINE'));
      expect((fake.calls[0].body.Payment as Record<string, unknown>).instrumentDate).toBe(NOW);
    } finally {
      gw.close();
    }
  });
});
