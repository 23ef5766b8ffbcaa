// Operators' JSON views (README "BBPS network mode" → "Routes"): the ledger's outbox by state, the
// payments unresolved after a minute, and every reversal with what was done about it. Read-only; keep /ops off the public network like /metrics.
import { Router } from 'express';
import type { Clock, Ledger } from '../core/ports';
import type { OpsLog } from '../jobs/ops-log';
import { parseOutboxQuery } from './ops-outbox-query';
import { outboxItemView } from './ops-outbox-view';
import { listUnresolvedView } from './ops-unresolved';

export function opsRouter(deps: { ledger: Ledger; opsLog: OpsLog; clock: Clock }): Router {
  const router = Router();
  router.get('/outbox', async (req, res) => {
    const parsed = parseOutboxQuery(req.query as Record<string, unknown>);
    if (!parsed.ok) {
      res.status(400).json({ code: 'REQUEST_INVALID', param: parsed.param, title: parsed.title });
      return;
    }
    const { withBody, ...q } = parsed.value;
    // one more than asked tells whether a next page exists, so `next` never leads to an empty page
    const rows = await deps.ledger.listOutbox({ ...q, limit: q.limit + 1 });
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    const next = rows.length > q.limit && last ? { before: last.updatedAt, beforeId: last.id } : undefined;
    res.json({ state: q.state, items: items.map((i) => outboxItemView(i, withBody)), ...(next ? { next } : {}) });
  });
  router.get('/unresolved', async (_req, res) => {
    res.json(await listUnresolvedView(deps));
  });
  router.get('/reversals', async (_req, res) => {
    res.json({ reversals: await deps.opsLog.reversals() });
  });
  return router;
}
