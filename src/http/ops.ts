// Operators' JSON views (documented in docs/network-mode.md): callbacks parked after retrying for
// BBPS_CALLBACK_PARK_AFTER_MS, and every reversal with what was done about it. Read-only; keep /ops
// off the public network like /metrics.
import { Router } from 'express';
import type { OutboxState } from '../core/ports';
import type { OpsLog } from '../jobs/ops-log';

const STATES: readonly OutboxState[] = ['PARKED', 'PENDING', 'SENT'];

export function opsRouter(opsLog: OpsLog): Router {
  const router = Router();
  router.get('/outbox', async (req, res) => {
    const state = String(req.query.state ?? 'PARKED').toUpperCase() as OutboxState;
    if (!STATES.includes(state)) {
      res.status(400).json({ code: 'REQUEST_INVALID', title: `state must be one of ${STATES.join(', ')}` });
      return;
    }
    // the list holds every item that was ever parked, shown as it is now
    res.json({ state, items: await opsLog.outbox(state) });
  });
  router.get('/reversals', async (_req, res) => {
    res.json({ reversals: await opsLog.reversals() });
  });
  return router;
}
