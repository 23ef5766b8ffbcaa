// Review finding: the CU's answer was decoded with Buffer.toString('utf8') (post-xml.ts) before the
// guard, which replaces every invalid byte with U+FFFD: the guard's strict UTF-8 check and its refusal of
// UTF-16/32 byte order marks only apply to bytes, so an Ack that is not UTF-8 was read (and counted as
// a delivery) where the same bytes on an inbound route are refused.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAck, guardXml } from '../../../src/bbps';
import { DEFAULT_XML_LIMITS } from '../../../src/bbps/limits';
import { createDeliver, DeliveryFailed } from '../../../src/jobs/callback-sender';

let answer: Buffer = Buffer.alloc(0);
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
