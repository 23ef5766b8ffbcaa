// DIGIT unreachable (connection refused): nothing was ever sent, so the payment may fail for good.
import { createServer } from 'node:net';
import { attr, fetchXml, newId, paymentXml } from '../support/messages';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;

beforeAll(async () => {
  // a port that refuses connections: bind one, note it, close it
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  h = await startHarness({
    env: { DIGIT_URL: `http://127.0.0.1:${port}`, DIGIT_USERNAME: 'x', DIGIT_PASSWORD: 'y', BBPS_SYNC_DEADLINE_MS: '1500' },
  }).catch((e) => {
    throw e;
  });
});
afterAll(() => h.stop());

test('fetch: BFR008', async () => {
  const res = await h.post('/bbps/sync/BillFetchRequest', fetchXml({ billerId: 'PBMC00000PUN01', params: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' } }));
  expect(attr(res.body, 'Reason', 'complianceRespCd')).toBe('BFR008');
});

test('payment: retried within the deadline, then BPR010 and FAILED for good', async () => {
  const txn = newId(20);
  const xml = paymentXml({ billerId: 'PBMC00000PUN01', params: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' }, amountPaise: 150000, txnReferenceId: txn });
  const res = await h.post('/bbps/sync/BillPaymentRequest', xml);
  expect(res.status).toBe(200);
  expect(attr(res.body, 'Reason', 'complianceRespCd')).toBe('BPR010');
  expect((await h.svc.ledger.getPayment(txn))?.state).toBe('FAILED');
  // the repeat replays the failure: it can never be posted later
  const again = await h.post('/bbps/sync/BillPaymentRequest', xml);
  expect(attr(again.body, 'Reason', 'complianceRespCd')).toBe('BPR010');
});

test('readiness is red: no token, last login failed', async () => {
  const res = await fetch(`${h.svc.url}/health/ready`);
  expect(res.status).toBe(503);
  const live = await fetch(`${h.svc.url}/health/live`);
  expect(live.status).toBe(200);
});
