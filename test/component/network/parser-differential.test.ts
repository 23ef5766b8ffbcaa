// Issue 13 end to end, against the running service: a CU-signed reversal whose Txn/@type has one space
// replaced by U+2028 verified under xmldom's default (XML 1.1) line ends and was processed as a forward
// payment — answered 000 and posted into DIGIT. It must be refused, and nothing may reach DIGIT.
import { cuRequests, cuSign } from '../../../src/simulators/bbps-cu';
import { startNetwork, type Network } from './network-harness';

const PT = 'PBMC00000PUN01';
const PARAMS: Array<[string, string]> = [['City', 'Jalandhar'], ['Property ID', 'PB-PT-2023-05-01-000101']]; // ₹3,200 due
let n: Network;

beforeAll(async () => {
  n = await startNetwork();
});
afterAll(async () => {
  await n.stop();
});

const payment = (refId: string, txnReferenceId: string, reversal: boolean) =>
  cuRequests.paymentRequest({
    refId, msgId: cuRequests.cuId(), billerId: PT, params: PARAMS, origInst: 'BBCU', txnReferenceId, amountPaise: 320000, bills: [],
    paymentMode: 'UPI', reversal,
  });
const url = (refId: string) => `${n.h.svc.url}/bbps/BillPaymentRequest/1.0/urn:referenceId:${refId}`;
const digitPaymentsOf = (txnReferenceId: string) => n.h.sandbox.listPayments().filter((p) => p.transactionNumber === txnReferenceId);

test('a signed reversal bent with U+2028 in Txn/@type is refused on the async route: no work, no DIGIT payment', async () => {
  const refId = cuRequests.cuId();
  const txnReferenceId = cuRequests.cuId(20);
  const signed = cuSign(payment(refId, txnReferenceId, true), n.cuKeys.privatePem);
  expect(signed).toContain('type="REVERSAL TYPE REQUEST"');
  const bent = signed.replace('type="REVERSAL TYPE REQUEST"', 'type="REVERSAL\u2028TYPE REQUEST"');
  const creates = n.h.sandbox.stats().createCalls;

  const sent = await n.cu.post(url(refId), bent, refId);
  expect(sent.status).toBe(400);
  expect(sent.ack?.rspCd).toBe('Failure');
  expect(sent.ack?.errors[0]?.code).toBe('REQUEST_INVALID');
  expect(sent.ack?.errors[0]?.detail).toContain('U+2028');
  // nothing accepted: no work item (so no background payment can ever start), no ledger payment
  expect(await n.h.svc.ledger.getOutbox(`work:BillPaymentRequest:${refId}`)).toBeUndefined();
  expect(await n.h.svc.ledger.getOutbox(`work:BillPaymentRequest/REVERSAL:${refId}`)).toBeUndefined();
  expect(await n.h.svc.ledger.getPayment(txnReferenceId)).toBeUndefined();
  expect(digitPaymentsOf(txnReferenceId)).toHaveLength(0);
  expect(n.h.sandbox.stats().createCalls).toBe(creates);
});

test('the same reversal as signed is taken as a reversal (answered REVERSAL TYPE RESPONSE) and posts nothing', async () => {
  const refId = cuRequests.cuId();
  const txnReferenceId = cuRequests.cuId(20);
  const sent = await n.cu.send('BillPaymentRequest', refId, payment(refId, txnReferenceId, true));
  expect(sent.ack?.ok).toBe(true);
  const answer = await n.cu.waitFor('BillPaymentResponse', refId, 10000);
  expect(answer.body).toContain('type="REVERSAL TYPE RESPONSE"');
  expect(digitPaymentsOf(txnReferenceId)).toHaveLength(0);
});

test('the sync route refuses the confirmed bends too, before any DIGIT call', async () => {
  const creates = n.h.sandbox.stats().createCalls;
  const refId = cuRequests.cuId();
  const txnReferenceId = cuRequests.cuId(20);
  // a CU-signed amount of 100 paise with a second `amount` behind U+FEFF (one name to xmldom)
  const feff = cuSign(payment(refId, txnReferenceId, false).replace('<Amt amount="320000"', '<Amt amount="100" x\uFEFFamount="320000"'), n.cuKeys.privatePem);
  const twoPrefixes = cuSign(
    payment(refId, txnReferenceId, false).replace('<Amt amount="320000"', '<Amt xmlns:a="urn:x" xmlns:b="urn:x" a:amount="1" b:amount="2" amount="320000"'),
    n.cuKeys.privatePem,
  );
  const nameBent = cuSign(payment(refId, txnReferenceId, false), n.cuKeys.privatePem).replace('name="Property ID"', 'name="Property\u2028ID"');
  for (const [body, code] of [[feff, 'REQUEST_INVALID'], [twoPrefixes, 'G27'], [nameBent, 'REQUEST_INVALID']] as const) {
    const res = await n.h.post('/bbps/sync/BillPaymentRequest', body);
    expect(res.status).toBe(400);
    expect(res.body).toContain(`<errorCd>${code}</errorCd>`);
  }
  expect(await n.h.svc.ledger.getPayment(txnReferenceId)).toBeUndefined();
  expect(n.h.sandbox.stats().createCalls).toBe(creates);
});
