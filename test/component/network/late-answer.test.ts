// The late answer of an async payment goes out when the payment is settled, not at its work item's next
// retry. A payment whose DIGIT outcome is unknown leaves its work item failed with "outcome not known yet"
// and retried on the callback cadence (BBPS_CALLBACK_RETRY_MS doubling up to 5 min); when the sweeper (or
// a status query, or a repeat) settles the payment, the work item is worked again at once. Found by the
// cold review (the answer waited up to 5 minutes). BBPS_CALLBACK_RETRY_MS=60000 makes the lag show.
import { eventually, startNetwork, type Network } from './network-harness';

const PT = 'PBMC00000PUN01';
const JAL = { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' };
let n: Network;

beforeAll(async () => {
  n = await startNetwork({ signed: false, env: { BBPS_SYNC_DEADLINE_MS: '1000', DIGIT_TIMEOUT_MS: '300', BBPS_CALLBACK_RETRY_MS: '60000' } });
});
afterAll(async () => {
  n.h.sandbox.clearFaults();
  await n.stop();
});

test('an async payment resolved by the sweeper gets its answer without waiting for the callback backoff', async () => {
  n.h.sandbox.setFault({ route: 'create', mode: 'commitThenHang', times: 1 });
  n.h.sandbox.setFault({ route: 'paymentsearch', mode: 'error5xx', status: 503 });
  const paid = await n.cu.pay({ billerId: PT, params: JAL, amountPaise: 100000 });
  expect(paid.ack?.ok).toBe(true);
  // the work item gave up with the outcome unknown: it is retried on the callback cadence
  await eventually(() => n.h.svc.ledger.getOutbox(`work:BillPaymentRequest:${paid.refId}`), (w) => (w?.attempts ?? 0) >= 1, 8000);

  n.h.sandbox.clearFaults();
  await eventually(async () => {
    await n.h.svc.sweeper.sweepOnce();
    return n.h.svc.ledger.getPayment(paid.txnReferenceId);
  }, (p) => p?.state === 'SUCCESS', 8000);
  // a repeat of the request (the CU keeps asking) does not hurry it either
  await n.cu.pay({ billerId: PT, params: JAL, amountPaise: 100000, refId: paid.refId, txnReferenceId: paid.txnReferenceId });

  const answer = await n.cu.waitFor('BillPaymentResponse', paid.refId, 10_000);
  expect(answer.message?.reason.responseCode).toBe('000');
}, 40_000);
