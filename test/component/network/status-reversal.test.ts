// TxnStatusRequest ("402") and reversals over the async routes.
import { attr } from '../../support/messages';
import { opsAuth } from '../../support/harness';
import { eventually, startNetwork, type Network } from './network-harness';

const PT = 'PBMC00000PUN01';
const JAL = { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' };
const AMR = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' };
let n: Network;

beforeAll(async () => {
  // short deadlines: a payment whose DIGIT outcome is unknown is left PENDING quickly
  n = await startNetwork({ env: { BBPS_SYNC_DEADLINE_MS: '1000', DIGIT_TIMEOUT_MS: '300' } });
});
afterAll(async () => {
  n.h.sandbox.clearFaults();
  await n.stop();
});

type Reversal = { txnReferenceId: string; result: string; receipts: Array<{ receiptNumber: string }> };
const reversals = async () => ((await (await fetch(`${n.h.svc.url}/ops/reversals`, { headers: opsAuth(n.h.svc) })).json()) as { reversals: Reversal[] }).reversals;

test('status after a timeout: pending while DIGIT cannot tell, then the same receipt as the payment', async () => {
  n.h.sandbox.setFault({ route: 'create', mode: 'commitThenHang', times: 1 });
  n.h.sandbox.setFault({ route: 'paymentsearch', mode: 'error5xx', status: 503 });
  const paid = await n.cu.pay({ billerId: PT, params: JAL, amountPaise: 100000 });
  expect(paid.ack?.ok).toBe(true);
  await eventually(() => n.h.svc.ledger.getPayment(paid.txnReferenceId), (p) => p?.state === 'UNKNOWN', 6000);

  const asked = await n.cu.status({ txnReferenceId: paid.txnReferenceId });
  expect(asked.ack).toMatchObject({ api: 'TXN_STATUS_REQUEST', rspCd: 'Successful' });
  // never a failure while the outcome is unknown: no answer yet
  await new Promise((r) => setTimeout(r, 300));
  expect(n.cu.delivered('TxnStatusResponse').filter((r) => r.refId === asked.refId)).toHaveLength(0);

  n.h.sandbox.clearFaults();
  const status = await n.cu.waitFor('TxnStatusResponse', asked.refId, 10000);
  const payment = await n.cu.waitFor('BillPaymentResponse', paid.refId, 10000);
  expect(status.verified).toBe(true);
  expect(status.message?.reason.responseCode).toBe('000');
  expect(status.message?.reason.approvalRefNum).toBe(payment.message?.reason.approvalRefNum);
  expect(status.message?.txn).toMatchObject({ txnReferenceId: paid.txnReferenceId, type: 'FORWARD TYPE RESPONSE' });
  expect(n.h.sandbox.listPayments().filter((p) => p.transactionNumber === paid.txnReferenceId)).toHaveLength(1);
}, 20000);

test('status of a txnReferenceId never received: failure with a clear reason', async () => {
  const asked = await n.cu.status({ txnReferenceId: 'NEVERSEEN0000000001' });
  const cb = await n.cu.waitFor('TxnStatusResponse', asked.refId);
  expect(cb.verified).toBe(true);
  expect(attr(cb.body, 'Reason', 'responseCode')).toBe('200');
  expect(attr(cb.body, 'Reason', 'approvalRefNum')).toBe('');
  expect(attr(cb.body, 'Reason', 'complianceRespCd')).toBe('');
  expect(attr(cb.body, 'Reason', 'complianceReason')).toMatch(/No payment with this txnReferenceId/);
  expect(attr(cb.body, 'Txn', 'txnReferenceId')).toBe('NEVERSEEN0000000001');
});

test('reversal of a payment never received, then the late forward: never posted', async () => {
  const before = n.h.sandbox.stats().createCalls;
  const txnReferenceId = 'REVTEST0000000000001';
  const refId = 'REVREF00000000000000000000000000001';
  const payment = { billerId: PT, params: AMR, amountPaise: 40000, refId, txnReferenceId };
  const rev = await n.cu.pay({ ...payment, reversal: true });
  expect(rev.ack?.ok).toBe(true);
  const revCb = await n.cu.waitFor('BillPaymentResponse', refId);
  expect(revCb.message?.txn?.type).toBe('REVERSAL TYPE RESPONSE');
  expect(revCb.message?.reason).toMatchObject({ responseCode: '000', approvalRefNum: txnReferenceId });

  const late = await n.cu.pay(payment);
  expect(late.ack?.ok).toBe(true);
  const lateCb = await n.cu.waitForCount((r) => r.api === 'BillPaymentResponse' && r.refId === refId && r.answer === 'ack', 2);
  const forward = lateCb[1]?.message;
  expect(forward?.txn?.type).toBe('FORWARD TYPE RESPONSE');
  expect(forward?.reason).toMatchObject({ responseCode: '200', complianceRespCd: 'BPR005' });
  // the sweeper never takes it up either
  expect(await n.h.svc.sweeper.sweepOnce()).toBe(0);
  expect(n.h.sandbox.stats().createCalls).toBe(before);
  expect((await n.h.svc.ledger.getPayment(txnReferenceId))?.state).toBe('FAILED');
  expect(await reversals()).toEqual(expect.arrayContaining([expect.objectContaining({ txnReferenceId, result: 'NOT_POSTED' })]));
});

test('reversal of a posted payment: answered as not reversed, listed for manual reversal with its receipt', async () => {
  const paid = await n.cu.pay({ billerId: PT, params: AMR, amountPaise: 40000 });
  const cb = await n.cu.waitFor('BillPaymentResponse', paid.refId);
  const receipt = cb.message?.reason.approvalRefNum;
  expect(receipt).toMatch(/^PT\//);
  const rev = await n.cu.pay({ billerId: PT, params: AMR, amountPaise: 40000, refId: paid.refId, txnReferenceId: paid.txnReferenceId, reversal: true });
  expect(rev.ack?.ok).toBe(true);
  const answers = await n.cu.waitForCount((r) => r.api === 'BillPaymentResponse' && r.refId === paid.refId && r.answer === 'ack', 2);
  const revMessage = answers[1]?.message;
  expect(revMessage?.txn?.type).toBe('REVERSAL TYPE RESPONSE');
  expect(revMessage?.reason).toMatchObject({ responseCode: '200', complianceRespCd: '' });
  expect(revMessage?.reason.complianceReason).toMatch(/manual/);
  const listed = (await reversals()).find((r) => r.txnReferenceId === paid.txnReferenceId);
  expect(listed).toMatchObject({ result: 'POSTED_MANUAL', receipts: [expect.objectContaining({ receiptNumber: receipt })] });
  expect((await n.h.svc.ledger.getPayment(paid.txnReferenceId))?.state).toBe('SUCCESS');
});
