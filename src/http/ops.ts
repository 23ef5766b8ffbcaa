// Operators' JSON (design §3.9, docs/operators.md): the ledger's outbox by state, the payments
// unresolved after a minute, every reversal with what was done about it, the Overview, the payment
// search and a payment's page, and the actions Resolve now and Resend — the same use cases the console
// calls. Every route needs an operator key (ops-auth.ts); every error is application/problem+json.
import { Router, type ErrorRequestHandler } from 'express';
import type { BillerRegistry } from '../billers/registry';
import type { Config } from '../config/env';
import { isAppError } from '../core/errors';
import { findPayments } from '../core/find-payments';
import type { Logger } from '../core/logger';
import { opsOverview, type DigitReadiness } from '../core/ops-overview';
import { paymentDetail } from '../core/payment-detail';
import type { Clock, DigitGateway, Ledger } from '../core/ports';
import { resendCallback, type ResendDeps } from '../core/resend-callback';
import type { ResolveNow } from '../core/resolve-now';
import { paymentLeaseMs } from '../digit';
import type { Metrics } from '../observability/metrics';
import type { OpsLog } from '../jobs/ops-log';
import type { OperatorRegistry } from '../operators/registry';
import { problemFromError, problemOf, sendProblem } from './api/problem';
import { operatorAuth, operatorOf } from './ops-auth';
import { parseOutboxQuery } from './ops-outbox-query';
import { outboxItemView } from './ops-outbox-view';
import { paymentDetailView, paymentSummaryView } from './ops-payment-views';
import { parsePaymentsQuery } from './ops-payments-query';
import { reconRoutes } from './ops-recon';
import { listUnresolvedView } from './ops-unresolved';

export interface OpsDeps {
  ledger: Ledger;
  opsLog: OpsLog;
  clock: Clock;
  log: Logger;
  operators: OperatorRegistry;
  digitReadiness: () => DigitReadiness;
  resolveNow: ResolveNow;
  resend: ResendDeps;
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
  router.get('/overview', async (_req, res) => {
    res.json(await opsOverview(deps));
  });
  router.get('/payments', async (req, res) => {
    const parsed = parsePaymentsQuery(req.query as Record<string, unknown>);
    if (!parsed.ok) return sendProblem(res, problemOf('REQUEST_INVALID', parsed.title, { param: parsed.param }));
    const page = await findPayments(deps, parsed.value);
    res.json({ ...page, items: page.items.map(paymentSummaryView) });
  });
  router.get('/payments/:txnReferenceId', async (req, res) => {
    res.json(paymentDetailView(await paymentDetail(deps, req.params.txnReferenceId)));
  });
  router.post('/payments/:txnReferenceId/resolve', async (req, res) => {
    const result = await deps.resolveNow.execute(req.params.txnReferenceId);
    deps.log.info('ops: resolve now', { operator: operatorOf(res).id, txnReferenceId: req.params.txnReferenceId, result: result.result });
    res.json(result);
  });
  router.post('/outbox/:id/resend', async (req, res) => {
    const result = await resendCallback(deps.resend, req.params.id);
    deps.log.info('ops: callback resent', { operator: operatorOf(res).id, id: req.params.id });
    res.json(result);
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
