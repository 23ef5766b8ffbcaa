// Liveness and readiness (design §3.3). Readiness never causes a DIGIT login: it reads the client's
// cached state, so a probe storm cannot become a login storm.
import { Router } from 'express';
import type { DigitGateway, Ledger } from '../core/ports';

export function healthRouter(ledger: Ledger, digit: DigitGateway): Router {
  const router = Router();
  router.get('/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const ledgerOk = await ledger.ping().then(() => true, () => false);
    const digitOk = digit.healthy();
    res.status(ledgerOk && digitOk ? 200 : 503).json({
      status: ledgerOk && digitOk ? 'ready' : 'not ready',
      ledger: ledgerOk ? 'ok' : 'unavailable',
      digit: digitOk ? 'ok' : 'no token and last login failed',
    });
  });
  return router;
}
