// Callbacks the CU does not acknowledge are retried (503s, timeouts, dropped connections, Failure Acks)
// until it does; after BBPS_CALLBACK_PARK_AFTER_MS they are parked and listed for operators.
import { retryDelayMs } from '../../../src/jobs/backoff';
import { opsAuth } from '../../support/harness';
import { eventually, startNetwork, type Network } from './network-harness';

const WATER = 'AMRW00000PUN01';
const PARAMS = { 'Connection Number': 'WS/107/2023-24/000045' };
let n: Network;

beforeAll(async () => {
  n = await startNetwork({ env: { BBPS_CALLBACK_PARK_AFTER_MS: '3000', BBPS_CALLBACK_TIMEOUT_MS: '500' } });
});
afterAll(async () => {
  await n.stop();
});
afterEach(() => n.cu.behave());

type Listing = { items: Array<{ id: string } & Record<string, unknown>> };
const listOutbox = async (state: string) => (await (await fetch(`${n.h.svc.url}/ops/outbox?state=${state}`, { headers: opsAuth(n.h.svc) })).json()) as Listing;
const attempts = (refId: string) => n.cu.received.filter((r) => r.refId === refId).map((r) => r.answer);

test('two 503s, then delivered', async () => {
  n.cu.misbehave({ mode: 'error', status: 503, times: 2 });
  const sent = await n.cu.fetch({ billerId: WATER, params: PARAMS });
  await n.cu.waitFor('BillFetchResponse', sent.refId);
  expect(attempts(sent.refId)).toEqual(['error', 'error', 'ack']);
});

test('a timeout (slow Ack), a dropped connection, a Failure Ack, then delivered', async () => {
  n.cu.misbehave({ mode: 'slow', delayMs: 900, times: 1 });
  const sent = await n.cu.fetch({ billerId: WATER, params: PARAMS });
  await eventually(() => attempts(sent.refId), (a) => a.length === 1);
  n.cu.misbehave({ mode: 'drop', times: 1 });
  await eventually(() => attempts(sent.refId), (a) => a.length === 2);
  n.cu.misbehave({ mode: 'failure', times: 1 });
  await n.cu.waitFor('BillFetchResponse', sent.refId);
  expect(attempts(sent.refId)).toEqual(['slow', 'drop', 'failure', 'ack']);
  const item = await eventually(() => n.h.svc.ledger.getOutbox(`cb:BillFetchRequest:${sent.refId}`), (i) => i?.state === 'SENT');
  expect(item?.attempts).toBe(4);
});

test('a CU that never acknowledges: parked, listed at /ops/outbox, re-sent when the request is repeated', async () => {
  n.cu.misbehave({ mode: 'error', status: 503 });
  const sent = await n.cu.fetch({ billerId: WATER, params: PARAMS });
  const id = `cb:BillFetchRequest:${sent.refId}`;
  const parked = await eventually(() => n.h.svc.ledger.getOutbox(id), (i) => i?.state === 'PARKED', 8000);
  expect(parked?.lastError).toMatch(/503/);
  const listing = await listOutbox('PARKED');
  expect(listing.items).toContainEqual({
    id, refId: sent.refId, api: 'BillFetchResponse', url: parked!.url, state: 'PARKED', attempts: parked!.attempts,
    createdAt: parked!.createdAt, updatedAt: parked!.updatedAt, lastError: parked!.lastError,
  });

  n.cu.behave();
  const again = await n.cu.fetch({ billerId: WATER, params: PARAMS, refId: sent.refId });
  expect(again.ack?.ok).toBe(true);
  await n.cu.waitFor('BillFetchResponse', sent.refId);
  await eventually(() => n.h.svc.ledger.getOutbox(id), (i) => i?.state === 'SENT');
  expect((await listOutbox('PARKED')).items.map((i) => i.id)).not.toContain(id);
  expect((await listOutbox('SENT')).items.map((i) => i.id)).toContain(id);
}, 15000);

test('backoff doubles from BBPS_CALLBACK_RETRY_MS with jitter, capped at 5 minutes', () => {
  expect(retryDelayMs(0, 2000, () => 0.5)).toBe(2000);
  expect(retryDelayMs(3, 2000, () => 0.5)).toBe(16000);
  expect(retryDelayMs(0, 2000, () => 0)).toBe(1500);
  expect(retryDelayMs(0, 2000, () => 1)).toBe(2500);
  expect(retryDelayMs(30, 2000, () => 1)).toBe(300000);
});
