// Fetch → pay over the async routes, signed on both legs, each signature checked by an independent
// verifier (xml-crypto's SignedXml directly, see verify-independently.ts).
import { expectConservation } from '../../support/harness';
import { eventually, startNetwork, type Network } from './network-harness';
import { independentlyVerified } from './verify-independently';

const PT = 'PBMC00000PUN01';
const PARAMS = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
let n: Network;

beforeAll(async () => {
  n = await startNetwork();
});
afterAll(async () => {
  await expectConservation(n.h);
  await n.stop();
});

test('fetch then pay: Acks at once, signed callbacks with the bill and the receipt, one DIGIT payment', async () => {
  const fetched = await n.cu.fetch({ billerId: PT, params: PARAMS });
  expect(fetched.status).toBe(200);
  expect(fetched.ack).toMatchObject({ api: 'FETCH_REQUEST', refId: fetched.refId, rspCd: 'Successful' });
  expect(independentlyVerified(fetched.body, n.adapterKeys.publicPem)).toBe(true);

  const fetchCb = await n.cu.waitFor('BillFetchResponse', fetched.refId);
  expect(fetchCb.verified).toBe(true);
  expect(independentlyVerified(fetchCb.body, n.adapterKeys.publicPem)).toBe(true);
  expect(fetchCb.message?.reason.responseCode).toBe('000');
  const bill = fetchCb.message?.billerResponses[0];
  expect(bill?.amount).toBe('150000');

  const before = n.h.sandbox.stats().createCalls;
  const paid = await n.cu.pay({
    billerId: PT, params: PARAMS, refId: fetched.refId, amountPaise: 150000,
    bills: [{ billNumber: bill?.billNumber ?? '', amountPaise: 150000 }],
  });
  expect(paid.ack).toMatchObject({ api: 'PAYMENT_REQUEST', rspCd: 'Successful' });
  const payCb = await n.cu.waitFor('BillPaymentResponse', fetched.refId);
  expect(payCb.verified).toBe(true);
  expect(independentlyVerified(payCb.body, n.adapterKeys.publicPem)).toBe(true);
  expect(payCb.message?.reason).toMatchObject({ responseCode: '000' });
  expect(payCb.message?.reason.approvalRefNum).toMatch(/^PT\/107\//);
  expect(payCb.message?.txn).toMatchObject({ txnReferenceId: paid.txnReferenceId, type: 'FORWARD TYPE RESPONSE' });
  expect(n.h.sandbox.stats().createCalls).toBe(before + 1);
  // the callback went to {BBPS_CALLBACK_URL}/BillPaymentResponse/1.0/urn:referenceId:{refId}, one line
  expect(payCb.body).not.toMatch(/[\r\n]/);
  // written to the outbox before it was sent, and marked sent once the CU acknowledged it
  const stored = await eventually(() => n.h.svc.ledger.getOutbox(`cb:BillPaymentRequest:${fetched.refId}`), (i) => i?.state === 'SENT');
  expect(stored?.body).toBe(payCb.body);
});

test('the Ack does not wait for DIGIT: a slow DIGIT still gets an immediate Ack', async () => {
  n.h.sandbox.setFault({ route: 'fetchbill', mode: 'latency', latencyMs: 600, times: 1 });
  const started = Date.now();
  const fetched = await n.cu.fetch({ billerId: 'AMRW00000PUN01', params: { 'Connection Number': 'WS/107/2023-24/000045' } });
  expect(fetched.ack?.ok).toBe(true);
  expect(Date.now() - started).toBeLessThan(400);
  const cb = await n.cu.waitFor('BillFetchResponse', fetched.refId, 6000);
  expect(cb.message?.reason.responseCode).toBe('000');
});

test('validation: BVR codes without paying', async () => {
  const before = n.h.sandbox.stats().createCalls;
  const cases: Array<[Record<string, string>, number | undefined, string]> = [
    [{ City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' }, undefined, '000'],
    [{ City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' }, 5000, 'BVR005'],
    [{ City: 'Amritsar', 'Property ID': 'PB-PT-2099-01-01-000001' }, undefined, 'BVR001'],
    [{ City: 'Nowhere', 'Property ID': 'PB-PT-2023-04-12-000458' }, undefined, 'BVR002'],
    [{ City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000457' }, undefined, 'BVR008'],
  ];
  for (const [params, amountPaise, expected] of cases) {
    const sent = await n.cu.validate({ billerId: PT, params, amountPaise });
    expect(sent.ack?.ok).toBe(true);
    const cb = await n.cu.waitFor('BillValidationResponse', sent.refId);
    expect(cb.verified).toBe(true);
    const reason = cb.message?.reason;
    expect(expected === '000' ? reason?.responseCode : reason?.complianceRespCd).toBe(expected);
  }
  n.h.sandbox.setFault({ route: 'fetchbill', mode: 'error5xx', status: 503, times: 1 });
  const down = await n.cu.validate({ billerId: PT, params: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' } });
  expect((await n.cu.waitFor('BillValidationResponse', down.refId)).message?.reason.complianceRespCd).toBe('BVR009');
  expect(n.h.sandbox.stats().createCalls).toBe(before);
});
