// Heartbeats to the CU and its ResDiagnostic back; the IP allow-list; async routes without a CU URL.
import { compileAllowList } from '../../../src/http/ip-allow';
import { cuRequests, cuSign } from '../../../src/simulators/bbps-cu';
import { startHarness } from '../../support/harness';
import { eventually, newKeyPair, startNetwork } from './network-harness';

test('heartbeats: signed ReqDiagnostic every BBPS_HEARTBEAT_MS; the ResDiagnostic is verified, recorded and Acked', async () => {
  const n = await startNetwork({ env: { BBPS_HEARTBEAT_MS: '100' } });
  try {
    const beats = await n.cu.waitForCount((r) => r.api === 'ReqHbt' && r.answer === 'ack', 2, 3000);
    expect(beats.every((b) => b.verified === true)).toBe(true);
    expect(beats[0]?.body).toMatch(/<ns2:ReqDiagnostic xmlns:ns2="http:\/\/bbps.org\/schema"><Head ver="1.0" ts="[^"]+" origInst="XX01" refId="[A-Z0-9]{35}"\/><Signature/);
    const refId = beats[0]?.refId as string;
    const inbound = await eventually(() => n.h.svc.ledger.findMessages({ refId, api: 'ResDiagnostic', direction: 'IN' }), (m) => m.length === 1);
    expect(inbound[0]?.outcome).toBe('OK');
    const ours = await n.h.svc.ledger.findMessages({ refId, api: 'ReqDiagnostic' });
    expect(ours[0]?.outcome).toBe('ACKED');

    // a ResDiagnostic signed by someone else is refused
    const forged = cuSign(cuRequests.resDiagnostic(refId, 'BBCU'), newKeyPair().privatePem);
    const res = await n.cu.post(`${n.h.svc.url}/bbps/ResDiagnostic/1.0/urn:referenceId:${refId}`, forged);
    expect(res.status).toBe(400);
    expect(res.ack).toMatchObject({ api: 'DIAGNOSTIC_RESPONSE', rspCd: 'Failure', errors: [{ code: 'G27' }] });
  } finally {
    await n.stop();
  }
});

test('BBPS_ALLOWED_IPS: other addresses get 403 on every /bbps route; listed ones pass', async () => {
  const n = await startNetwork({ env: { BBPS_ALLOWED_IPS: '10.0.0.0/8, 2001:db8::/32' } });
  try {
    const sent = await n.cu.fetch({ billerId: 'AMRW00000PUN01', params: { 'Connection Number': 'WS/107/2023-24/000045' } });
    expect(sent.status).toBe(403);
    expect(sent.ack?.errors[0]?.code).toBe('ACCESS_DENIED');
    const sync = await n.h.post('/bbps/sync/BillFetchRequest', '<x/>');
    expect(sync.status).toBe(403);
    // health is not a BBPS route
    expect((await fetch(`${n.h.svc.url}/health/live`)).status).toBe(200);
  } finally {
    await n.stop();
  }
  const open = await startNetwork({ env: { BBPS_ALLOWED_IPS: '10.0.0.0/8,127.0.0.0/8' } });
  try {
    const sent = await open.cu.fetch({ billerId: 'AMRW00000PUN01', params: { 'Connection Number': 'WS/107/2023-24/000045' } });
    expect(sent.ack?.ok).toBe(true);
  } finally {
    await open.stop();
  }
});

test('CIDR matching: IPv4, IPv6, IPv4-mapped IPv6, single hosts; bad entries stop the boot', () => {
  const allowed = compileAllowList(['10.1.0.0/16', '192.168.1.7', '2001:db8:abcd::/48', '::1/128']);
  expect(allowed('10.1.200.3')).toBe(true);
  expect(allowed('10.2.0.1')).toBe(false);
  expect(allowed('::ffff:10.1.0.9')).toBe(true);
  expect(allowed('192.168.1.7')).toBe(true);
  expect(allowed('192.168.1.8')).toBe(false);
  expect(allowed('2001:db8:abcd:12::1')).toBe(true);
  expect(allowed('2001:db8:abce::1')).toBe(false);
  expect(allowed('::1')).toBe(true);
  expect(allowed(undefined)).toBe(false);
  expect(allowed('not-an-ip')).toBe(false);
  expect(compileAllowList([])('203.0.113.5')).toBe(true);
  for (const bad of ['10.0.0.0/33', 'fe80::/129', 'example.com', '10.0.0.0/8/1', '10.0.0.0/x']) {
    expect(() => compileAllowList([bad])).toThrow(/BBPS_ALLOWED_IPS/);
  }
  // a zone would be dropped by node:net, widening the entry to every interface: refused, naming it
  for (const zoned of ['fe80::1%eth0', 'fe80::%eth0/64', 'fe80::1%25eth0/128']) {
    expect(() => compileAllowList([zoned])).toThrow(/BBPS_ALLOWED_IPS entry .*names an IPv6 zone \(%/);
  }
});

test('without BBPS_CALLBACK_URL the async routes refuse with a clear error; sync still works', async () => {
  const h = await startHarness();
  try {
    const refId = cuRequests.cuId();
    const xml = cuRequests.fetchRequest({ refId, msgId: cuRequests.cuId(), billerId: 'AMRW00000PUN01', params: [['Connection Number', 'WS/107/2023-24/000045']], origInst: 'BBCU' });
    const res = await h.post(`/bbps/BillFetchRequest/1.0/urn:referenceId:${refId}`, xml);
    expect(res.status).toBe(503);
    expect(res.body).toContain('<errorCd>ASYNC_NOT_CONFIGURED</errorCd>');
    expect(res.body).toContain('BBPS_CALLBACK_URL is not set');
    expect((await h.post('/bbps/sync/BillFetchRequest', xml)).status).toBe(200);
  } finally {
    await h.stop();
  }
});
