// Liveness and readiness (design §3.3). Readiness never causes a DIGIT login: it reads the client's
// cached state, so a probe storm cannot become a login storm; the DIGIT client's background login
// (DIGIT_RELOGIN_MS) turns it green again by itself. When not ready it says why and, while a login
// cool-down runs, until when. The circuit breakers' states are shown, not judged: an open breaker is
// DIGIT's trouble, not this instance's, and every instance would see it — taking them all out of the
// load balancer would turn clean BFR008 answers (and status queries the ledger can answer) into
// connection errors.
import { Router } from 'express';
import type { DigitGateway, Ledger } from '../core/ports';

/** The DIGIT client's own account of its login (src/digit LoginStatus), read without logging in. */
export interface DigitLoginState {
  state: string;
  reason?: string;
  nextLoginAt?: number;
}

export function digitText(ok: boolean, login: DigitLoginState | undefined): string {
  if (ok) return 'ok';
  if (login?.state === 'waiting' && login.nextLoginAt) return `waiting: ${login.reason}; next login at ${new Date(login.nextLoginAt).toISOString()}`;
  if (login?.state === 'failing') return `login failing: ${login.reason}`;
  if (login?.state === 'not yet') return 'not logged in yet (the first login is on its way)';
  return 'no token and last login failed';
}

/** DIGIT as the readiness probe sees it (never logs in): the operators' Overview shows the same. */
export function digitReadiness(digit: DigitGateway, loginStatus?: () => DigitLoginState, circuitStates?: () => Record<string, string>) {
  return () => {
    const ready = digit.healthy();
    return { ready, detail: digitText(ready, ready ? undefined : loginStatus?.()), circuits: circuitStates?.() ?? {} };
  };
}

export function healthRouter(
  ledger: Ledger,
  digit: DigitGateway,
  loginStatus?: () => DigitLoginState,
  circuitStates?: () => Record<string, string>,
): Router {
  const router = Router();
  router.get('/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const ledgerOk = await ledger.ping().then(() => true, () => false);
    const digitOk = digit.healthy();
    const login = digitOk ? undefined : loginStatus?.();
    res.status(ledgerOk && digitOk ? 200 : 503).json({
      status: ledgerOk && digitOk ? 'ready' : 'not ready',
      ledger: ledgerOk ? 'ok' : 'unavailable',
      digit: digitText(digitOk, login),
      ...(login?.nextLoginAt && login.state === 'waiting' ? { digitNextLoginAt: new Date(login.nextLoginAt).toISOString() } : {}),
      ...(circuitStates ? { digitCircuits: circuitStates() } : {}),
    });
  });
  return router;
}
