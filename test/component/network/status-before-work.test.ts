// An accepted async payment is in the ledger before its Ack: a status query between the Ack and the
// payment's work (the work lost with a process that died after the Ack, or merely not started yet) is
// not answered "not found" for a payment that is then posted, and the sweeper resumes it even when its
// work item is held. Found by the cold review: the payment row used to be claimed inside the work only.
import { attr } from '../../support/messages';
import { eventually, startNetwork, type Network } from './network-harness';

const PT = 'PBMC00000PUN01';
const PARAMS = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
let n: Network;

beforeAll(async () => {
  n = await startNetwork({ signed: false });
});
afterAll(async () => n?.stop());

test('a status query for an accepted payment whose work has not started finds it, and its answer follows', async () => {
  const dispatcher = n.h.svc.network.dispatcher!;
  const kick = dispatcher.kick.bind(dispatcher);
  // the process holding the work item does nothing with it (as if it died right after the Ack)
  dispatcher.kick = () => undefined;
  let paid;
  try {
    paid = await n.cu.pay({ billerId: PT, params: PARAMS, amountPaise: 150000 });
    expect(paid.ack?.ok).toBe(true);
    expect((await n.h.svc.ledger.getPayment(paid.txnReferenceId))?.state).toBe('RECEIVED');
    expect((await n.h.svc.ledger.getOutbox(`work:BillPaymentRequest:${paid.refId}`))?.attempts).toBe(0);
  } finally {
    dispatcher.kick = kick;
  }
  const asked = await n.cu.status({ txnReferenceId: paid.txnReferenceId });
  expect(asked.ack?.ok).toBe(true);
  const status = await n.cu.waitFor('TxnStatusResponse', asked.refId, 10_000);
  expect(attr(status.body, 'Reason', 'complianceReason') ?? '').not.toMatch(/No payment with this txnReferenceId/);
  expect(attr(status.body, 'Reason', 'responseCode')).toBe('000');
  expect((await n.h.svc.ledger.getPayment(paid.txnReferenceId))?.state).toBe('SUCCESS');
  // settled by the status query: the payment's own answer is sent now, not when its work item's lease ends
  const answer = await n.cu.waitFor('BillPaymentResponse', paid.refId, 10_000);
  expect(answer.message?.reason.responseCode).toBe('000');
  expect(n.h.sandbox.stats().createCalls).toBeGreaterThan(0);
}, 30_000);

test('the sweeper resumes an accepted payment whose work item is held by a dead process', async () => {
  const dispatcher = n.h.svc.network.dispatcher!;
  const kick = dispatcher.kick.bind(dispatcher);
  dispatcher.kick = () => undefined;
  let paid;
  try {
    paid = await n.cu.pay({ billerId: PT, params: { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' }, amountPaise: 100000 });
    expect(paid.ack?.ok).toBe(true);
  } finally {
    dispatcher.kick = kick;
  }
  const p = await eventually(async () => {
    await n.h.svc.sweeper.sweepOnce();
    return n.h.svc.ledger.getPayment(paid.txnReferenceId);
  }, (row) => row?.state === 'SUCCESS', 8000);
  expect(p?.state).toBe('SUCCESS');
  const answer = await n.cu.waitFor('BillPaymentResponse', paid.refId, 10_000);
  expect(answer.message?.reason.responseCode).toBe('000');
}, 30_000);
