// The CU's answer to a callback is read like any inbound BBPS body: the structural limits come before
// the signature's DOM and the parser, so a hostile CU costs a refusal, not a parse. Its bytes are read
// strictly, and nothing may follow a self-closing Ack (both review findings: a non-UTF-8 Ack, and a
// Successful Ack followed by text, each counted as a delivery).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAck, guardXml } from '../../../src/bbps';
import { DEFAULT_XML_LIMITS } from '../../../src/bbps/limits';
import { parseStrict } from '../../../src/bbps/signature/dom';
import { createDeliver, DeliveryFailed } from '../../../src/jobs/callback-sender';

let answer: string | Buffer = '';
let server: http.Server;
let url = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/xml' }).end(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
});
afterAll(() => new Promise((r) => server.close(r)));

const ack = buildAck({ api: 'FETCH_RESPONSE', refId: 'REF0001', ok: true, ts: Date.UTC(2026, 11, 3) });
/** the Ack with `inner` as its content (buildAck writes it as an empty element) */
const ackWith = (inner: string) => ack.replace(/\/>$/, `>${inner}</ns2:Ack>`);

test('a Successful Ack is a delivery', async () => {
  answer = ack;
  const deliver = createDeliver({ timeoutMs: 2000, limits: DEFAULT_XML_LIMITS });
  await expect(deliver(url, '<x/>')).resolves.toMatchObject({ ok: true, refId: 'REF0001' });
});

test.each([
  ['nested 10,000 deep', ackWith(`${'<d>'.repeat(10_000)}${'</d>'.repeat(10_000)}<Signature/>`), /deep|depth/i],
  ['40 attributes on one element', ackWith('<Signature/>').replace('<ns2:Ack ', `<ns2:Ack ${Array.from({ length: 40 }, (_, i) => `a${i}="x"`).join(' ')} `), /attributes/i],
  ['a DOCTYPE', `<!DOCTYPE a [<!ENTITY x "y">]>${ackWith('<Signature/>').replace(/^<\?xml[^>]*>/, '')}`, /DOCTYPE/],
])('an answer %s is refused before the signature is looked at', async (_name, body, why) => {
  answer = body;
  expect(answer).toContain('<Signature/>');
  let verified = 0;
  const deliver = createDeliver({ timeoutMs: 2000, limits: DEFAULT_XML_LIMITS, verifier: () => { verified++; return { ok: true, xml: answer } as never; } });
  const failure = await deliver(url, '<x/>').then(() => undefined, (e: unknown) => e);
  expect(failure).toBeInstanceOf(DeliveryFailed);
  expect((failure as Error).message).toMatch(/refused/);
  expect((failure as Error).message).toMatch(why);
  expect(verified).toBe(0);
});

test('an Ack with a byte that is not UTF-8 is refused, as the guard refuses those bytes inbound', async () => {
  const [head, tail] = ack.split('REF0001');
  answer = Buffer.concat([Buffer.from(`${head}REF`, 'utf8'), Buffer.from([0xe9]), Buffer.from(`0001${tail}`, 'utf8')]); // Latin-1 é
  expect(() => guardXml(answer)).toThrow(/UTF-8/);
  const deliver = createDeliver({ timeoutMs: 2000, limits: DEFAULT_XML_LIMITS });
  const failure = await deliver(url, '<x/>').then(() => undefined, (e: unknown) => e);
  expect(failure).toBeInstanceOf(DeliveryFailed);
  expect((failure as Error).message).toMatch(/UTF-8/);
});

test('a UTF-8 Ack (with a BOM) is a delivery', async () => {
  answer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ack, 'utf8')]);
  const deliver = createDeliver({ timeoutMs: 2000, limits: DEFAULT_XML_LIMITS });
  await expect(deliver(url, '<x/>')).resolves.toMatchObject({ ok: true, refId: 'REF0001' });
});

test('a Successful Ack followed by text is not a delivery', async () => {
  answer = `${ack}RspCd="Failure" <html>busy</html>`.replace('<html>busy</html>', 'busy');
  const deliver = createDeliver({ timeoutMs: 2000, limits: DEFAULT_XML_LIMITS });
  await expect(deliver(url, '<x/>')).rejects.toBeInstanceOf(DeliveryFailed);
});

test('the same Ack alone (and with a trailing newline) is a delivery', async () => {
  const deliver = createDeliver({ timeoutMs: 2000, limits: DEFAULT_XML_LIMITS });
  answer = `${ack}\r\n`;
  await expect(deliver(url, '<x/>')).resolves.toMatchObject({ ok: true });
});

// A signed Ack is read only where the codec reads what the signature covered (parseVerified, as on the
// inbound routes): a verifier's DOM saying Failure under bytes the codec reads as Successful is refused.
test('a signed Ack that the signature DOM and the codec read differently is not a delivery', async () => {
  answer = ackWith('<Signature/>');
  const signed = parseStrict(answer.replace('RspCd="Successful"', 'RspCd="Failure"'));
  const sig = signed.getElementsByTagName('Signature')[0];
  const deliver = createDeliver({ timeoutMs: 2000, limits: DEFAULT_XML_LIMITS, verifier: (xml) => ({ ok: true, xml, doc: signed, signature: sig }) });
  const failure = await deliver(url, '<x/>').then(() => undefined, (e: unknown) => e);
  expect(failure).toBeInstanceOf(DeliveryFailed);
  expect((failure as Error).message).toMatch(/PARSER_DIFFERENTIAL/);
});
