// The JSON API for agent institutions and aggregators (design §3.4), mounted at /api: helmet headers,
// the OpenAPI document and its docs page (no key needed), then /v1 behind the API key and the
// per-client rate limit. Every error here is application/problem+json.
import { Router, type ErrorRequestHandler } from 'express';
import helmet from 'helmet';
import type { BillerRegistry } from '../../billers/registry';
import type { ClientRegistry } from '../../clients/registry';
import type { ClientPayments } from '../../core/client-payments';
import type { FetchBill } from '../../core/fetch-bill';
import type { IdempotentPayment } from '../../core/idempotent-payment';
import type { Logger } from '../../core/logger';
import type { Clock } from '../../core/ports';
import { authenticate } from './auth';
import { docsRoutes } from './docs';
import { jsonBody } from './json-body';
import { problemFromError, problemOf, sendProblem } from './problem';
import { perClientRateLimit } from './rate-limit';
import { billsRoutes } from './routes-bills';
import { paymentsRoutes } from './routes-payments';

export interface ApiDeps {
  clients: ClientRegistry;
  billers: BillerRegistry;
  fetchBill: FetchBill;
  payments: IdempotentPayment;
  clientPayments: ClientPayments;
  clock: Clock;
  log: Logger;
  /** BBPS_SYNC_DEADLINE_MS: a fetch or payment waits this long for DIGIT */
  deadlineMs: number;
}

// a payment names at most 50 bills and 50 parameters: 64 KiB is ample and bounds the work per request
const MAX_JSON_BYTES = 65_536;

export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  router.use(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // the docs page: our own stylesheet only, no script, nothing from another origin
      directives: { defaultSrc: ["'none'"], styleSrc: ["'self'"], imgSrc: ["'self'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
    },
  }));
  router.use(docsRoutes());

  const v1 = Router();
  v1.use(authenticate(deps.clients));
  v1.use(perClientRateLimit());
  v1.use(jsonBody(MAX_JSON_BYTES));
  v1.use(billsRoutes(deps));
  v1.use(paymentsRoutes({ ...deps, deadlineMs: deps.deadlineMs }));
  router.use('/v1', v1);

  router.use((req, res) => sendProblem(res, problemOf('NOT_FOUND', `no route ${req.method} ${req.baseUrl}${req.path}`)));
  const onError: ErrorRequestHandler = (e, req, res, _next) => {
    const problem = problemFromError(e);
    if (problem.code === 'INTERNAL') deps.log.error('JSON API: unhandled error', { path: req.path, error: String((e as Error)?.stack ?? e) });
    else if (problem.status >= 500) deps.log.warn('JSON API: request failed', { path: req.path, code: problem.code, error: String((e as Error)?.message ?? e) });
    if (res.headersSent) return;
    sendProblem(res, problem);
  };
  router.use(onError);
  return router;
}
