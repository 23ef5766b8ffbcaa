// Size before work on the JSON API (docs/json-api.md): bodies are read within 64 KiB like the BBPS bodies
// within BBPS_MAX_BODY_BYTES. A Content-Length over it gets 413 before the body is read, a chunked body
// 413 as soon as it passes it, and a 10 MB body 413 (never 400); the connection is closed after the
// answer, so the rest is never read. Nothing is fetched or paid.
import { postHead, rawExchange, statusOf } from '../../support/raw-http';
import { PT, startApiHarness, type ApiHarness } from './api-harness';

const LIMIT = 65_536;
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.stop());

const ROUTES = ['/api/v1/bills/fetch', '/api/v1/payments'];
const auth = () => ({ Authorization: `Bearer ${h.clients['agent-01'].key}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'size-before-work-0001' });
const digitWork = () => h.sandbox.receivedCalls().filter((c) => c.route !== 'login').length;

test.each(ROUTES)('%s: a Content-Length over 64 KiB → 413 problem before the body is sent, connection closed', async (path) => {
  const digit = digitWork();
  const { answer, sentAfterHead } = await rawExchange(h.svc.url, postHead(path, { ...auth(), 'Content-Length': 10 * 1024 * 1024 }), { first: '{"billerId":' });
  expect(statusOf(answer)).toBe(413);
  expect(answer).toMatch(/\r\nConnection: close\r\n/i);
  expect(answer).toContain('application/problem+json');
  expect(sentAfterHead).toBe('{"billerId":'.length);
  expect(digitWork()).toBe(digit);
});

test.each(ROUTES)('%s: a chunked body is cut off with 413 soon after it passes 64 KiB', async (path) => {
  const chunk = ' '.repeat(4096);
  const frame = `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  const { answer, sentAfterHead } = await rawExchange(h.svc.url, postHead(path, { ...auth(), 'Transfer-Encoding': 'chunked' }), { first: frame, more: () => frame });
  expect(statusOf(answer)).toBe(413);
  expect(answer).toContain('"PAYLOAD_TOO_LARGE"');
  expect(sentAfterHead).toBeLessThan(LIMIT + 40 * frame.length);
});

test.each(ROUTES)('%s: a 10 MB JSON body sent whole → 413, not 400', async (path) => {
  const paid = await h.svc.ledger.successTotals();
  const body = JSON.stringify({ billerId: PT, customerParams: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456', pad: 'x'.repeat(10 * 1024 * 1024) } });
  const res = await h.post(h.clients['agent-01'].key, path, body, { 'Idempotency-Key': 'size-before-work-0002' });
  expect(res.status).toBe(413);
  expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  expect(await h.svc.ledger.successTotals()).toEqual(paid);
});

test('a client without a key sending a huge body gets 401 at once and its connection closed: the body is never read', async () => {
  const head = postHead('/api/v1/payments', { 'Content-Type': 'application/json', 'Content-Length': 1024 * 1024 * 1024 });
  const { answer, sentAfterHead, closedByServer } = await rawExchange(h.svc.url, head, { first: '{', untilClosed: true });
  expect(statusOf(answer)).toBe(401);
  expect(closedByServer).toBe(true);
  expect(sentAfterHead).toBe(1);
});

test('on the BBPS routes too: an answer given before the body is read (no such route) closes the connection (HTTP_REQUEST_TIMEOUT_MS is 30 s here)', async () => {
  const r = await rawExchange(h.svc.url, postHead('/bbps/NoSuchRequest/1.0/urn:referenceId:X', { 'Content-Type': 'application/xml', 'Content-Length': 1024 ** 3 }), { first: '<', untilClosed: true });
  expect(statusOf(r.answer)).toBe(404);
  expect(r.closedByServer).toBe(true);
  expect(r.sentAfterHead).toBe(1);
});

test('a request whose body was read keeps its connection: two fetches on one connection are both answered', async () => {
  const body = JSON.stringify({ billerId: PT, customerParams: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' } });
  const one = postHead('/api/v1/bills/fetch', { ...auth(), 'Content-Length': Buffer.byteLength(body) }) + body;
  // the same request twice, the second pipelined right behind the first
  const r = await rawExchange(h.svc.url, one, { first: one, done: (a) => (a.match(/"fetchId"/g) ?? []).length === 2 });
  expect(r.answer.match(/HTTP\/1\.1 \d{3} /g)).toEqual(['HTTP/1.1 200 ', 'HTTP/1.1 200 ']);
  expect(r.answer).not.toMatch(/Connection: close/i);
});

test('after all that, a fetch still works', async () => {
  const res = await h.post(h.clients['agent-01'].key, '/api/v1/bills/fetch', { billerId: PT, customerParams: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' } });
  expect(res.status).toBe(200);
  expect(res.body.bills.length).toBeGreaterThan(0);
});
