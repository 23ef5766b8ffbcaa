// POST /bbps/ResDiagnostic/1.0/urn:referenceId:{refId} (design §3.3, protocol §2.6): the CU's answer to
// our heartbeat — verified like every inbound message, recorded, Acked.
import { Router, type Request, type Response } from 'express';
import { ackErrorFor, buildAck, toDiagnostic } from '../bbps';
import type { Signer, Verifier } from '../bbps/signature';
import type { Config } from '../config/env';
import { AppError } from '../core/errors';
import type { Clock } from '../core/ports';
import type { Logger } from '../core/logger';
import { checkSigned, readBody } from './async-intake';
import { asAppError, httpStatusFor } from './error-map';
import type { Exchange, MessageJournal } from './message-journal';
import { xmlBody } from './xml-body';

export interface DiagnosticDeps {
  config: Config;
  journal: MessageJournal;
  clock: Clock;
  log: Logger;
  verifier?: Verifier;
  sign?: Signer;
}

const ROUTE = /^\/ResDiagnostic\/1\.0\/urn:referenceId:([^/]+)$/;

export function bbpsDiagnosticRouter(deps: DiagnosticDeps): Router {
  const { config, clock, journal } = deps;
  const router = Router();
  router.post(ROUTE, ...xmlBody(config.maxBodyBytes), async (req: Request, res: Response) => {
    const started = Date.now();
    const urlRefId = String((req.params as unknown as Record<string, string>)[0] ?? '');
    const body = req.body as Buffer;
    const x: Exchange = { api: 'ResDiagnostic', refId: urlRefId };
    let status = 200;
    let errors: Array<{ code: string; detail: string }> | undefined;
    try {
      const read = readBody(body, { expect: 'ResDiagnostic', maxBytes: config.maxBodyBytes, limits: config.xmlLimits, verifier: deps.verifier, urlRefId });
      const diagnostic = toDiagnostic(read.doc);
      checkSigned(read.signed, diagnostic.head);
      if (diagnostic.head.refId !== urlRefId) throw new AppError('REQUEST_INVALID', 'the URL refId differs from Head/@refId');
      await journal.inbound(x, body, diagnostic.errors.length ? `ERRORS:${diagnostic.errors.map((e) => e.code).join(',')}` : 'OK');
      if (diagnostic.errors.length) deps.log.warn('CU diagnostic reports errors', { refId: urlRefId, errors: diagnostic.errors });
    } catch (e) {
      const err = asAppError(e);
      status = httpStatusFor(err);
      errors = [ackErrorFor(err)];
      await journal.inbound(x, body, `REJECTED:${err.code}`).catch(() => undefined);
    }
    const xml = buildAck({ api: 'DIAGNOSTIC_RESPONSE', refId: urlRefId, ok: !errors, errors, ts: clock.now() });
    const out = deps.sign ? deps.sign(xml) : xml;
    res.status(status).type('application/xml; charset=utf-8').send(out);
    await journal.outbound(x, 'Ack', out, errors ? `REJECTED:${errors[0]?.code}` : 'ACCEPTED', status, started);
  });
  return router;
}
