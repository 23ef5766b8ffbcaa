// Operators' JSON (design §3.9, docs/operators.md): the ledger's outbox by state, the payments
// unresolved after a minute, every reversal with what was done about it. Every route needs an
// operator key (ops-auth.ts); every error is application/problem+json.
import { Router, type ErrorRequestHandler } from 'express';
import type { BillerRegistry } from '../billers/registry';
import type { Config } from '../config/env';
import { isAppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Clock, DigitGateway, Ledger } from '../core/ports';
import { paymentLeaseMs } from '../digit';
import type { Metrics } from '../observability/metrics';
import type { OpsLog } from '../jobs/ops-log';
import type { OperatorRegistry } from '../operators/registry';
import { problemFromError, problemOf, sendProblem } from './api/problem';
import { operatorAuth } from './ops-auth';
import { parseOutboxQuery } from './ops-outbox-query';
import { outboxItemView } from './ops-outbox-view';
import { reconRoutes } from './ops-recon';
import { listUnresolvedView } from './ops-unresolved';

export interface OpsDeps {
  ledger: Ledger;
  opsLog: OpsLog;
  clock: Clock;
  log: Logger;
  operators: OperatorRegistry;
  /** the reconciliation (GET /ops/recon, POST /ops/recon/repair) reads DIGIT and the biller configuration */
  digit: DigitGateway;
  billers: BillerRegistry;
  config: Pick<Config, 'digitTimeoutMs'>;
  /** the reconciliation's gauge is set after each run */
  metrics?: Metrics;
}

export function opsRouter(deps: OpsDeps): Router {
  const router = Router();
  router.use(operatorAuth(deps.operators));
  router.get('/outbox', async (req, res) => {
    const parsed = parseOutboxQuery(req.query as Record<string, unknown>);
    if (!parsed.ok) {
      sendProblem(res, problemOf('REQUEST_INVALID', parsed.title, { param: parsed.param }));
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
  reconRoutes(router, {
    recon: {
      ledger: deps.ledger, digit: deps.digit, billers: deps.billers, reversals: deps.opsLog, clock: deps.clock, log: deps.log,
      leaseMs: paymentLeaseMs(deps.config.digitTimeoutMs),
    },
    metrics: deps.metrics,
  });
  router.use((req, res) => sendProblem(res, problemOf('NOT_FOUND', `no route ${req.method} ${req.baseUrl}${req.path}`)));
  const onError: ErrorRequestHandler = (e, req, res, _next) => {
    const problem = problemFromError(e);
    if (problem.code === 'INTERNAL') deps.log.error('ops: unhandled error', { path: req.path, error: String((e as Error)?.stack ?? e) });
    else deps.log.warn('ops: request refused', { path: req.path, code: problem.code });
    if (res.headersSent) return;
    // a refused parameter is named (the reconciliation's from, to, tenant, format)
    const param = isAppError(e) && e.code === 'REQUEST_INVALID' && typeof e.details.param === 'string' ? e.details.param : undefined;
    sendProblem(res, param ? { ...problem, param } : problem);
  };
  router.use(onError);
  return router;
}
