// A crash between storing an accepted payment's work item and recording the payment (two writes before
// the Ack) leaves a work item without its payment row; the CU, having no Ack, repeats the request, and the
// repeat records the payment too (insert if absent) before it is Acked: a status query then never answers
// "not found" for a payment that is posted when the work item is taken up. Found by the cold review.
// Reproduced by storing the work item exactly as the route does (its hash included), held (lease 60 s, no
// kick) with no payment row, then the CU's repeat.
import { parseBbps, toPaymentRequest } from '../../../src/bbps';
import { paymentContentHash } from '../../../src/core/content-hash';
import { encodeWork, workId } from '../../../src/jobs/work-item';
import { attr, newId, paymentXml } from '../../support/messages';
import { eventually, startNetwork, type Network } from './network-harness';

const PT = 'PBMC00000PUN01';
const PARAMS = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
let n: Network;

beforeAll(async () => {
  n = await startNetwork({ signed: false });
});
afterAll(async () => n?.stop());

test('after a crash between the work item and the payment record, a repeated payment is findable by a status query', async () => {
  const refId = newId();
  const txnReferenceId = newId(20);
  const xml = paymentXml({ refId, txnReferenceId, billerId: PT, params: PARAMS, amountPaise: 150000 });
  const kind = { api: 'BillPaymentRequest' as const, reversal: false };
  const id = workId(kind, refId);
  const hash = paymentContentHash(toPaymentRequest(parseBbps(xml, { expect: 'BillPaymentRequest' })).request);
  // the first attempt's work item, written just before the process died (no payment row, no Ack)
  expect(await n.h.svc.ledger.addOutbox({ id, refId, api: 'BillPaymentRequest', url: 'work:', body: encodeWork({ ...kind, refId, hash, xml }), leaseMs: 60_000 })).toBe(true);
  expect(await n.h.svc.ledger.getPayment(txnReferenceId)).toBeUndefined();

  // the CU got no Ack: it repeats the request, which is Acked
  const again = await n.h.post(`/bbps/BillPaymentRequest/1.0/urn:referenceId:${refId}`, xml);
  expect(again.status).toBe(200);
  expect(attr(again.body, 'Ack', 'RspCd')).toBe('Successful');

  const asked = await n.cu.status({ txnReferenceId });
  expect(asked.ack?.ok).toBe(true);
  // the held work item is taken up (restart / another instance): the payment is posted
  await n.h.svc.ledger.requeueOutbox(id, 60_000);
  n.h.svc.network.dispatcher?.kick(id);
  await eventually(() => n.h.svc.ledger.getPayment(txnReferenceId), (p) => p?.state === 'SUCCESS', 10_000);

  const status = await n.cu.waitFor('TxnStatusResponse', asked.refId, 10_000);
  expect(attr(status.body, 'Reason', 'complianceReason') ?? '').not.toMatch(/No payment with this txnReferenceId/);
  expect(attr(status.body, 'Reason', 'responseCode')).toBe('000');
}, 30_000);
