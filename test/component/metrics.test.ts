// GET /metrics: Prometheus text with the exchanges answered, the unresolved payments and DIGIT's state.
import request from 'supertest';
import { fetchXml, paymentXml } from '../support/messages';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

test('counts answered exchanges by api, outcome and status; reads ledger gauges on scrape', async () => {
  const params = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
  await h.post('/bbps/sync/BillFetchRequest', fetchXml({ billerId: 'PBMC00000PUN01', params }));
  await h.post('/bbps/sync/BillFetchRequest', fetchXml({ billerId: 'PBMC00000PUN01', params: { City: 'Amritsar' } }));
  await h.post('/bbps/sync/BillPaymentRequest', paymentXml({ billerId: 'PBMC00000PUN01', params, amountPaise: 150050 }));
  await h.post('/bbps/sync/BillPaymentRequest', 'not xml');

  const res = await request(h.svc.url).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  expect(res.text).toContain('bbps_messages_total{api="BillFetchRequest",outcome="000",status="200"} 1');
  expect(res.text).toContain('bbps_messages_total{api="BillFetchRequest",outcome="BFR002",status="200"} 1');
  expect(res.text).toContain('bbps_messages_total{api="BillPaymentRequest",outcome="BPR011",status="200"} 1');
  expect(res.text).toContain('bbps_messages_total{api="BillPaymentRequest",outcome="REJECTED:REQUEST_INVALID",status="400"} 1');
  expect(res.text).toMatch(/bbps_request_duration_seconds_count\{api="BillFetchRequest"\} 2/);
  expect(res.text).toContain('ledger_payments_unresolved 0');
  expect(res.text).toContain('digit_ready 1');
  expect(res.text).toContain('process_cpu_user_seconds_total');
});
