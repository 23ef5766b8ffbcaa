// REVIEW (failing on purpose until fixed): a TxnStatusRequest for a payment the adapter has already
// accepted (Acked, its work item durable) is answered "No payment with this txnReferenceId" when it is
// decided before the payment's work has claimed its ledger row — and the payment is posted afterwards.
// The async route records a payment only as a work item (http/bbps-async.ts `accept`); the payment row
// is claimed later, inside the work (jobs/build-answer.ts → PayBill.execute → claimPayment). TxnStatus
// (core/txn-status.ts:28) looks at payments only. The window: from the Ack until the kicked work reaches
// claimPayment — milliseconds in one healthy process, but seconds when the accepting instance dies after
// its Ack (PostgreSQL: until its heartbeat is stale and another instance takes the work item; SQLite:
// until the restart) or its event loop is busy. The CU is told "not found" for a payment that is then
// posted in DIGIT (design §3.7: every inbound message recorded before it is acknowledged; the ledger is
// the source of truth for status queries).
// Reproduced deterministically by storing the work item exactly as the route does, held by a worker that
// has not reached it yet (lease in the future, no kick) — the state right after a crash following the Ack.
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

test('a status query for an accepted payment whose work has not started is not answered "not found"', async () => {
  const refId = newId();
  const txnReferenceId = newId(20);
  const xml = paymentXml({ refId, txnReferenceId, billerId: PT, params: PARAMS, amountPaise: 150000 });
  const kind = { api: 'BillPaymentRequest' as const, reversal: false };
  const id = workId(kind, refId);
  // accepted and Acked; the worker holding it has not started it (lease 60 s, no kick)
  expect(await n.h.svc.ledger.addOutbox({ id, refId, api: 'BillPaymentRequest', url: 'work:', body: encodeWork({ ...kind, refId, hash: 'accepted', xml }), leaseMs: 60_000 })).toBe(true);

  const asked = await n.cu.status({ txnReferenceId });
  expect(asked.ack?.ok).toBe(true);
  // the held work item is taken up (the instance that held it is gone): the payment is posted
  await n.h.svc.ledger.requeueOutbox(id, 60_000);
  n.h.svc.network.dispatcher?.kick(id);
  await eventually(() => n.h.svc.ledger.getPayment(txnReferenceId), (p) => p?.state === 'SUCCESS', 10_000);

  const status = await n.cu.waitFor('TxnStatusResponse', asked.refId, 10_000);
  // the payment was accepted before the query and is SUCCESS in DIGIT: the status must not say "not found"
  expect(attr(status.body, 'Reason', 'complianceReason') ?? '').not.toMatch(/No payment with this txnReferenceId/);
  expect(attr(status.body, 'Reason', 'responseCode')).toBe('000');
}, 30_000);
