// An async request accepted under raised body limits gets its answer: the route reads the body with
// BBPS_MAX_BODY_BYTES and the configured structural limits, Acks it and stores it as a work item; the
// work is read again whole (jobs/build-answer.ts). Found by the cold review: it was re-read with the
// default 256 KiB and default limits, refused on every retry and parked, the CU never answered.
import { fetchXml, newId } from '../../support/messages';
import { startNetwork, type Network } from './network-harness';

let n: Network;
beforeAll(async () => {
  n = await startNetwork({ signed: false, env: { BBPS_MAX_BODY_BYTES: String(1024 * 1024) } });
});
afterAll(async () => n?.stop());

test('a 300 KB fetch accepted under BBPS_MAX_BODY_BYTES=1 MiB gets its BillFetchResponse callback', async () => {
  const refId = newId();
  const padding = Array.from({ length: 20 }, () => `<Pad v="${'x'.repeat(15_000)}"/>`).join('');
  const body = fetchXml({ refId, billerId: 'PBMC00000PUN01', params: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' } })
    .replace('<BillDetails>', `${padding}<BillDetails>`);
  expect(Buffer.byteLength(body)).toBeGreaterThan(262144);
  const res = await n.h.post(`/bbps/BillFetchRequest/1.0/urn:referenceId:${refId}`, body);
  expect(res.status).toBe(200);
  expect(res.body).toContain('Successful'); // accepted: the CU now waits for the response callback
  const cb = await n.cu.waitFor('BillFetchResponse', refId).catch(async (e: unknown) => {
    // shows why: the work item's last error
    const work = await n.h.svc.ledger.getOutbox(`work:BillFetchRequest:${refId}`);
    throw new Error(`${String(e)}; work item: ${work?.state} ${work?.lastError}`);
  });
  expect(cb.message?.reason.responseCode).toBe('000');
}, 20_000);
