// Reversal of a POSTED payment over the async routes: a biller posting OFFLINE_NEFT (DIGIT holds the
// payment APPROVED) is cancelled through DIGIT's payment workflow and answered as reversed; an ONLINE
// biller's payment (REMITTED at creation) stays for the operators. Money is conserved either way.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectConservation, opsAuth } from '../../support/harness';
import { startNetwork, type Network } from './network-harness';

const NEFT = 'AMRWNEFT0PUN01';
const WATER = { 'Connection Number': 'WS/107/2023-24/000045' };
const PT = 'PBMC00000PUN01';
const AMR = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };

let n: Network;
let dir: string;

beforeAll(async () => {
  // the shipped billers plus one water biller posting OFFLINE_NEFT (WS allows it in DIGIT's MDMS)
  dir = mkdtempSync(join(tmpdir(), 'billers-neft-'));
  const shipped = JSON.parse(readFileSync('config/billers.json', 'utf8')) as { billers: object[] };
  const neft = {
    billerId: NEFT, name: 'Amritsar Water (NEFT)', tenant: { fixed: 'pb.amritsar' }, services: [{ businessService: 'WS' }],
    customerParams: [{ name: 'Connection Number', role: 'consumerCode', regex: '^WS/[0-9]{3}/[0-9]{4}-[0-9]{2}/[0-9]{6}$' }],
    paymentAmountExactness: 'EXACT', partPaymentAllowed: false, advanceAllowed: false, digitPaymentMode: 'OFFLINE_NEFT',
  };
  const file = join(dir, 'billers.json');
  writeFileSync(file, JSON.stringify({ billers: [...shipped.billers, neft] }));
  n = await startNetwork({ env: { BILLERS_FILE: file } });
});
afterAll(async () => {
  await n.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Reversal = { txnReferenceId: string; result: string; receipts: Array<{ receiptNumber: string }> };
const reversals = async () => ((await (await fetch(`${n.h.svc.url}/ops/reversals`, { headers: opsAuth(n.h.svc) })).json()) as { reversals: Reversal[] }).reversals;

/** Pays over the async route, then reverses it; returns the payment's and the reversal's answers. */
async function payThenReverse(billerId: string, params: Record<string, string>, amountPaise: number) {
  const paid = await n.cu.pay({ billerId, params, amountPaise });
  expect(paid.ack?.ok).toBe(true);
  const forward = await n.cu.waitFor('BillPaymentResponse', paid.refId, 10000);
  const rev = await n.cu.pay({ billerId, params, amountPaise, refId: paid.refId, txnReferenceId: paid.txnReferenceId, reversal: true });
  expect(rev.ack?.ok).toBe(true);
  const answers = await n.cu.waitForCount((r) => r.api === 'BillPaymentResponse' && r.refId === paid.refId && r.answer === 'ack', 2, 10000);
  return { txn: paid.txnReferenceId, forward: forward.message, reversal: answers[1] };
}

test('OFFLINE_NEFT: the posted payment is cancelled in DIGIT and the reversal answered as done', async () => {
  const { txn, forward, reversal } = await payThenReverse(NEFT, WATER, 48000);
  expect(forward?.reason.responseCode).toBe('000');
  const receipt = forward?.reason.approvalRefNum;
  expect(receipt).toMatch(/^WS\//);

  const inDigit = n.h.sandbox.listPayments().filter((p) => p.transactionNumber === txn);
  expect(inDigit).toHaveLength(1);
  expect(inDigit[0]).toMatchObject({ paymentMode: 'OFFLINE_NEFT', paymentStatus: 'CANCELLED', instrumentStatus: 'CANCELLED' });

  expect(reversal.verified).toBe(true);
  expect(reversal.message?.txn?.type).toBe('REVERSAL TYPE RESPONSE');
  expect(reversal.message?.reason).toMatchObject({ responseCode: '000', approvalRefNum: receipt });
  expect((await reversals()).find((r) => r.txnReferenceId === txn)).toMatchObject({
    result: 'CANCELLED_IN_DIGIT', receipts: [expect.objectContaining({ receiptNumber: receipt })],
  });
  // the payment's own outcome is what was answered: a status query still restates it
  const row = await n.h.svc.ledger.getPayment(txn);
  expect(row).toMatchObject({ state: 'SUCCESS', outcome: { status: 'SUCCESS' }, reversedAt: expect.any(Number) });
  await expectConservation(n.h);
}, 30000);

test('ONLINE: DIGIT cannot cancel it; listed POSTED_MANUAL and the payment still counts', async () => {
  const { txn, reversal } = await payThenReverse(PT, AMR, 150000);
  expect(reversal.message?.reason).toMatchObject({ responseCode: '200' });
  expect(reversal.message?.reason.complianceReason).toMatch(/manual/);
  expect((await reversals()).find((r) => r.txnReferenceId === txn)).toMatchObject({ result: 'POSTED_MANUAL' });
  const inDigit = n.h.sandbox.listPayments().filter((p) => p.transactionNumber === txn);
  expect(inDigit[0]).toMatchObject({ paymentMode: 'ONLINE', paymentStatus: 'DEPOSITED' });
  expect((await n.h.svc.ledger.getPayment(txn))?.reversedAt).toBeUndefined();
  await expectConservation(n.h);
}, 30000);
