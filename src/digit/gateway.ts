// Composition of the DIGIT client: the DigitGateway port over one HTTP channel, one token manager
// and one circuit breaker per endpoint group (auth, billing, collection, workflow), shared by every
// call of the process.
import type { DigitGateway } from '../core/ports';
import { fetchBills, searchBills } from './billing';
import { DigitCaller } from './caller';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { createPayment, listPayments, searchPayments } from './collection';
import {
  DEFAULT_CIRCUIT,
  DEFAULT_LOGIN_COOLDOWN_MS,
  DEFAULT_MAX_SOCKETS,
  ENDPOINT_GROUPS,
  type DigitClientConfig,
  type EndpointGroup,
  noObserver,
  paymentLeaseMs,
  silentLogger,
} from './config';
import { isOutage } from './errors';
import { createHttpChannel } from './http';
import { cancelPayment } from './workflow';
import { keepLoggedIn } from './login-keeper';
import { TokenManager, type LoginStatus } from './token-manager';

export interface DigitClient extends DigitGateway {
  /** one login now unless a token is held (boot / readiness); true when a token is held afterwards */
  warmUp(): Promise<boolean>;
  /** logs in in the background whenever no token is held, as the login guard allows; stop() ends it */
  keepLoggedIn(): { stop(): void };
  /** readiness detail: logged in, or why not and until when (never causes a login) */
  loginStatus(): LoginStatus;
  /** the worst state of the endpoint groups' breakers ('closed' when they are off) */
  circuitState(): CircuitState;
  /** each endpoint group's breaker state (metrics, readiness) */
  circuitStates(): Record<EndpointGroup, CircuitState>;
  /** releases the keep-alive sockets; the client is unusable afterwards */
  close(): void;
}

export function createDigitGateway(cfg: DigitClientConfig): DigitClient {
  const now = cfg.now ?? (() => Date.now());
  const log = cfg.logger ?? silentLogger;
  const observer = cfg.observer ?? noObserver;
  const http = createHttpChannel(cfg.baseUrl, cfg.timeoutMs, cfg.maxSockets ?? DEFAULT_MAX_SOCKETS);
  const breakers: Partial<Record<EndpointGroup, CircuitBreaker>> = {};
  if (cfg.circuit !== false) {
    for (const g of ENDPOINT_GROUPS) breakers[g] = new CircuitBreaker({ ...DEFAULT_CIRCUIT, ...cfg.circuit }, isOutage, now, log, g);
  }
  const tokens = new TokenManager({
    http,
    username: cfg.username,
    password: cfg.password,
    loginTenant: cfg.loginTenant,
    userType: cfg.userType,
    cooldownMs: cfg.loginCooldownMs ?? DEFAULT_LOGIN_COOLDOWN_MS,
    now,
    log,
    // a login holds the guard's slot a little longer than its own HTTP timeout
    holdMs: cfg.timeoutMs + 5_000,
    account: `${cfg.baseUrl}|${cfg.loginTenant}|${cfg.userType}|${cfg.username}`,
    ...(cfg.loginGuard ? { guard: cfg.loginGuard } : {}),
    breaker: breakers.auth,
    observer,
  });
  // a _create must end inside the payment lease written before it: sent at the latest T (its own timeout)
  // and a second of the lease's margin before the lease ends
  const caller = new DigitCaller(http, tokens, breakers, now, log, observer, paymentLeaseMs(cfg.timeoutMs) - cfg.timeoutMs - 1_000);
  const circuitStates = () =>
    Object.fromEntries(ENDPOINT_GROUPS.map((g) => [g, breakers[g]?.state() ?? 'closed'])) as Record<EndpointGroup, CircuitState>;
  const RANK: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

  return {
    fetchBills: (q) => fetchBills(caller, log, q),
    searchBills: (q) => searchBills(caller, log, q),
    createPayment: (txn, instrument, plan) => createPayment(caller, log, now(), txn, instrument, plan),
    searchPayments: (q) => searchPayments(caller, log, q),
    listPayments: (q) => listPayments(caller, log, q),
    cancelPayment: (q) => cancelPayment(caller, log, q),
    healthy: () => tokens.healthy(),
    warmUp: async () => {
      try {
        await tokens.token();
        return true;
      } catch {
        return false;
      }
    },
    keepLoggedIn: () => keepLoggedIn(tokens, now, log, cfg.reloginMaxMs),
    loginStatus: () => tokens.status(),
    circuitState: () => Object.values(circuitStates()).reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'closed' as CircuitState),
    circuitStates,
    close: () => http.close(),
  };
}
