// The console's small parts: the escaping, masking html template; exact rupees; the session key's
// sign/verify and CSRF binding; a session whose operator is gone is no session.
import type { Request } from 'express';
import { cookieOptions, readSigned } from '../../../src/http/console/guard';
import { rupees } from '../../../src/http/console/format';
import { html, token } from '../../../src/http/console/html';
import { SessionKeys } from '../../../src/http/console/session';
import { OperatorRegistry } from '../../../src/operators/registry';
import { sha256Hex } from '../../../src/clients/keys';

test('html escapes every interpolated value, masks mobiles, and nests its own markup unescaped', () => {
  const inner = html`<b>${'a&b'}</b>`;
  expect(html`<p title="${'"x"'}">${'<i>'}${inner}${['<', html`<br>`]}${null}${undefined}${false}${0}</p>`.text)
    .toBe('<p title="&quot;x&quot;">&lt;i&gt;<b>a&amp;b</b>&lt;<br>0</p>');
  expect(html`${'call +91 98765 43210 or 9876543210'}`.text).toBe('call +91 98XXXXXX10 or 98XXXXXX10');
  expect(html`${"it's"}`.text).toBe('it&#39;s');
  expect(token('abc-_9876543210').text).toBe('abc-_9876543210');
  expect(() => token('a"b')).toThrow();
});

test('rupees are exact from integer paise', () => {
  expect([rupees(0), rupees(5), rupees(150000), rupees(12345678901), rupees(Number.MAX_SAFE_INTEGER), rupees(null)])
    .toEqual(['₹0.00', '₹0.05', '₹1,500.00', '₹12,34,56,789.01', '₹9,00,71,99,25,47,409.91', '—']);
});

test('a session is signed, expires, and its CSRF token is bound to it', () => {
  const keys = new SessionKeys(Buffer.from('k'.repeat(32)));
  const { value, session } = keys.issue('ops-01', 1000);
  expect(keys.read(value, 1000)).toEqual(session);
  expect(keys.read(value, session.expiresAt)).toBeUndefined();
  expect(new SessionKeys(Buffer.from('j'.repeat(32))).read(value, 1000)).toBeUndefined();
  expect(SessionKeys.random().read(value, 1000)).toBeUndefined();
  const other = keys.issue('ops-01', 1000).session;
  expect(keys.checkCsrf(session, keys.csrfToken(session))).toBe(true);
  expect(keys.checkCsrf(session, keys.csrfToken(other))).toBe(false);
  expect(keys.checkCsrf(session, undefined)).toBe(false);
});

test("each request looks the operator up by id: a removed operator's session no longer works", () => {
  const keys = new SessionKeys(Buffer.from('k'.repeat(32)));
  const { value } = keys.issue('ops-01', 1000);
  const req = (cookie: string) => ({ get: (h: string) => (h.toLowerCase() === 'cookie' ? cookie : undefined) }) as unknown as Request;
  const clock = { now: () => 2000 };
  const withOp = new OperatorRegistry([{ id: 'ops-01', name: 'One', keySha256: sha256Hex('key-1'), role: 'operator' }]);
  const without = new OperatorRegistry([{ id: 'ops-02', name: 'Two', keySha256: sha256Hex('key-2'), role: 'operator' }]);
  expect(readSigned(req(`other=1; bbps_console=${value}`), keys, withOp, clock)?.operator.id).toBe('ops-01');
  expect(readSigned(req(`bbps_console=${value}`), keys, without, clock)).toBeUndefined();
});

test('the session cookie is HttpOnly, SameSite=Strict, Path=/console, and Secure when the adapter itself speaks TLS', () => {
  const req = (secure: boolean) => ({ secure }) as unknown as Request;
  expect(cookieOptions(req(true), 1000)).toEqual({ httpOnly: true, sameSite: 'strict', path: '/console', secure: true, maxAge: 1000 });
  expect(cookieOptions(req(false), 1000).secure).toBe(false);
});
