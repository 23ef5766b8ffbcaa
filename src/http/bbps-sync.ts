// POST /bbps/sync/{Api}: BBPS messages answered synchronously (design §3.3). Routes are thin: parse,
// record, call one use case, build the answer.
import { Router, type Request, type Response } from 'express';
import {
  ackErrorFor, buildAck, buildFetchResponse, buildPaymentResponse, toFetchRequest, toPaymentRequest, type AckApi, type BbpsRoot,
} from '../bbps';
import type { Signer, Verifier } from '../bbps/signature';
import type { BillerRegistry } from '../billers/registry';
import type { Config } from '../config/env';
import { AppError } from '../core/errors';
import type { FetchBill } from '../core/fetch-bill';
import type { PayBill } from '../core/pay-bill';
import type { Clock } from '../core/ports';
import type { FetchOutcome } from '../core/types';
import { asAppError, httpStatusFor } from './error-map';
import type { Exchange, MessageJournal } from './message-journal';
import { checkSigned, readBody, type ReadBody } from './async-intake';
import { xmlBody } from './xml-body';

export interface SyncDeps {
  config: Config;
  billers: BillerRegistry;
  fetchBill: FetchBill;
  payBill: PayBill;
  journal: MessageJournal;
  clock: Clock;
  /** the pinned CU key: every request must carry a valid signature (G27 otherwise) */
  verifier?: Verifier;
  /** signs every message we answer with */
  sign?: Signer;
}

const XML = 'application/xml; charset=utf-8';

export function bbpsSyncRouter(deps: SyncDeps): Router {
  const { config, clock, journal } = deps;
  const router = Router();
  const build = () => ({ ouId: config.ouId, now: clock.now() });
  const signed = (xml: string) => (deps.sign ? deps.sign(xml) : xml);
  /** the request as signed when a CU key is pinned (no URL refId on these routes: the decoded fields are
   *  checked against the signed ones instead, checkSigned) */
  const read = (body: Buffer, expect: BbpsRoot): ReadBody => readBody(body, { expect, maxBytes: config.maxBodyBytes, limits: config.xmlLimits, verifier: deps.verifier, timed: journal.timer(expect) });

  /** A request we cannot accept: 400/413/415/503 with a Failure Ack, recorded, nothing else touched. */
  async function refuse(res: Response, api: AckApi, x: Exchange, body: Buffer | string, e: unknown, started: number) {
    const err = asAppError(e);
    const status = httpStatusFor(err);
    const ack = signed(buildAck({ api, refId: x.refId, msgId: x.msgId, ok: false, errors: [ackErrorFor(err)], ts: clock.now() }));
    await journal.inbound(x, body, `REJECTED:${err.code}`).catch(() => undefined);
    res.status(status).type(XML).send(ack);
    await journal.outbound(x, 'Ack', ack, `REJECTED:${err.code}`, status, started);
  }

  function knownBiller(billerId: string) {
    if (!deps.billers.get(billerId)) throw new AppError('INVALID_BILLER', `biller ${billerId} is not served by this adapter`);
  }

  router.post('/BillFetchRequest', ...xmlBody(config.maxBodyBytes), async (req: Request, res: Response) => {
    const started = Date.now();
    const body = req.body as Buffer;
    let x: Exchange = { api: 'BillFetchRequest', refId: '' };
    let parsed;
    try {
      const received = read(body, 'BillFetchRequest');
      parsed = toFetchRequest(received.doc);
      checkSigned(received.signed, parsed.request);
      x = { ...x, refId: parsed.request.refId, msgId: parsed.request.msgId };
      knownBiller(parsed.request.billerId);
      await journal.inbound(x, body, 'ACCEPTED');
    } catch (e) {
      return refuse(res, 'FETCH_REQUEST', x, body, e, started);
    }
    const outcome = await withDeadline(deps.fetchBill.execute(parsed.request), started + config.syncDeadlineMs);
    const xml = signed(buildFetchResponse(parsed.echo, outcome, build()));
    res.status(200).type(XML).send(xml);
    await journal.outbound(x, 'BillFetchResponse', xml, outcome.ok ? '000' : outcome.code, 200, started);
  });

  router.post('/BillPaymentRequest', ...xmlBody(config.maxBodyBytes), async (req: Request, res: Response) => {
    const started = Date.now();
    const body = req.body as Buffer;
    let x: Exchange = { api: 'BillPaymentRequest', refId: '' };
    let parsed;
    try {
      const received = read(body, 'BillPaymentRequest');
      parsed = toPaymentRequest(received.doc);
      checkSigned(received.signed, parsed.request);
      const r = parsed.request;
      x = { ...x, refId: r.refId, msgId: r.msgId, txnReferenceId: r.txnReferenceId };
      knownBiller(r.billerId);
      if (r.reversal) throw new AppError('REQUEST_INVALID', 'reversals are taken on the network route /bbps/BillPaymentRequest/1.0/urn:referenceId:{refId}');
    } catch (e) {
      return refuse(res, 'PAYMENT_REQUEST', x, body, e, started);
    }
    let outcome;
    try {
      // the message is recorded with the claim (SQLite: one savepoint); a rejection: the claim was not made
      outcome = await deps.payBill.execute(parsed.request, started + config.syncDeadlineMs, journal.received(x, body, 'ACCEPTED'));
    } catch (e) {
      return refuse(res, 'PAYMENT_REQUEST', x, body, e, started);
    }
    if (outcome.status === 'PENDING') {
      // accepted, outcome unknown: the answer comes from a repeat of the request or a status query
      const ack = signed(buildAck({ api: 'PAYMENT_REQUEST', refId: x.refId, msgId: x.msgId, ok: true, ts: clock.now() }));
      res.status(202).type(XML).send(ack);
      return journal.outbound(x, 'Ack', ack, 'PENDING', 202, started);
    }
    const xml = signed(buildPaymentResponse(parsed.echo, outcome, { ...build(), reversal: false }));
    res.status(200).type(XML).send(xml);
    await journal.outbound(x, 'BillPaymentResponse', xml, outcome.status === 'SUCCESS' ? '000' : outcome.code, 200, started);
  });

  return router;
}

/** design §3.8: a sync fetch still waiting on DIGIT at the deadline answers BFR008 (the JSON API too). */
export async function withDeadline(work: Promise<FetchOutcome>, deadline: number): Promise<FetchOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<FetchOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, code: 'BFR008', reason: 'DIGIT did not answer in time' }), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
