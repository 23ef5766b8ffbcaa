// Structural limits and size before work (design §7), at the largest body limit the adapter accepts:
// each hostile body is refused with a Failure Ack naming its limit, quickly, and changes nothing; a
// body announced or streamed past BBPS_MAX_BODY_BYTES gets 413 before the rest of it is read.
import { attr, paymentXml } from '../support/messages';
import { startHarness, type Harness } from '../support/harness';
import { rawExchange } from '../support/raw-http';

const MAX = 10 * 1024 * 1024; // the largest BBPS_MAX_BODY_BYTES env.ts accepts
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { BBPS_MAX_BODY_BYTES: String(MAX) } });
});
afterAll(() => h.stop());

const PT = 'PBMC00000PUN01';
const params = { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' };
const good = paymentXml({ billerId: PT, params, amountPaise: 150000, refId: 'LIMITSREF000000000000000000000000001', txnReferenceId: 'LIMITSTXN00000000001' });
const atHead = (extra: string) => good.replace('<Head', `${extra}<Head`);

const cases: Array<[string, string, string]> = [
  ['100,000 attributes on Head', good.replace('<Head ', `<Head ${Array.from({ length: 100_000 }, (_, i) => `a${i}="x"`).join(' ')} `), 'TOO_MANY_ATTRIBUTES'],
  ['33 attributes on one element', good.replace('<Head ', `<Head ${Array.from({ length: 33 }, (_, i) => `a${i}="x"`).join(' ')} `), 'TOO_MANY_ATTRIBUTES'],
  ['100,000 Tag elements', good.replace('<CustomerParams>', `<CustomerParams>${'<Tag name="P" value="x"/>'.repeat(100_000)}`), 'TOO_MANY_ELEMENTS'],
  ['nesting 100,000 deep', atHead(`${'<d>'.repeat(100_000)}${'</d>'.repeat(100_000)}`), 'XML_TOO_DEEP'],
  ['nesting 40 deep', atHead(`${'<d>'.repeat(40)}${'</d>'.repeat(40)}`), 'XML_TOO_DEEP'],
  ['one 9 MB value', good.replace('value="Amritsar"', `value="${'A'.repeat(9_000_000)}"`), 'VALUE_TOO_LONG'],
  ['1,000,000 &#65; in one value (the reference count is passed first)', good.replace('value="Amritsar"', `value="${'&#65;'.repeat(1_000_000)}"`), 'TOO_MANY_REFERENCES'],
  ['a value of 20,400 characters written mostly as references, under the reference count', good.replace('value="Amritsar"', `value="${'&#65;'.repeat(4000)}${'A'.repeat(400)}"`), 'VALUE_TOO_LONG'],
  ['references spread over 500 short values', atHead(`<x>${'<y>&#65;&#65;&#65;&#65;&#65;&#65;&#65;&#65;&#65;&#65;</y>'.repeat(500)}</x>`), 'TOO_MANY_REFERENCES'],
  ['5,000 references in one short text', atHead(`<x>${'&#65;'.repeat(5000)}</x>`), 'TOO_MANY_REFERENCES'],
  ['200,000 empty CDATA sections (each a node the parsers build)', atHead('<![CDATA[]]>'.repeat(200_000)), 'TOO_MANY_ELEMENTS'],
  ['500,000 empty comments', atHead('<!---->'.repeat(500_000)), 'TOO_MANY_ELEMENTS'],
  ['one value of 9 MB split into CDATA sections', atHead(`<x>${`<![CDATA[${'A'.repeat(9000)}]]>`.repeat(1000)}</x>`), 'VALUE_TOO_LONG'],
];

test.each(cases)('%s → refused naming its limit, quickly, nothing changed', async (_name, body, code) => {
  expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX);
  const creates = h.sandbox.stats().createCalls;
  const started = process.hrtime.bigint();
  const res = await h.post('/bbps/sync/BillPaymentRequest', body);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  expect(res.status).toBe(400);
  expect(attr(res.body, 'Ack', 'RspCd')).toBe('Failure');
  expect(res.body).toContain(`<errorCd>${code}</errorCd>`);
  expect(h.sandbox.stats().createCalls).toBe(creates);
  expect(await h.svc.ledger.getPayment('LIMITSTXN00000000001')).toBeUndefined();
  // a coarse wall-clock bound only (transfer of up to 10 MB over loopback included; measured ≈ 20–60 ms
  // alone, ≈ 2 s with the box's two cores loaded twenty-fold): it catches a refusal that degenerates into
  // the seconds of a full parse. The CPU and memory of a refusal are bounded in hostile.test.ts.
  expect(ms).toBeLessThan(6000);
});

test('a Content-Length over the limit is refused with 413 before the body is sent', async () => {
  const head = `POST /bbps/sync/BillPaymentRequest HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: ${MAX * 10}\r\n\r\n`;
  const { answer, sentAfterHead } = await rawExchange(h.svc.url, head, { first: 'x'.repeat(1024) });
  expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  expect(sentAfterHead).toBe(1024); // nothing more was ever sent: the answer did not wait for the body
});

test('a chunked body is cut off with 413 soon after it passes the limit', async () => {
  const head = 'POST /bbps/sync/BillPaymentRequest HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n';
  const chunk = 'x'.repeat(256 * 1024);
  const frame = `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  const { answer, sentAfterHead } = await rawExchange(h.svc.url, head, { first: frame, more: () => frame });
  expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  // kept sending until the answer came: it came within a few chunks past the 10 MiB limit
  expect(sentAfterHead).toBeLessThan(MAX + 40 * frame.length);
});

test('after all that, the good request is paid', async () => {
  const res = await h.post('/bbps/sync/BillPaymentRequest', good);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
});
