// Review finding (with test/unit/bbps/trailing-space.test.ts): a CU answer of a Successful Ack followed
// by anything at all (here a second, Failure Ack's attributes as text) was counted as a delivery: after the
// self-closing root neither the guard, XMLValidator nor the parser looked.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAck } from '../../../src/bbps';
import { DEFAULT_XML_LIMITS } from '../../../src/bbps/limits';
import { createDeliver, DeliveryFailed } from '../../../src/jobs/callback-sender';

let answer = '';
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
