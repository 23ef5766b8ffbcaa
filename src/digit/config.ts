// Settings of the DIGIT client. The env names that feed them (DIGIT_URL, DIGIT_USERNAME, ...) are
// declared in src/config; this file only says what the client does with each value.
import type { LoginGuardStore } from '../core/login-guard';

export interface DigitLogger {
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
  error(msg: string, meta?: object): void;
}

export interface CircuitSettings {
  /** consecutive outage failures (network, timeout, 5xx) that open the circuit */
  failureThreshold: number;
  /** how long an open circuit refuses calls before one probe is let through */
  openMs: number;
}

/** DIGIT's endpoint groups: each has its own circuit breaker (one unwell service does not stop the others). */
export const ENDPOINT_GROUPS = ['auth', 'billing', 'collection', 'workflow'] as const;
export type EndpointGroup = (typeof ENDPOINT_GROUPS)[number];

/** How one DIGIT call ended, for metrics (errors.ts decides the kind). */
export type CallOutcome = 'ok' | 'rejected' | 'unavailable' | 'unknown' | 'circuit_open';

/** What the client reports as it works (metrics); every method must be cheap and never throw. */
export interface DigitObserver {
  /** one DIGIT call, its retries inside (401 re-login, stale socket) included */
  call(operation: string, outcome: CallOutcome, seconds: number): void;
  /** one login sent to DIGIT: ok, refused (4xx) or failed (no answer, 5xx, unreadable) */
  login(outcome: 'ok' | 'refused' | 'failed'): void;
  /** a login that replaced a held token: it was about to expire, or DIGIT answered 401 */
  tokenRefresh(reason: 'expiry' | 'unauthorized'): void;
}

export const noObserver: DigitObserver = { call() {}, login() {}, tokenRefresh() {} };

export interface DigitClientConfig {
  /** DIGIT gateway base URL, e.g. https://digit.example.gov.in (no trailing path needed) */
  baseUrl: string;
  username: string;
  password: string;
  /** tenant the integrator user logs in at (EMPLOYEE/SYSTEM users: exactly their home tenant) */
  loginTenant: string;
  userType: 'EMPLOYEE' | 'SYSTEM';
  /** wall-clock limit of one HTTP call, login included */
  timeoutMs: number;
  logger?: DigitLogger;
  now?: () => number;
  /** refuse logins this long after DIGIT rejected our credentials (DIGIT locks after 5 failures) */
  loginCooldownMs?: number;
  /** where refusals and the one login slot are shared across restarts and instances (the ledger) */
  loginGuard?: LoginGuardStore;
  /** keep-alive sockets per origin */
  maxSockets?: number;
  /** `false` turns the circuit breakers off */
  circuit?: Partial<CircuitSettings> | false;
  /** metrics of calls, logins and token refreshes */
  observer?: DigitObserver;
  /** the longest wait between background re-logins while no token is held (DIGIT_RELOGIN_MS) */
  reloginMaxMs?: number;
}

export const DEFAULT_LOGIN_COOLDOWN_MS = 60_000;
export const DEFAULT_MAX_SOCKETS = 64;
export const DEFAULT_CIRCUIT: CircuitSettings = { failureThreshold: 10, openMs: 2_000 };

export const silentLogger: DigitLogger = { info() {}, warn() {}, error() {} };

/**
 * The longest one gateway call can take: login, the call, a 401, one re-login, the call again — four
 * timeouts. A payment's lease is renewed before each call and must outlast it (design §3.7), with a
 * margin for the ledger writes around it.
 */
export const paymentLeaseMs = (timeoutMs: number): number => 4 * timeoutMs + 5000;
