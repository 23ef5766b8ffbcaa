// The express app: admin API (no auth), fault injection, login, then the gateway-protected routes.
import express, { type Express } from 'express';
import { adminRouter } from '../admin/admin-routes';
import { gateway } from '../auth/gateway';
import { loginHandler } from '../auth/login-route';
import { billSearchHandler } from '../billing/bill-search';
import { fetchBillHandler } from '../billing/fetch-bill';
import { createPaymentHandler } from '../collection/create-route';
import { paymentSearchHandler } from '../collection/payment-search';
import { workflowHandler } from '../collection/workflow';
import type { SandboxContext } from '../context';
import type { FaultInjector } from '../faults';
import type { DigitSandbox } from '../sandbox';
import { errorMiddleware, notFound } from './errors-mw';
import { PATHS, classify, type RouteName } from './routes';

/** One call as the sandbox received it. */
export interface ReceivedCall {
  route: RouteName;
  path: string;
  /** the query string as sent, without `?` ('' when none): tests read paging (offset, limit) from it */
  query: string;
  /** the caller's W3C trace context header, when it sent one */
  traceparent?: string;
}

export function buildApp(ctx: SandboxContext, faults: FaultInjector, sandbox: DigitSandbox, record: (call: ReceivedCall) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use('/_admin', express.json({ limit: '5mb' }), adminRouter(sandbox));
  // every DIGIT call as it arrived, faults included (tests follow a request's trace into DIGIT)
  app.use((req, _res, next) => {
    const tp = req.headers.traceparent;
    const q = req.originalUrl.indexOf('?');
    record({ route: classify(req.path).name, path: req.path, query: q < 0 ? '' : req.originalUrl.slice(q + 1), ...(typeof tp === 'string' ? { traceparent: tp } : {}) });
    next();
  });
  // every _create call that arrives counts, including those a fault answers or drops
  app.use((req, _res, next) => {
    if (req.method === 'POST' && req.path === PATHS.create) ctx.state.counters.createCalls += 1;
    next();
  });
  app.use(faults.middleware());
  app.post(PATHS.login, express.urlencoded({ extended: false }), loginHandler(ctx));

  const body = express.json({ limit: '1mb' });
  const gw = gateway(ctx);
  app.post(PATHS.fetchbill, body, gw, fetchBillHandler(ctx));
  app.post(PATHS.billsearch, body, gw, billSearchHandler(ctx));
  app.post(PATHS.create, body, gw, createPaymentHandler(ctx));
  app.post(PATHS.paymentSearch, body, gw, paymentSearchHandler(ctx));
  app.post('/collection-services/payments/:module/_search', body, gw, paymentSearchHandler(ctx));
  app.post('/collection-services/payments/:module/_workflow', body, gw, workflowHandler(ctx));
  app.use(notFound);
  app.use(errorMiddleware);
  return app;
}
