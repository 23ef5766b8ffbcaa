// The operators' web console (design §3.9), mounted at /console: server-rendered pages over the same
// use cases as the /ops JSON routes (this is one more transport, never a copy). Strict CSP, no script,
// the stylesheet from this origin; sessions and CSRF in session.ts and guard.ts.
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { BillerRegistry } from '../../billers/registry';
import { findPayments } from '../../core/find-payments';
import type { Logger } from '../../core/logger';
import { opsOverview, type DigitReadiness } from '../../core/ops-overview';
import { paymentDetail } from '../../core/payment-detail';
import type { Clock, Ledger } from '../../core/ports';
import { resendCallback, type ResendDeps } from '../../core/resend-callback';
import type { ResolveNow } from '../../core/resolve-now';
import { findUnresolved } from '../../core/unresolved';
import { istDate } from '../../core/dates';
import { reconCsv } from '../../core/recon-csv';
import { needingAction, reconcile, repairReconciliation, type ReconDeps, type ReconQuery } from '../../core/reconcile';
import type { Metrics } from '../../observability/metrics';
import { problemFromError } from '../api/problem';
import type { OpsLog } from '../../jobs/ops-log';
import type { OperatorRegistry } from '../../operators/registry';
import { asAppError, httpStatusFor, titleOfCode } from '../error-map';
import { reconciliationBody } from './pages/reconciliation';
import { paymentDetailView } from '../ops-payment-views';
import { parsePaymentsQuery } from '../ops-payments-query';
import { CONSOLE_CSS } from './assets';
import { clearSession, readSigned, requireOperatorRole, requireSession, sameOrigin, setSession, signedOf } from './guard';
import { html, query } from './html';
import { barePage, noticeOf, page } from './layout';
import { callbacksBody, reversalsBody, unresolvedBody } from './pages/lists';
import { overviewBody } from './pages/overview';
import { paymentBody } from './pages/payment';
import { paymentHref, paymentsBody } from './pages/payments';
import { signInPage } from './pages/sign-in';
import type { SessionKeys } from './session';

export interface ConsoleDeps {
  ledger: Ledger;
  clock: Clock;
  log: Logger;
  billers: BillerRegistry;
  operators: OperatorRegistry;
  opsLog: OpsLog;
  keys: SessionKeys;
  digitReadiness: () => DigitReadiness;
  resolveNow: ResolveNow;
  resend: ResendDeps;
  /** the reconciliation use case's dependencies (the same as GET /ops/recon's) */
  recon: ReconDeps;
  /** the reconciliation's gauge is set after each run */
  metrics?: Metrics;
}

export const CONSOLE_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"], styleSrc: ["'self'"], imgSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"],
  },
};

const LIST_LIMIT = 200;

export function consoleRouter(deps: ConsoleDeps): Router {
  const router = Router();
  router.use(helmet({ contentSecurityPolicy: CONSOLE_CSP, referrerPolicy: { policy: 'same-origin' } }));
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/assets/console.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('text/css; charset=utf-8').send(CONSOLE_CSS);
  });
  router.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));
  router.use(sameOrigin);

  router.get('/sign-in', (req, res) => {
    if (readSigned(req, deps.keys, deps.operators, deps.clock)) return res.redirect(303, '/console');
    res.type('html').send(signInPage());
  });
  router.post('/sign-in', (req, res) => {
    const key = (req.body as Record<string, unknown> | undefined)?.key;
    const who = typeof key === 'string' && key.length <= 256 ? deps.operators.resolve(key.trim()) : null;
    if (!who) {
      deps.log.warn('console: sign-in refused', { reason: deps.operators.size === 0 ? 'no operator configured' : 'unknown key' });
      const why = deps.operators.size === 0 ? 'No operator is configured (OPERATORS_FILE): the console refuses everyone.' : 'That operator key is not known.';
      return res.status(401).type('html').send(signInPage(why));
    }
    setSession(req, res, deps.keys.issue(who.id, deps.clock.now()).value);
    deps.log.info('console: signed in', { operator: who.id, role: who.role });
    res.redirect(303, '/console');
  });

  router.use(requireSession(deps.keys, deps.operators, deps.clock));
  router.post('/sign-out', (req, res) => {
    deps.log.info('console: signed out', { operator: signedOf(res).operator.id });
    clearSession(req, res);
    res.redirect(303, '/console/sign-in');
  });

  const send = (req: Request, res: Response, title: string, section: Parameters<typeof page>[0]['section'], body: ReturnType<typeof html>) =>
    res.type('html').send(page({ title, section, signed: signedOf(res), notice: noticeOf(req.query.notice), body }));

  router.get('/', async (req, res) => {
    send(req, res, 'Overview', 'Overview', overviewBody(await opsOverview(deps)));
  });
  router.get('/payments', async (req, res) => {
    const parsed = parsePaymentsQuery(req.query as Record<string, unknown>, ['notice']);
    const billerIds = deps.billers.all().map((b) => b.billerId);
    if (!parsed.ok) return res.status(400).type('html').send(page({ title: 'Payments', section: 'Payments', signed: signedOf(res), body: paymentsBody({ page: 1 }, undefined, billerIds, parsed.title) }));
    send(req, res, 'Payments', 'Payments', paymentsBody(parsed.value, await findPayments(deps, parsed.value), billerIds));
  });
  router.get('/payments/:txnReferenceId', async (req, res) => {
    const view = paymentDetailView(await paymentDetail(deps, req.params.txnReferenceId));
    send(req, res, `Payment ${view.txnReferenceId}`, 'Payments', paymentBody(view, signedOf(res)));
  });
  router.post('/payments/:txnReferenceId/resolve', requireOperatorRole, async (req, res) => {
    const txn = String(req.params.txnReferenceId);
    const result = await deps.resolveNow.execute(txn);
    deps.log.info('console: resolve now', { operator: signedOf(res).operator.id, txnReferenceId: txn, result: result.result });
    const notice = result.result === 'SETTLED' ? 'settled' : result.result === 'ALREADY_SETTLED' ? 'already-settled' : 'still-unknown';
    const back = (req.body as Record<string, unknown>).back === 'unresolved' ? '/console/unresolved' : paymentHref(txn);
    res.redirect(303, `${back}?notice=${notice}`);
  });
  router.get('/unresolved', async (req, res) => {
    const { now, items } = await findUnresolved(deps);
    send(req, res, 'Unresolved', 'Unresolved', unresolvedBody(items, now, signedOf(res)));
  });
  router.get('/callbacks', async (req, res) => {
    const [parked, pending] = await Promise.all([
      deps.ledger.listOutbox({ state: 'PARKED', limit: LIST_LIMIT }),
      deps.ledger.listOutbox({ state: 'PENDING', limit: LIST_LIMIT }),
    ]);
    send(req, res, 'Callbacks', 'Callbacks', callbacksBody(parked, pending, LIST_LIMIT, signedOf(res)));
  });
  router.post('/callbacks/:id/resend', requireOperatorRole, async (req, res) => {
    const id = String(req.params.id);
    await resendCallback(deps.resend, id);
    deps.log.info('console: callback resent', { operator: signedOf(res).operator.id, id });
    res.redirect(303, '/console/callbacks?notice=resent');
  });
  router.get('/reversals', async (req, res) => {
    send(req, res, 'Reversals', 'Reversals', reversalsBody(await deps.opsLog.reversals()));
  });

  const days = (source: Record<string, unknown>): ReconQuery => {
    const today = istDate(deps.clock.now());
    const day = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback);
    return { from: day(source.from, today), to: day(source.to, day(source.from, today)) };
  };
  const run = async (q: ReconQuery) => {
    const report = await reconcile(deps.recon, q);
    deps.metrics?.setReconNeedingAction(needingAction(report));
    return report;
  };
  router.get('/reconciliation', async (req, res) => {
    const q = days(req.query as Record<string, unknown>);
    // the first visit shows the form (today); Run reconciliation submits the days
    const report = req.query.from === undefined ? undefined : await run(q);
    send(req, res, 'Reconciliation', 'Reconciliation', reconciliationBody(q, report, signedOf(res)));
  });
  router.get('/reconciliation.csv', async (req, res) => {
    const q = days(req.query as Record<string, unknown>);
    const report = await run(q);
    // from and to passed the use case's day check (yyyy-MM-dd): nothing in the name needs escaping
    res.type('text/csv; charset=utf-8').set('content-disposition', `attachment; filename="recon-${report.from}-${report.to}.csv"`).send(reconCsv(report));
  });
  router.post('/reconciliation/repair', requireOperatorRole, async (req, res) => {
    const q = days(req.body as Record<string, unknown>);
    const result = await repairReconciliation(deps.recon, await reconcile(deps.recon, q));
    deps.log.info('console: reconciliation repair', { operator: signedOf(res).operator.id, from: q.from, to: q.to, repaired: result.repaired.length, skipped: result.skipped.length });
    await run(q);
    res.redirect(303, `/console/reconciliation${query({ from: q.from, to: q.to, notice: 'repaired' })}`);
  });

  router.use((_req, res) => {
    res.status(404).type('html').send(page({ title: 'Not found', signed: signedOf(res), body: html`<p>No such console page. <a href="/console">Back to the Overview</a>.</p>` }));
  });
  const onError: ErrorRequestHandler = (e, req, res, _next) => {
    const err = asAppError(e);
    const status = httpStatusFor(err);
    if (err.code === 'INTERNAL') deps.log.error('console: unhandled error', { path: req.path, error: String((e as Error)?.stack ?? e) });
    else deps.log.warn('console: request refused', { path: req.path, code: err.code });
    if (res.headersSent) return;
    // our own texts (a refused day, a viewer's action); DIGIT's or the ledger's words stay in the logs
    const detail = err.details.public === true ? err.message : problemFromError(err).detail;
    const body = html`<p class="error" role="alert">${detail}</p><p><a href="/console">Back to the Overview</a></p>`;
    const signed = res.locals.console as ReturnType<typeof signedOf> | undefined;
    res.status(status).type('html').send(signed ? page({ title: titleOfCode(err.code), signed, body }) : barePage(titleOfCode(err.code), body));
  };
  router.use(onError);
  return router;
}
