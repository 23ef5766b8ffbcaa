// The express app: BBPS routes, health, metrics, operators' JSON and web console. Errors end in one handler that answers a Failure Ack on the
// BBPS routes and problem JSON elsewhere.
import express, { type ErrorRequestHandler } from 'express';
import { ackApiFor, ackErrorFor, buildAck, type BbpsRoot } from '../bbps';
import type { BillerRegistry } from '../billers/registry';
import type { Config } from '../config/env';
import type { FetchBill } from '../core/fetch-bill';
import type { Logger } from '../core/logger';
import type { PayBill } from '../core/pay-bill';
import type { Clock, DigitGateway, Ledger } from '../core/ports';
import type { Signer, Verifier } from '../bbps/signature';
import type { OpsLog } from '../jobs/ops-log';
import type { OutboxDispatcher } from '../jobs/outbox-dispatcher';
import type { OperatorRegistry } from '../operators/registry';
import { apiRouter, type ApiDeps } from './api/router';
import { bbpsAsyncRouter } from './bbps-async';
import { bbpsDiagnosticRouter } from './bbps-diagnostic';
import { bbpsSyncRouter } from './bbps-sync';
import { allowListMiddleware, compileAllowList } from './ip-allow';
import { opsRouter } from './ops';
import { consoleRouter } from './console/router';
import { SessionKeys } from './console/session';
import { paymentLeaseMs } from '../digit';
import { closeWhenBodyUnread } from './body-limit';
import { asAppError, httpStatusFor } from './error-map';
import { digitReadiness, healthRouter, type DigitLoginState } from './health';
import { ResolveNow } from '../core/resolve-now';
import { MessageJournal } from './message-journal';
import { Metrics } from '../observability/metrics';
import { countRequests } from './request-metrics';
import { traceRequests } from './tracing';

export interface AppDeps {
  config: Config;
  billers: BillerRegistry;
  ledger: Ledger;
  digit: DigitGateway;
  fetchBill: FetchBill;
  payBill: PayBill;
  clock: Clock;
  log: Logger;
  opsLog: OpsLog;
  /** the network mode's outbox; undefined when BBPS_CALLBACK_URL is unset (async routes refuse) */
  dispatcher?: OutboxDispatcher;
  /** a fresh work item is this process's for this long before the outbox poller may take it */
  workLeaseMs: number;
  /** pinned CU key (BBPS_CU_CERT_FILE); undefined = verification off */
  verifier?: Verifier;
  /** our key (BBPS_SIGNING_KEY_FILE); undefined = unsigned */
  sign?: Signer;
  /** why DIGIT is not ready (readiness detail); never logs in */
  digitLoginStatus?: () => DigitLoginState;
  /** each DIGIT endpoint group's circuit breaker state (readiness detail) */
  circuitStates?: () => Record<string, string>;
  /** operator keys of /ops (design §3.9); empty → /ops refuses everyone */
  operators: OperatorRegistry;
  /** the JSON API under /api (design §3.4) */
  api?: ApiDeps;
  /** this instance's metrics (made here when absent); the reconciliation sets its gauge through it */
  metrics?: Metrics;
}

const BBPS_API = /^(?:\/bbps)?\/(?:sync\/)?(BillFetchRequest|BillPaymentRequest|BillValidationRequest|TxnStatusRequest|ResDiagnostic)\b/;

/** The BBPS request a path names, whether mounted under /bbps or seen from the app root. */
const apiOf = (path: string) => path.match(BBPS_API)?.[1] as Exclude<BbpsRoot, 'Ack'> | undefined;


export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(traceRequests());
  app.use(closeWhenBodyUnread());
  let metrics = deps.metrics;
  if (!metrics) {
    metrics = new Metrics();
    metrics.watch(deps.ledger, deps.digit);
  }
  const journal = new MessageJournal(deps.ledger, deps.log, metrics);

  const signed = (xml: string) => (deps.sign ? deps.sign(xml) : xml);

  // the BBPS routes first: every request walks the app's layers in order until one takes it, and BBPS
  // traffic is the load (the other prefixes do not overlap them)
  app.use(
    '/bbps',
    allowListMiddleware(compileAllowList(deps.config.allowedIps), (req, res) => {
      deps.log.warn('BBPS route refused: address not in BBPS_ALLOWED_IPS', { path: req.path, address: req.socket.remoteAddress });
      const errors = [{ code: 'ACCESS_DENIED', detail: 'this address may not call the BBPS routes' }];
      res.status(403).type('application/xml; charset=utf-8').send(signed(buildAck({ api: ackApiFor(apiOf(req.path) ?? 'BillFetchRequest'), refId: '', ok: false, errors, ts: deps.clock.now() })));
    }),
  );
  app.use('/bbps/sync', bbpsSyncRouter({ ...deps, journal }));
  app.use('/bbps', bbpsAsyncRouter({ ...deps, journal }));
  app.use('/bbps', bbpsDiagnosticRouter({ ...deps, journal }));

  app.use('/health', healthRouter(deps.ledger, deps.digit, deps.digitLoginStatus, deps.circuitStates));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const readiness = digitReadiness(deps.digit, deps.digitLoginStatus, deps.circuitStates);
  const resolveNow = new ResolveNow({ ledger: deps.ledger, payBill: deps.payBill, clock: deps.clock, digitReadiness: readiness, budgetMs: deps.config.syncDeadlineMs });
  const dispatcher = deps.dispatcher;
  const resend = { ledger: deps.ledger, leaseMs: deps.workLeaseMs, ...(dispatcher ? { kick: (id: string) => dispatcher.kick(id) } : {}) };
  app.use('/ops', opsRouter({ ...deps, metrics, digitReadiness: readiness, resolveNow, resend }));
  const keys = deps.config.consoleSessionSecret ? new SessionKeys(Buffer.from(deps.config.consoleSessionSecret, 'utf8')) : SessionKeys.random();
  const recon = {
    ledger: deps.ledger, digit: deps.digit, billers: deps.billers, reversals: deps.opsLog, clock: deps.clock, log: deps.log,
    leaseMs: paymentLeaseMs(deps.config.digitTimeoutMs),
  };
  app.use('/console', consoleRouter({ ...deps, keys, digitReadiness: readiness, resolveNow, resend, recon, metrics }));
  if (deps.api) app.use('/api', countRequests(metrics), apiRouter(deps.api));

  app.use((_req, res) => {
    res.status(404).json({ code: 'NOT_FOUND', title: 'No such route' });
  });

  const onError: ErrorRequestHandler = (e, req, res, _next) => {
    const err = asAppError(e);
    const status = httpStatusFor(err);
    if (err.code === 'INTERNAL') deps.log.error('unhandled error', { path: req.path, error: err.message });
    else deps.log.warn('request refused', { path: req.path, code: err.code, error: err.message });
    if (res.headersSent) return;
    const api = apiOf(req.path);
    if (api) {
      const ack = signed(buildAck({ api: ackApiFor(api), refId: '', ok: false, errors: [ackErrorFor(err)], ts: deps.clock.now() }));
      void journal.inbound({ api, refId: '' }, '', `REJECTED:${err.code}`).catch(() => undefined);
      res.status(status).type('application/xml; charset=utf-8').send(ack);
      return;
    }
    res.status(status).json({ code: err.code, title: err.code === 'INTERNAL' ? 'Internal error' : err.message });
  };
  app.use(onError);
  return app;
}
