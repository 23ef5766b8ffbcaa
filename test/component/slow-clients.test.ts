// Slow and lying clients (design §7, docs/hostile-input.md "Slow clients"): headers or a body trickled
// (slow-loris), a Content-Length longer than what is sent, and one shorter. The server answers 408 and
// closes the connection once HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS pass (set small here, so
// every case ends within a few seconds); a short Content-Length cuts the body, which is then refused.
// A head too large to be a request is refused too. Nothing reaches DIGIT or is stored as accepted, and
// the server goes on serving.
import { attr, paymentXml } from '../support/messages';
import { startHarness, type Harness } from '../support/harness';
import { postHead, rawExchange, statusOf } from '../support/raw-http';

const HEADERS_MS = 400;
const REQUEST_MS = 800;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS) } });
});
afterAll(() => h.stop());

const PT = 'PBMC00000PUN01';
const PARAMS = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
const TXN = 'SLOWCLIENTTXN0000001';
const good = paymentXml({ billerId: PT, params: PARAMS, amountPaise: 150000, refId: 'SLOWCLIENTREF000000000000000000000001', txnReferenceId: TXN });
const PATH = '/bbps/sync/BillPaymentRequest';
const digitWork = () => h.sandbox.receivedCalls().filter((c) => c.route !== 'login').length;
// coarse: the timeouts are checked every HEADERS_MS / 10; a loaded machine is slow, a hung socket is not
const GIVE_UP_MS = 8000;

async function expectNothingDone(digit: number) {
  expect(digitWork()).toBe(digit);
  expect(await h.svc.ledger.getPayment(TXN)).toBeUndefined();
  const accepted = (await h.svc.ledger.findMessages({ refId: 'SLOWCLIENTREF000000000000000000000001', direction: 'IN' })).filter((m) => m.outcome === 'ACCEPTED');
  expect(accepted).toEqual([]);
}

test('headers trickled one line at a time (slow-loris) → 408 and the connection closed', async () => {
  const digit = digitWork();
  let n = 0;
  const started = Date.now();
  const r = await rawExchange(h.svc.url, `POST ${PATH} HTTP/1.1\r\nHost: x\r\n`, { more: () => `X-Slow-${n++}: y\r\n`, everyMs: 50, untilClosed: true, giveUpMs: GIVE_UP_MS });
  expect(statusOf(r.answer)).toBe(408);
  expect(r.closedByServer).toBe(true);
  expect(Date.now() - started).toBeGreaterThanOrEqual(HEADERS_MS - 50); // not refused before its time
  await expectNothingDone(digit);
});

test('a body trickled a byte at a time (slow-loris) → 408 and the connection closed', async () => {
  const digit = digitWork();
  let at = 0;
  const r = await rawExchange(h.svc.url, postHead(PATH, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(good) }), {
    more: () => good[at++], everyMs: 20, untilClosed: true, giveUpMs: GIVE_UP_MS,
  });
  expect(statusOf(r.answer)).toBe(408);
  expect(r.closedByServer).toBe(true);
  expect(r.sentAfterHead).toBeLessThan(Buffer.byteLength(good));
  await expectNothingDone(digit);
});

test('a Content-Length longer than the body sent, then silence → 408 and the connection closed; nothing paid', async () => {
  const digit = digitWork();
  const r = await rawExchange(h.svc.url, postHead(PATH, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(good) + 100 }), {
    first: good, untilClosed: true, giveUpMs: GIVE_UP_MS,
  });
  expect(statusOf(r.answer)).toBe(408);
  expect(r.closedByServer).toBe(true);
  await expectNothingDone(digit);
});

test('a Content-Length shorter than the body sent → the body is cut there and refused, the rest is no request: 400, closed; nothing paid', async () => {
  const digit = digitWork();
  const r = await rawExchange(h.svc.url, postHead(PATH, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(good) - 40 }), {
    first: good, untilClosed: true, giveUpMs: GIVE_UP_MS,
  });
  // the 40 bytes left over are read as the next request: Node's HTTP parser refuses them (400) and closes
  // the connection at once, so the cut document's own Failure Ack may never be written
  expect(statusOf(r.answer)).toBe(400);
  expect(r.closedByServer).toBe(true);
  await expectNothingDone(digit);
});

test.each([
  ['two different Content-Length headers', { 'Content-Length': 10 }, `Content-Length: ${Buffer.byteLength(good)}\r\n`],
  ['Content-Length beside Transfer-Encoding: chunked (request smuggling)', { 'Content-Length': Buffer.byteLength(good) }, 'Transfer-Encoding: chunked\r\n'],
  ['a Content-Length that is not a number', { 'Content-Length': '12abc' }, ''],
])('%s → 400 from Node and the connection closed; nothing read', async (_name, headers, extra) => {
  const digit = digitWork();
  const head = postHead(PATH, { 'Content-Type': 'application/xml', ...headers }).replace(/\r\n\r\n$/, `\r\n${extra}\r\n`);
  const r = await rawExchange(h.svc.url, head, { first: good, untilClosed: true, giveUpMs: GIVE_UP_MS });
  expect(r.answer.match(/HTTP\/1\.1 \d{3} /g)).toEqual(['HTTP/1.1 400 ']);
  expect(r.closedByServer).toBe(true);
  await expectNothingDone(digit);
});

test('a head of 100 KB of headers → 431 and the connection closed (Node\'s 16 KiB header limit), nothing read', async () => {
  const digit = digitWork();
  const flood = Array.from({ length: 1000 }, (_, i) => `X-Flood-${i}: ${'y'.repeat(90)}`).join('\r\n');
  const r = await rawExchange(h.svc.url, `POST ${PATH} HTTP/1.1\r\nHost: x\r\n${flood}\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(good)}\r\n\r\n`, {
    first: good, untilClosed: true, giveUpMs: GIVE_UP_MS,
  });
  expect(statusOf(r.answer)).toBe(431);
  expect(r.closedByServer).toBe(true);
  await expectNothingDone(digit);
});

test('after the slow clients, the server still serves: the same payment sent properly is paid', async () => {
  const res = await h.post(PATH, good);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
});
