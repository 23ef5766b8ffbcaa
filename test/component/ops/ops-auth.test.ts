// Every /ops route (design §3.9) needs an operator key: 401 without one, with a malformed header or
// an unknown key; 403 for a viewer's action (any method but GET); the operator gets through. The
// route list is read from the app itself, so a new /ops route without a case here fails the test.
// With no operator configured (and no sandbox demo), /ops refuses everyone and the boot log says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../src/core/logger';
import { addOperator } from '../../../src/operators/add-cli';
import { startService } from '../../../src/service';
import { createDigitSandbox, SANDBOX_USER } from '../../../src/simulators/digit';
import { startHarness, TEST_ENV, type Harness } from '../../support/harness';
import { appRoutes } from '../../support/routes';
import { paymentRequest, uid } from '../../unit/ledger/conformance/fixtures';

// a settled payment and a parked callback, put in the ledger before the cases run (see beforeAll)
const SETTLED = uid();
const PARKED = `cb:BillPaymentRequest:${uid('Ref')}`;

/** A request each /ops route answers with success for an operator: method path → [url, body]. */
const CASES: Record<string, { url: string; body?: unknown; ok: number }> = {
  'GET /ops/outbox': { url: '/ops/outbox?state=PENDING', ok: 200 },
  'GET /ops/unresolved': { url: '/ops/unresolved', ok: 200 },
  'GET /ops/reversals': { url: '/ops/reversals', ok: 200 },
  'GET /ops/overview': { url: '/ops/overview', ok: 200 },
  'GET /ops/payments': { url: '/ops/payments?state=FAILED', ok: 200 },
  'GET /ops/payments/:txnReferenceId': { url: `/ops/payments/${SETTLED}`, ok: 200 },
  'POST /ops/payments/:txnReferenceId/resolve': { url: `/ops/payments/${SETTLED}/resolve`, ok: 200 },
  'POST /ops/outbox/:id/resend': { url: `/ops/outbox/${encodeURIComponent(PARKED)}/resend`, ok: 200 },
  'GET /ops/recon': { url: '/ops/recon?from=2026-11-20&to=2026-11-20', ok: 200 },
  'POST /ops/recon/repair': { url: '/ops/recon/repair', body: { from: '2026-11-20', to: '2026-11-20' }, ok: 200 },
};

const dir = mkdtempSync(join(tmpdir(), 'ops-auth-'));
let h: Harness;
let viewerKey: string;
let operatorKey: string;

beforeAll(async () => {
  const env = { OPERATORS_FILE: join(dir, 'operators.json') };
  viewerKey = addOperator(['--id', 'audit-1', '--role', 'viewer'], env).key;
  operatorKey = addOperator(['--id', 'ops-01', '--role', 'operator'], env).key;
  h = await startHarness({ env, dir });
  const ledger = h.svc.ledger;
  const { payment } = await ledger.claimPayment({ request: paymentRequest(SETTLED), contentHash: 'h', leaseMs: 60_000 });
  await ledger.complete(SETTLED, payment.leaseToken, { status: 'FAILED', code: 'BPR001', reason: 'test' });
  await ledger.addOutbox({ id: PARKED, refId: 'R', api: 'BillPaymentResponse', url: 'http://127.0.0.1:9/cu', body: '<x/>', leaseMs: 0 });
  const [item] = (await ledger.claimDueOutbox(60_000, 100)).filter((i) => i.id === PARKED);
  await ledger.markOutboxFailed(PARKED, item.version, 'refused');
});
afterAll(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (method: string, c: { url: string; body?: unknown }, headers: Record<string, string> = {}) => {
  const res = await fetch(h.svc.url + c.url, {
    method,
    headers: { ...headers, ...(c.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: c.body === undefined ? undefined : JSON.stringify(c.body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', auth: res.headers.get('www-authenticate'), json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
};
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const opsRoutes = () => appRoutes(h.svc.app).filter((r) => r.split(' ')[1].startsWith('/ops'));

test('every /ops route of the app has a case here, and the known ones are all routes', () => {
  expect(opsRoutes().sort()).toEqual(Object.keys(CASES).sort());
});

test('with OPERATORS_FILE set, no demo operator is made', () => {
  expect(h.svc.demoOperatorKey).toBeUndefined();
});

describe.each(Object.entries(CASES))('%s', (route, c) => {
  const method = route.split(' ')[0];

  test('401 without a key, with a malformed header, with an unknown key: problem+json, nothing else said', async () => {
    for (const headers of [{}, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, { authorization: 'Bearer' }, bearer('bbo_not-a-key'), bearer(`${operatorKey}x`)]) {
      const r = await call(method, c, headers);
      expect([headers, r.status, r.type, r.auth]).toEqual([headers, 401, expect.stringMatching(/^application\/problem\+json/), 'Bearer realm="ops"']);
      expect(r.json).toMatchObject({ code: 'OPERATOR_UNAUTHORIZED', status: 401, title: 'Missing or unknown operator key', type: 'urn:bbps-adapter:problem:OPERATOR_UNAUTHORIZED' });
      expect(Object.keys(r.json).sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
    }
  });

  test('the operator gets through', async () => {
    const r = await call(method, c, bearer(operatorKey));
    expect([r.status, r.type]).toEqual([c.ok, expect.stringMatching(/^application\/json/)]);
  });

  test(method === 'GET' ? 'a viewer reads it' : 'a viewer is refused the action (403)', async () => {
    const r = await call(method, c, bearer(viewerKey));
    if (method === 'GET') {
      expect(r.status).toBe(c.ok);
    } else {
      expect([r.status, r.type]).toEqual([403, expect.stringMatching(/^application\/problem\+json/)]);
      expect(r.json).toMatchObject({ code: 'OPERATOR_FORBIDDEN', status: 403, detail: expect.stringContaining('audit-1 is a viewer') });
    }
  });
});

test("a viewer's action on any /ops path is refused before routing (403), an operator's reaches the route table", async () => {
  const r = await call('POST', { url: '/ops/outbox?state=PENDING', body: {} }, bearer(viewerKey));
  expect([r.status, r.json.code]).toEqual([403, 'OPERATOR_FORBIDDEN']);
  const o = await call('POST', { url: '/ops/outbox?state=PENDING', body: {} }, bearer(operatorKey));
  expect([o.status, o.json.code, o.type]).toEqual([404, 'NOT_FOUND', expect.stringMatching(/^application\/problem\+json/)]);
  // an unknown /ops path is still behind the key
  expect((await call('GET', { url: '/ops/nothing-here' })).status).toBe(401);
});

test('no operator configured and no sandbox: /ops refuses everyone (401) and the boot log says so', async () => {
  const sandbox = createDigitSandbox();
  const server = await sandbox.listen(0, '127.0.0.1');
  const lines: string[] = [];
  const log: Logger = { debug: () => undefined, info: () => undefined, warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const svc = await startService({
    env: {
      ...TEST_ENV, DATABASE_URL: `sqlite:${join(h.dir, 'no-ops.db')}`, OPERATORS_FILE: join(h.dir, 'absent.json'),
      DIGIT_URL: server.url, DIGIT_USERNAME: SANDBOX_USER.username, DIGIT_PASSWORD: SANDBOX_USER.password, DIGIT_LOGIN_TENANT: SANDBOX_USER.tenantId,
    },
    logger: log, sweeper: false, network: false,
  });
  try {
    expect(svc.demoOperatorKey).toBeUndefined();
    expect(lines).toContain(`operators: no operator in OPERATORS_FILE ${join(h.dir, 'absent.json')}; /ops and /console refuse everyone (401). Add one with npm run operator:add`);
    for (const [route, c] of Object.entries(CASES)) {
      const res = await fetch(svc.url + c.url, { method: route.split(' ')[0], headers: bearer(operatorKey) });
      const body = (await res.json()) as { code: string; detail: string };
      expect([route, res.status, body.code, body.detail]).toEqual([route, 401, 'OPERATOR_UNAUTHORIZED', 'no operator is configured (OPERATORS_FILE): /ops refuses everyone']);
    }
  } finally {
    await svc.close();
    await server.close();
  }
});
