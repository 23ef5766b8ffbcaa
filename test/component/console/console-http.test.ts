// The console over plain HTTP against the real service: no page without a session (303 to sign-in),
// the session cookie's attributes and contents, tampered and expired sessions, CSRF token and origin
// checks on every POST, a viewer's actions refused, the strict CSP on every response, HTML escaped and
// mobile numbers masked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addOperator } from '../../../src/operators/add-cli';
import { startHarness, type Harness } from '../../support/harness';
import { paymentRequest, uid } from '../../unit/ledger/conformance/fixtures';

const CSP = "default-src 'none';style-src 'self';img-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'";
const dir = mkdtempSync(join(tmpdir(), 'console-http-'));
let now = Date.now();
let h: Harness;
let viewerKey: string;
let operatorKey: string;

beforeAll(async () => {
  const env = { OPERATORS_FILE: join(dir, 'operators.json'), CONSOLE_SESSION_SECRET: 'x'.repeat(40) };
  viewerKey = addOperator(['--id', 'audit-1', '--role', 'viewer'], env).key;
  operatorKey = addOperator(['--id', 'ops-01', '--role', 'operator'], env).key;
  h = await startHarness({ env, dir, clock: { now: () => now } });
});
afterAll(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

async function signIn(key: string): Promise<{ cookie: string; setCookie: string }> {
  const res = await fetch(`${h.svc.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': FORM, origin: h.svc.url }, body: form({ key }) });
  expect([res.status, res.headers.get('location')]).toEqual([303, '/console']);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0], setCookie };
}

const get = (path: string, cookie?: string) => fetch(h.svc.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
const post = (path: string, cookie: string, fields: Record<string, string>, headers: Record<string, string> = { origin: '' }) =>
  fetch(h.svc.url + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': FORM, cookie, ...headers, ...(headers.origin === '' ? { origin: h.svc.url } : {}) }, body: form(fields) });

const PAGES = ['/console', '/console/payments', '/console/unresolved', '/console/callbacks', '/console/reversals', '/console/payments/anything', '/console/nowhere'];

test('no page without a session: 303 to sign-in, with the strict CSP; the sign-in page has the labelled field', async () => {
  for (const p of PAGES) {
    const res = await get(p);
    expect([p, res.status, res.headers.get('location'), res.headers.get('content-security-policy')]).toEqual([p, 303, '/console/sign-in', CSP]);
  }
  const res = await get('/console/sign-in');
  const text = await res.text();
  expect([res.status, res.headers.get('content-security-policy')]).toEqual([200, CSP]);
  expect(text).toMatch(/<label for="key">Operator key<\/label>\s*<input id="key" name="key" type="password"/);
  expect(text).toContain('<button type="submit">Sign in</button>');
  expect(text).not.toMatch(/<script|style=/);
  const css = await get('/console/assets/console.css');
  expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
});

test('sign-in: an unknown key is refused (401); a good one gets a signed, HttpOnly, SameSite=Strict cookie holding only the operator id', async () => {
  const bad = await fetch(`${h.svc.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': FORM, origin: h.svc.url }, body: form({ key: 'bbo_nope' }) });
  expect(bad.status).toBe(401);
  expect(await bad.text()).toContain('That operator key is not known.');
  const { cookie, setCookie } = await signIn(operatorKey);
  expect(setCookie).toMatch(/^bbps_console=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Max-Age=28800; Path=\/console; Expires=.*; HttpOnly; SameSite=Strict$/);
  // plain HTTP here: not Secure (it is when the adapter serves TLS itself)
  expect(setCookie).not.toContain('Secure');
  const payload = JSON.parse(Buffer.from(cookie.split('=')[1].split('.')[0], 'base64url').toString()) as Record<string, unknown>;
  expect(Object.keys(payload).sort()).toEqual(['e', 'n', 'o']);
  expect(payload.o).toBe('ops-01');
  expect(payload.e).toBe(now + 8 * 3600_000);
  expect(cookie).not.toContain(operatorKey);
  const page = await get('/console', cookie);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Signed in as <strong>ops-01</strong> (ops-01, operator)');
});

test('a tampered or expired session is no session', async () => {
  const { cookie } = await signIn(viewerKey);
  const [name, value] = cookie.split('=');
  const [payload, sig] = value.split('.');
  const forged = Buffer.from(JSON.stringify({ o: 'ops-01', e: now + 3600_000, n: 'x' })).toString('base64url');
  for (const c of [`${name}=${forged}.${sig}`, `${name}=${payload}.${sig.slice(0, -2)}AA`, `${name}=${payload}`, `${name}=`]) {
    expect((await get('/console', c)).status).toBe(303);
  }
  expect((await get('/console', cookie)).status).toBe(200);
  now += 8 * 3600_000 + 1;
  try {
    expect((await get('/console', cookie)).status).toBe(303);
  } finally {
    now -= 8 * 3600_000 + 1;
  }
});

test('every POST needs the session token and this origin (403 otherwise); sign-out ends the session', async () => {
  const { cookie } = await signIn(operatorKey);
  const csrf = csrfOf(await (await get('/console', cookie)).text());
  expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const txn = uid();
  const path = `/console/payments/${txn}/resolve`;
  // missing token, wrong token, another session's token
  const other = csrfOf(await (await get('/console', (await signIn(operatorKey)).cookie)).text());
  for (const fields of [{}, { _csrf: 'nope' }, { _csrf: other }] as Array<Record<string, string>>) {
    const res = await post(path, cookie, fields);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('did not come from your console session');
  }
  // another origin, even with the right token; Referer when Origin is absent
  for (const headers of [{ origin: 'http://evil.example' }, { referer: 'http://evil.example/page' }, { origin: 'null' }]) {
    const res = await fetch(h.svc.url + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': FORM, cookie, ...headers }, body: form({ _csrf: csrf }) });
    expect([headers, res.status]).toEqual([headers, 403]);
  }
  // the right token from this origin reaches the action (an unknown payment: 404)
  expect((await post(path, cookie, { _csrf: csrf })).status).toBe(404);
  const out = await post('/console/sign-out', cookie, { _csrf: csrf });
  expect([out.status, out.headers.get('location')]).toEqual([303, '/console/sign-in']);
  expect(out.headers.get('set-cookie')).toMatch(/^bbps_console=; Path=\/console; Expires=Thu, 01 Jan 1970/);
});

test("a viewer sees actions disabled and the server refuses them (403); an operator's are enabled", async () => {
  const txn = uid();
  await h.svc.ledger.claimPayment({ request: paymentRequest(txn), contentHash: 'h', leaseMs: 1e12 });
  const viewer = await signIn(viewerKey);
  const page = await (await get(`/console/payments/${txn}`, viewer.cookie)).text();
  expect(page).toContain('<button type="submit" disabled aria-describedby="viewer-note">Resolve now</button>');
  const refused = await post(`/console/payments/${txn}/resolve`, viewer.cookie, { _csrf: csrfOf(page) });
  expect(refused.status).toBe(403);
  expect(await refused.text()).toContain('this action needs the operator role: audit-1 is a viewer');
  expect((await h.svc.ledger.getPayment(txn))?.state).toBe('RECEIVED');
  const op = await signIn(operatorKey);
  expect(await (await get(`/console/payments/${txn}`, op.cookie)).text()).toContain('<button type="submit">Resolve now</button>');
});

test('data is escaped and mobile numbers masked, in fields and in message bodies', async () => {
  const txn = uid();
  const request = paymentRequest(txn, { params: [{ name: 'Registered Mobile Number', value: '9876543210' }, { name: 'Note', value: '<script>alert(1)</script>' }] });
  await h.svc.ledger.claimPayment({ request, contentHash: 'h', leaseMs: 1e12 });
  await h.svc.ledger.recordMessage({ direction: 'IN', api: 'BillPaymentRequest', refId: request.refId, txnReferenceId: txn, body: '<Customer mobile="9876543210"/>' });
  const { cookie } = await signIn(viewerKey);
  const text = await (await get(`/console/payments/${txn}`, cookie)).text();
  expect(text).not.toContain('9876543210');
  expect(text).toContain('98XXXXXX10');
  expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(text).toContain('&lt;Customer mobile=&quot;98XXXXXX10&quot;/&gt;');
  expect(text.match(/<h1>/g)).toHaveLength(1);
});
