// What the async routes refuse before they Ack: bad signatures (G27), a reused refId, an unknown biller,
// and nothing of it leaves work behind.
import { cuRequests, cuSign } from '../../../src/simulators/bbps-cu';
import { newKeyPair, startNetwork, type Network } from './network-harness';
import { independentlyVerified } from './verify-independently';

const PT = 'PBMC00000PUN01';
const PARAMS: Array<[string, string]> = [['City', 'Amritsar'], ['Property ID', 'PB-PT-2023-04-12-000456']];
let n: Network;

beforeAll(async () => {
  n = await startNetwork();
});
afterAll(async () => {
  await n.stop();
});

const fetchDoc = (refId: string) => cuRequests.fetchRequest({ refId, msgId: cuRequests.cuId(), billerId: PT, params: PARAMS, origInst: 'BBCU' });
const url = (refId: string, api = 'BillFetchRequest') => `${n.h.svc.url}/bbps/${api}/1.0/urn:referenceId:${refId}`;

async function expectG27(body: string, refId: string, urlRefId = refId) {
  const sent = await n.cu.post(url(urlRefId), body, refId);
  expect(sent.status).toBe(400);
  expect(sent.ack).toMatchObject({ rspCd: 'Failure', errors: [{ code: 'G27', detail: 'SIGNATURE-MISMATCH' }] });
  // nothing accepted: no work item under either refId
  expect(await n.h.svc.ledger.getOutbox(`work:BillFetchRequest:${refId}`)).toBeUndefined();
  expect(await n.h.svc.ledger.getOutbox(`work:BillFetchRequest:${urlRefId}`)).toBeUndefined();
}

test('tampered content after signing → G27', async () => {
  const refId = cuRequests.cuId();
  const signed = cuSign(fetchDoc(refId), n.cuKeys.privatePem);
  await expectG27(signed.replace('PB-PT-2023-04-12-000456', 'PB-PT-2023-04-12-000457'), refId);
});

test('signed with another key (its own KeyInfo is not trusted) → G27', async () => {
  const refId = cuRequests.cuId();
  await expectG27(cuSign(fetchDoc(refId), newKeyPair().privatePem), refId);
});

test('a validly signed message replayed under another URL refId → G27', async () => {
  const refId = cuRequests.cuId();
  await expectG27(cuSign(fetchDoc(refId), n.cuKeys.privatePem), refId, cuRequests.cuId());
});

test('the URL refId is decoded once: the signed refId with one character written %25XX is another refId → G27', async () => {
  const refId = cuRequests.cuId();
  const twice = `${refId.slice(0, -1)}%25${refId.charCodeAt(refId.length - 1).toString(16).toUpperCase()}`;
  await expectG27(cuSign(fetchDoc(refId), n.cuKeys.privatePem), refId, twice);
});

test('unsigned while a CU key is pinned → G27', async () => {
  const refId = cuRequests.cuId();
  await expectG27(fetchDoc(refId), refId);
});

test('a comment slipped into signed content, a second Signature → G27', async () => {
  const refId = cuRequests.cuId();
  const signed = cuSign(fetchDoc(refId), n.cuKeys.privatePem);
  await expectG27(signed.replace('PB-PT-2023-04-12-000456', 'PB-PT-2023-04-12-<!---->000456'), refId);
  const sig = signed.slice(signed.indexOf('<Signature'), signed.indexOf('</Signature>') + '</Signature>'.length);
  await expectG27(signed.replace('</ns2:BillFetchRequest>', `${sig}</ns2:BillFetchRequest>`), refId);
});

test('same refId and content again: Acked again and the stored answer re-sent, no new DIGIT work', async () => {
  const refId = cuRequests.cuId();
  const doc = fetchDoc(refId);
  const first = await n.cu.send('BillFetchRequest', refId, doc);
  expect(first.ack?.ok).toBe(true);
  await n.cu.waitFor('BillFetchResponse', refId);
  const reads = n.h.sandbox.stats();
  const again = await n.cu.send('BillFetchRequest', refId, doc);
  expect(again.ack?.ok).toBe(true);
  const both = await n.cu.waitForCount((r) => r.api === 'BillFetchResponse' && r.refId === refId && r.answer === 'ack', 2);
  expect(both[1]?.body).toBe(both[0]?.body);
  expect(n.h.sandbox.stats()).toEqual(reads);
});

test('same refId and type, different content → DUPLICATE_REFID; a payment may reuse the fetch refId', async () => {
  const refId = cuRequests.cuId();
  expect((await n.cu.send('BillFetchRequest', refId, fetchDoc(refId))).ack?.ok).toBe(true);
  const other = cuRequests.fetchRequest({ refId, msgId: cuRequests.cuId(), billerId: PT, params: [['City', 'Jalandhar'], ['Property ID', 'PB-PT-2023-05-01-000101']], origInst: 'BBCU' });
  const dup = await n.cu.send('BillFetchRequest', refId, other);
  expect(dup.status).toBe(400);
  expect(dup.ack?.errors[0]?.code).toBe('DUPLICATE_REFID');
  await n.cu.waitFor('BillFetchResponse', refId);
  const paid = await n.cu.pay({ billerId: PT, params: Object.fromEntries(PARAMS), refId, amountPaise: 150000 });
  expect(paid.ack?.ok).toBe(true);
  await n.cu.waitFor('BillPaymentResponse', refId);
});

test('unknown biller, wrong root for the route, bad XML → 400 Failure Ack naming the error', async () => {
  const refId = cuRequests.cuId();
  const unknown = cuRequests.fetchRequest({ refId, msgId: cuRequests.cuId(), billerId: 'NOPE00000XXX01', params: PARAMS, origInst: 'BBCU' });
  expect((await n.cu.send('BillFetchRequest', refId, unknown)).ack?.errors[0]?.code).toBe('INVALID_BILLER');
  const wrongRoute = await n.cu.send('TxnStatusRequest', refId, fetchDoc(refId));
  expect(wrongRoute.status).toBe(400);
  expect(wrongRoute.ack?.errors[0]?.code).toBe('REQUEST_INVALID');
  const notXml = await n.cu.post(url(refId), 'hello');
  expect(notXml.status).toBe(400);
});

test('the sync routes verify and sign too when keys are configured', async () => {
  const refId = cuRequests.cuId();
  const unsigned = await n.h.post('/bbps/sync/BillFetchRequest', fetchDoc(refId));
  expect(unsigned.status).toBe(400);
  expect(unsigned.body).toContain('<errorCd>G27</errorCd>');
  expect(independentlyVerified(unsigned.body, n.adapterKeys.publicPem)).toBe(true);
  const ok = await n.h.post('/bbps/sync/BillFetchRequest', cuSign(fetchDoc(refId), n.cuKeys.privatePem));
  expect(ok.status).toBe(200);
  expect(ok.body).toContain('<ns2:BillFetchResponse'); // an answer, not an Ack (the bill was paid above: BFR004)
  expect(independentlyVerified(ok.body, n.adapterKeys.publicPem)).toBe(true);
});
