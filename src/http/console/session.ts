// The console's session: a cookie holding {operator id, expiry, nonce}, signed with HMAC-SHA256 under
// CONSOLE_SESSION_SECRET (or a random per-boot key). It holds no key: each request looks the operator up
// by id again, so removing an operator ends their sessions at the next restart that reloads the file.
// The CSRF token is an HMAC of the session's nonce: bound to this session, useless in another.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const COOKIE = 'bbps_console';
export const SESSION_MS = 8 * 60 * 60 * 1000;

export interface Session {
  operatorId: string;
  expiresAt: number;
  nonce: string;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class SessionKeys {
  constructor(private readonly secret: Buffer) {}

  /** A random key for this boot: everyone is signed out at restart, and it cannot work across instances. */
  static random(): SessionKeys {
    return new SessionKeys(randomBytes(32));
  }

  private mac(purpose: string, text: string): Buffer {
    return createHmac('sha256', this.secret).update(`${purpose}\n${text}`).digest();
  }

  issue(operatorId: string, now: number): { value: string; session: Session } {
    const session: Session = { operatorId, expiresAt: now + SESSION_MS, nonce: randomBytes(16).toString('base64url') };
    const payload = b64(JSON.stringify({ o: session.operatorId, e: session.expiresAt, n: session.nonce }));
    return { value: `${payload}.${b64(this.mac('session', payload))}`, session };
  }

  /** The session a cookie value carries, or undefined when it is malformed, forged or expired. */
  read(value: string | undefined, now: number): Session | undefined {
    if (!value || value.length > 1024) return undefined;
    const [payload, sig, extra] = value.split('.');
    if (!payload || !sig || extra !== undefined) return undefined;
    const given = Buffer.from(sig, 'base64url');
    const expected = this.mac('session', payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const { o, e, n } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o?: unknown; e?: unknown; n?: unknown };
      if (typeof o !== 'string' || typeof e !== 'number' || typeof n !== 'string' || e <= now) return undefined;
      return { operatorId: o, expiresAt: e, nonce: n };
    } catch {
      return undefined;
    }
  }

  csrfToken(s: Session): string {
    return b64(this.mac('csrf', s.nonce));
  }

  checkCsrf(s: Session, given: unknown): boolean {
    if (typeof given !== 'string' || given.length > 128) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.csrfToken(s));
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
