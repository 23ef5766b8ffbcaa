// The express app: BBPS routes, health. Errors end in one handler that answers a Failure Ack on the
// BBPS routes and problem JSON elsewhere.
import express, { type ErrorRequestHandler } from 'express';
import { ackApiFor, ackErrorFor, buildAck, type RequestRoot } from '../bbps';
import type { BillerRegistry } from '../billers/registry';
import type { Config } from '../config/env';
import type { FetchBill } from '../core/fetch-bill';
import type { Logger } from '../core/logger';
import type { PayBill } from '../core/pay-bill';
import type { Clock, DigitGateway, Ledger } from '../core/ports';
import { bbpsSyncRouter } from './bbps-sync';
import { asAppError, httpStatusFor } from './error-map';
import { healthRouter } from './health';
import { MessageJournal } from './message-journal';

export interface AppDeps {
  config: Config;
  billers: BillerRegistry;
  ledger: Ledger;
  digit: DigitGateway;
  fetchBill: FetchBill;
  payBill: PayBill;
  clock: Clock;
  log: Logger;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const journal = new MessageJournal(deps.ledger, deps.log);

  app.use('/health', healthRouter(deps.ledger, deps.digit));
  app.use('/bbps/sync', bbpsSyncRouter({ ...deps, journal }));

  app.use((_req, res) => {
    res.status(404).json({ code: 'NOT_FOUND', title: 'No such route' });
  });

  const onError: ErrorRequestHandler = (e, req, res, _next) => {
    const err = asAppError(e);
    const status = httpStatusFor(err);
    if (err.code === 'INTERNAL') deps.log.error('unhandled error', { path: req.path, error: err.message });
    else deps.log.warn('request refused', { path: req.path, code: err.code, error: err.message });
    if (res.headersSent) return;
    const api = req.path.match(/^\/bbps\/(?:sync\/)?(BillFetchRequest|BillPaymentRequest|BillValidationRequest|TxnStatusRequest)\b/)?.[1];
    if (api) {
      const ack = buildAck({ api: ackApiFor(api as RequestRoot), refId: '', ok: false, errors: [ackErrorFor(err)], ts: deps.clock.now() });
      void journal.inbound({ api, refId: '' }, '', `REJECTED:${err.code}`).catch(() => undefined);
      res.status(status).type('application/xml; charset=utf-8').send(ack);
      return;
    }
    res.status(status).json({ code: err.code, title: err.code === 'INTERNAL' ? 'Internal error' : err.message });
  };
  app.use(onError);
  return app;
}
