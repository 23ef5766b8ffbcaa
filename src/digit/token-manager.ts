// OAuth password login to egov-user, shared by every call: one token cached until shortly before it
// expires, one login in flight at a time, and never a login loop — DIGIT locks the account after
// 5 bad attempts (reference §1.4), so a refused login blocks further logins for a cool-down.
import { DigitCallError } from '../core/ports';
import type { DigitLogger } from './config';
import { outage } from './errors';
import type { HttpChannel } from './http';
import { Unreadable, num, obj, optNum, parseJson, str } from './read';

/** base64("egov-user-client:"): DIGIT's client id with its empty secret */
export const EGOV_CLIENT_BASIC = 'Basic ZWdvdi11c2VyLWNsaWVudDo=';
export const TOKEN_PATH = '/user/oauth/token';
/** refresh this long before expiry at most (10% of the lifetime for short-lived tokens) */
const MAX_MARGIN_MS = 60_000;

export interface TokenManagerOptions {
  http: HttpChannel;
  username: string;
  password: string;
  loginTenant: string;
  userType: 'EMPLOYEE' | 'SYSTEM';
  cooldownMs: number;
  now: () => number;
  log: DigitLogger;
}

interface HeldToken {
  value: string;
  expiresAt: number;
  refreshAt: number;
}

export class TokenManager {
  private held?: HeldToken;
  private inflight?: Promise<string>;
  private cooldownUntil = 0;
  private lastLoginOk = false;
  /** logins sent to DIGIT (observability and tests) */
  loginAttempts = 0;

  constructor(private readonly o: TokenManagerOptions) {}

  /** A usable token: the cached one, or the result of the (shared) login. */
  token(): Promise<string> {
    if (this.held && this.o.now() < this.held.refreshAt) return Promise.resolve(this.held.value);
    return this.login();
  }

  /** After a 401 with `value`: forget it unless a concurrent caller already replaced it. */
  invalidate(value: string): void {
    if (this.held?.value === value) this.held = undefined;
  }

  /** Readiness: a token held and unexpired, or the last login succeeded. Never logs in. */
  healthy(): boolean {
    return (this.held !== undefined && this.o.now() < this.held.expiresAt) || this.lastLoginOk;
  }

  login(): Promise<string> {
    if (this.inflight) return this.inflight;
    const wait = this.cooldownUntil - this.o.now();
    if (wait > 0) {
      return Promise.reject(
        new DigitCallError('UNAVAILABLE', `DIGIT login refused earlier; next attempt allowed in ${Math.ceil(wait / 1000)} s`),
      );
    }
    this.inflight = this.attempt().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async attempt(): Promise<string> {
    const { http, username, password, loginTenant, userType, log } = this.o;
    // never `isInternal`: egov-user skips the password check when it is set
    const form = new URLSearchParams({ grant_type: 'password', scope: 'read', username, password, tenantId: loginTenant, userType });
    this.loginAttempts++;
    let res;
    try {
      res = await http.post(TOKEN_PATH, form.toString(), {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        Authorization: EGOV_CLIENT_BASIC,
      });
    } catch (e) {
      this.lastLoginOk = false;
      log.error('DIGIT login failed: no answer', { error: (e as Error).message });
      // nothing reached DIGIT's business services, whatever happened to the login itself
      throw outage('UNAVAILABLE', `DIGIT login failed: ${(e as Error).message}`);
    }
    if (res.status === 200) return this.accept(res.text);
    this.lastLoginOk = false;
    if (res.status >= 500) {
      log.error('DIGIT login failed: server error', { status: res.status });
      throw outage('UNAVAILABLE', `DIGIT login failed: HTTP ${res.status}`, [], res.status);
    }
    // 4xx: bad credentials, locked account, bad client: repeating it only burns lockout attempts
    this.cooldownUntil = this.o.now() + this.o.cooldownMs;
    const reason = oauthError(res.text);
    log.error('DIGIT refused our login; no further login until the cool-down ends', {
      status: res.status,
      reason,
      cooldownMs: this.o.cooldownMs,
    });
    throw new DigitCallError('UNAVAILABLE', `DIGIT login refused: ${reason}`, [], res.status);
  }

  private accept(text: string): string {
    let value: string;
    let expiresIn: number | undefined;
    try {
      const body = obj(parseJson(text), 'token response');
      value = str(body.access_token, 'access_token');
      expiresIn = body.expires_in === undefined ? undefined : num(body.expires_in, 'expires_in');
    } catch (e) {
      this.lastLoginOk = false;
      const why = e instanceof Unreadable ? e.message : String(e);
      this.o.log.error('DIGIT login answer unreadable', { why });
      throw outage('UNAVAILABLE', `DIGIT login answer unreadable: ${why}`);
    }
    const now = this.o.now();
    // no expires_in: keep the token until DIGIT answers 401
    const lifeMs = expiresIn === undefined ? Number.POSITIVE_INFINITY : Math.max(0, expiresIn * 1000);
    const margin = Math.min(MAX_MARGIN_MS, lifeMs / 10);
    this.held = { value, expiresAt: now + lifeMs, refreshAt: now + lifeMs - margin };
    this.lastLoginOk = true;
    this.o.log.info('DIGIT login succeeded', { expiresInS: optNum(expiresIn) });
    return value;
  }
}

/** Spring OAuth's `{"error","error_description"}` as one short text (never the password). */
function oauthError(text: string): string {
  try {
    const b = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    const parts = [b.error, b.error_description].filter((x) => typeof x === 'string' && x !== '');
    if (parts.length) return parts.join(': ');
  } catch {
    // not JSON: fall through
  }
  return 'unrecognised answer';
}
