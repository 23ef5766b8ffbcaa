// OAuth password login to egov-user, shared by every call: one token cached until shortly before it
// expires, one login in flight at a time, and never a login loop — DIGIT locks the account after
// 5 bad attempts in 30 minutes (reference §1.4), so a refused login blocks further logins for a
// cool-down. The cool-down lives in the login guard (the ledger), not in this process: a crash loop
// or a second instance waits for it too, and each login first claims the guard's one slot.
import { randomUUID } from 'node:crypto';
import { MemoryLoginGuard, type LoginGuardStore, type LoginSlot } from '../core/login-guard';
import { DigitCallError } from '../core/ports';
import type { CircuitBreaker } from './circuit-breaker';
import { noObserver, type DigitLogger, type DigitObserver } from './config';
import { outage } from './errors';
import type { HttpChannel } from './http';
import { Unreadable, num, obj, optNum, parseJson, str } from './read';

/** base64("egov-user-client:"): DIGIT's client id with its empty secret */
export const EGOV_CLIENT_BASIC = 'Basic ZWdvdi11c2VyLWNsaWVudDo=';
export const TOKEN_PATH = '/user/oauth/token';
/** refresh this long before expiry at most (10% of the lifetime for short-lived tokens) */
const MAX_MARGIN_MS = 60_000;
/**
 * After a second refusal in a row, the wait outlasts DIGIT's 30-minute failure window: the adapter
 * can then cause at most two refused logins in any 30 minutes, far from the lock at five.
 */
export const REPEATED_REFUSAL_WAIT_MS = 31 * 60_000;
/** how often a login waiting for another process's login in flight looks at the slot again */
const SLOT_POLL_MS = 200;

/** What readiness and the log say about logging in (never causes a login). */
export interface LoginStatus {
  state: 'ok' | 'waiting' | 'failing' | 'not yet';
  /** why it is waiting or failing */
  reason?: string;
  /** epoch ms: the earliest next login (waiting) */
  nextLoginAt?: number;
}

export interface TokenManagerOptions {
  http: HttpChannel;
  username: string;
  password: string;
  loginTenant: string;
  userType: 'EMPLOYEE' | 'SYSTEM';
  /** wait after the first refused login (later refusals in a row: REPEATED_REFUSAL_WAIT_MS) */
  cooldownMs: number;
  now: () => number;
  log: DigitLogger;
  /** shared "next login at" (the ledger); default: this process only */
  guard?: LoginGuardStore;
  /** the guard's key for this DIGIT account (base URL, tenant, type, user — never the password) */
  account?: string;
  /** how long a claimed slot is held for one login (longer than its HTTP timeout) */
  holdMs?: number;
  /** the auth endpoint group's breaker: an auth service that is down is not asked again at once */
  breaker?: CircuitBreaker;
  /** login and token-refresh counts (metrics) */
  observer?: DigitObserver;
}

interface HeldToken {
  value: string;
  expiresAt: number;
  refreshAt: number;
}

export class TokenManager {
  private held?: HeldToken;
  private inflight?: Promise<string>;
  /** a refusal seen in the guard: no need to ask the guard again before this */
  private waiting?: { until: number; reason: string };
  private lastLoginOk = false;
  private lastFailure?: string;
  private readonly guard: LoginGuardStore;
  private readonly account: string;
  private readonly owner = randomUUID();
  /** logins sent to DIGIT (observability and tests) */
  loginAttempts = 0;
  /** why the next login replaces a token (metrics): it neared expiry, or DIGIT answered 401 */
  private refreshing?: 'expiry' | 'unauthorized';
  private readonly observer: DigitObserver;

  constructor(private readonly o: TokenManagerOptions) {
    this.guard = o.guard ?? new MemoryLoginGuard(o.now);
    this.account = o.account ?? `${o.loginTenant}|${o.userType}|${o.username}`;
    this.observer = o.observer ?? noObserver;
  }

  /** A usable token: the cached one, or the result of the (shared) login. */
  token(): Promise<string> {
    if (this.held && this.o.now() < this.held.refreshAt) return Promise.resolve(this.held.value);
    if (this.held) this.refreshing = 'expiry';
    return this.login();
  }

  /** After a 401 with `value`: forget it unless a concurrent caller already replaced it. */
  invalidate(value: string): void {
    if (this.held?.value !== value) return;
    this.held = undefined;
    this.refreshing = 'unauthorized';
  }

  /** Readiness: a token held and unexpired, or the last login succeeded. Never logs in. */
  healthy(): boolean {
    return (this.held !== undefined && this.o.now() < this.held.expiresAt) || this.lastLoginOk;
  }

  /** Readiness and boot: logged in, waiting for a cool-down (why, until when), or failing (why). */
  status(): LoginStatus {
    if (this.healthy()) return { state: 'ok' };
    if (this.waiting && this.waiting.until > this.o.now()) return { state: 'waiting', reason: this.waiting.reason, nextLoginAt: this.waiting.until };
    if (this.lastFailure) return { state: 'failing', reason: this.lastFailure };
    return { state: 'not yet' };
  }

  login(): Promise<string> {
    if (this.inflight) return this.inflight;
    if (this.waiting && this.waiting.until > this.o.now()) return Promise.reject(this.waitError(this.waiting.until, this.waiting.reason));
    this.inflight = this.guarded().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private waitError(until: number, reason: string): DigitCallError {
    const s = Math.max(1, Math.ceil((until - this.o.now()) / 1000));
    return new DigitCallError('UNAVAILABLE', `DIGIT login waits until ${new Date(until).toISOString()} (in ${s} s): ${reason}`);
  }

  /** Claims the guard's slot (waiting out another process's login in flight), then logs in once. */
  private async guarded(): Promise<string> {
    const holdMs = this.o.holdMs ?? 15_000;
    let slot = await this.claim(holdMs);
    // another process is logging in now: its outcome (or its hold's end) comes within holdMs
    for (const end = this.o.now() + holdMs + SLOT_POLL_MS; !slot.granted && slot.inFlight && this.o.now() < end; ) {
      await new Promise((r) => setTimeout(r, SLOT_POLL_MS));
      slot = await this.claim(holdMs);
    }
    if (!slot.granted) {
      const reason = slot.inFlight ? 'another process holds the login slot' : `DIGIT refused this account's login${slot.reason ? ` (${slot.reason})` : ''}`;
      this.lastLoginOk = false;
      if (!slot.inFlight) this.waiting = { until: slot.nextLoginAt, reason };
      this.lastFailure = reason;
      throw this.waitError(slot.nextLoginAt, reason);
    }
    this.waiting = undefined;
    let success = false;
    try {
      const token = await (this.o.breaker ? this.o.breaker.run(() => this.attempt(slot)) : this.attempt(slot));
      success = true;
      return token;
    } finally {
      // a refusal has already rewritten the slot; otherwise it is free again at once
      if (!this.waiting) await this.guard.release(this.account, this.owner, success).catch(() => undefined);
    }
  }

  private async claim(holdMs: number): Promise<LoginSlot> {
    try {
      return await this.guard.claim(this.account, this.owner, holdMs);
    } catch (e) {
      // without the guard no login is safe: a crash loop could lock the account
      this.lastLoginOk = false;
      this.lastFailure = `the login guard cannot be read (${(e as Error).message})`;
      throw outage('UNAVAILABLE', `DIGIT login not sent: ${this.lastFailure}`);
    }
  }

  private async attempt(slot: LoginSlot): Promise<string> {
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
      this.lastFailure = `no answer from DIGIT (${(e as Error).message})`;
      this.observer.login('failed');
      log.error('DIGIT login failed: no answer', { error: (e as Error).message });
      // nothing reached DIGIT's business services, whatever happened to the login itself
      throw outage('UNAVAILABLE', `DIGIT login failed: ${(e as Error).message}`);
    }
    if (res.status === 200) return this.accept(res.text);
    this.lastLoginOk = false;
    if (res.status >= 500) {
      this.lastFailure = `DIGIT answered HTTP ${res.status}`;
      this.observer.login('failed');
      log.error('DIGIT login failed: server error', { status: res.status });
      throw outage('UNAVAILABLE', `DIGIT login failed: HTTP ${res.status}`, [], res.status);
    }
    // 4xx: bad credentials, locked account, bad client: repeating it only burns lockout attempts
    const reason = oauthError(res.text);
    this.observer.login('refused');
    const waitMs = slot.refusals === 0 ? this.o.cooldownMs : REPEATED_REFUSAL_WAIT_MS;
    const after = await this.guard.refused(this.account, this.owner, waitMs, reason).catch(() => undefined);
    const until = after?.nextLoginAt ?? this.o.now() + waitMs;
    this.waiting = { until, reason: `DIGIT refused this account's login (${reason})` };
    this.lastFailure = this.waiting.reason;
    log.error('DIGIT refused our login; no further login from any instance on this ledger until the next login time', {
      status: res.status,
      reason,
      refusalsInARow: after?.refusals ?? slot.refusals + 1,
      nextLoginAt: new Date(until).toISOString(),
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
      this.lastFailure = `DIGIT's login answer is unreadable (${why})`;
      this.observer.login('failed');
      this.o.log.error('DIGIT login answer unreadable', { why });
      throw outage('UNAVAILABLE', `DIGIT login answer unreadable: ${why}`);
    }
    const now = this.o.now();
    // no expires_in: keep the token until DIGIT answers 401
    const lifeMs = expiresIn === undefined ? Number.POSITIVE_INFINITY : Math.max(0, expiresIn * 1000);
    const margin = Math.min(MAX_MARGIN_MS, lifeMs / 10);
    this.held = { value, expiresAt: now + lifeMs, refreshAt: now + lifeMs - margin };
    this.lastLoginOk = true;
    this.lastFailure = undefined;
    this.observer.login('ok');
    if (this.refreshing) this.observer.tokenRefresh(this.refreshing);
    this.refreshing = undefined;
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
