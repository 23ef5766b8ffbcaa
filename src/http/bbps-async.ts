// POST /bbps/{Api}/1.0/urn:referenceId:{refId} (design §3.3): verify, parse, record the request and its
// work item durably, Ack at once; the answer is worked out in the background and POSTed to the CU.
// Express 5 reads ':' as a parameter marker, hence the regular expression.
import { Router, type Request, type Response } from 'express';
import { ackApiFor, ackErrorFor, buildAck, type AckApi } from '../bbps';
import type { Signer, Verifier } from '../bbps/signature';
import type { BillerRegistry } from '../billers/registry';
import type { Config } from '../config/env';
import { AppError, isAppError } from '../core/errors';
import type { PayBill } from '../core/pay-bill';
import type { Clock, Ledger } from '../core/ports';
import type { OutboxDispatcher } from '../jobs/outbox-dispatcher';
import { callbackId, decodeWork, encodeWork, workId, type AsyncApi } from '../jobs/work-item';
import { currentTraceparent } from '../observability/tracing';
import { readBody, readRequest, type Intake } from './async-intake';
import { asAppError, httpStatusFor } from './error-map';
import type { Exchange, MessageJournal } from './message-journal';
import { xmlBody } from './xml-body';

export interface AsyncDeps {
  config: Config;
  payBill: PayBill;
  billers: BillerRegistry;
  ledger: Ledger;
  journal: MessageJournal;
  clock: Clock;
  verifier?: Verifier;
  sign?: Signer;
  /** undefined when BBPS_CALLBACK_URL is unset: the routes refuse */
  dispatcher?: OutboxDispatcher;
  /** a fresh work item belongs to this process for this long before the poller may take it */
  workLeaseMs: number;
}

const XML = 'application/xml; charset=utf-8';
const ROUTE = /^\/(BillFetchRequest|BillPaymentRequest|BillValidationRequest|TxnStatusRequest)\/1\.0\/urn:referenceId:([^/]+)$/;

export function bbpsAsyncRouter(deps: AsyncDeps): Router {
  const { config, clock, journal, ledger } = deps;
  const router = Router();

  const sendAck = async (res: Response, status: number, x: Exchange, api: AckApi, started: number, errors?: Array<{ code: string; detail: string }>) => {
    const xml = buildAck({ api, refId: x.refId, msgId: x.msgId, ok: !errors, errors, ts: clock.now() });
    const body = deps.sign ? deps.sign(xml) : xml;
    res.status(status).type(XML).send(body);
    await journal.outbound(x, 'Ack', body, errors ? `REJECTED:${errors[0]?.code}` : 'ACCEPTED', status, started);
  };

  router.post(ROUTE, ...xmlBody(config.maxBodyBytes), async (req: Request, res: Response) => {
    const started = Date.now();
    const params = req.params as unknown as Record<string, string>;
    const api = params[0] as AsyncApi;
    const urlRefId = params[1] ?? ''; // decoded once, by express: a second decode would let several URLs name one refId
    const ackApi = ackApiFor(api);
    const body = req.body as Buffer;
    let x: Exchange = { api, refId: urlRefId };
    if (!deps.dispatcher || !config.callbackUrl) {
      const detail = 'async mode is off: BBPS_CALLBACK_URL is not set (use POST /bbps/sync/{Api})';
      await journal.inbound(x, body, 'REJECTED:ASYNC_NOT_CONFIGURED').catch(() => undefined);
      return sendAck(res, 503, x, ackApi, started, [{ code: 'ASYNC_NOT_CONFIGURED', detail }]);
    }
    try {
      const read = readBody(body, { expect: api, maxBytes: config.maxBodyBytes, limits: config.xmlLimits, verifier: deps.verifier, urlRefId, timed: journal.timer(api) });
      const intake = readRequest(api, read, deps.billers);
      const xml = read.xml;
      x = { api, refId: intake.refId, msgId: intake.msgId, txnReferenceId: intake.txnReferenceId };
      if (intake.refId !== urlRefId) throw new AppError('REQUEST_INVALID', 'the URL refId differs from Head/@refId');
      const toWork = await accept(intake, xml, body);
      await sendAck(res, 200, x, ackApi, started);
      if (toWork) deps.dispatcher.kick(toWork);
    } catch (e) {
      const err = asAppError(e);
      await journal.inbound(x, body, `REJECTED:${err.code}`).catch(() => undefined);
      await sendAck(res, httpStatusFor(err), x, ackApi, started, [ackErrorFor(err)]);
    }
  });

  /**
   * Records a new request and its work item (before the Ack); for a repeat of an accepted one, re-queues
   * its stored answer (or its parked work). Returns the outbox id to work on now, if any; another content
   * under the same refId and type → DUPLICATE_REFID.
   */
  async function accept(intake: Intake, xml: string, body: Buffer): Promise<string | undefined> {
    const x: Exchange = { api: intake.api, refId: intake.refId, msgId: intake.msgId, txnReferenceId: intake.txnReferenceId };
    const id = workId(intake, intake.refId);
    if (!(await ledger.getOutbox(id))) {
      await journal.inbound(x, body, 'ACCEPTED');
      // a unique id: of two requests racing for one refId, one creates the work item, the other is a repeat
      // the request's trace goes with its work: the dispatcher's logs, DIGIT calls and callback continue it
      const work = encodeWork({ api: intake.api, reversal: intake.reversal, refId: intake.refId, hash: intake.hash, xml, traceparent: currentTraceparent() });
      if (await addWork({ id, refId: intake.refId, api: intake.api, url: 'work:', body: work, leaseMs: deps.workLeaseMs })) {
        // the payment itself too, only once its work item is ours (a refused request records nothing):
        // a status query between the Ack and the work finds it, and the sweeper resumes it if the work
        // is lost with this process
        if (intake.payment) await deps.payBill.record(intake.payment);
        return id;
      }
    }
    const existing = (await ledger.getOutbox(id)) as NonNullable<Awaited<ReturnType<Ledger['getOutbox']>>>;
    if (decodeWork(existing.body).hash !== intake.hash) {
      throw new AppError('DUPLICATE_REFID', `refId ${intake.refId} was already used for another ${intake.reversal ? 'reversal' : intake.api}`);
    }
    await journal.inbound(x, body, 'REPEAT');
    // the first copy may have stored its work item and died (or failed) before recording the payment:
    // the repeat records it (insert if absent), so a status query finds what this Ack accepts
    if (intake.payment) await deps.payBill.record(intake.payment);
    const answer = await ledger.getOutbox(callbackId(intake, intake.refId));
    const again = answer ?? (existing.state === 'PENDING' ? undefined : existing);
    if (!again) return undefined; // still being worked on: its answer will come
    await ledger.requeueOutbox(again.id, deps.workLeaseMs);
    return again.id;
  }

  /** addOutbox; when the connection dropped after it was sent (the server may have committed it), one
   *  read says whether the item is there and ours: refusing an item that exists would not stop it being
   *  worked on and answered by callback. */
  async function addWork(item: Parameters<Ledger['addOutbox']>[0]): Promise<boolean> {
    try {
      return await ledger.addOutbox(item);
    } catch (e) {
      if (!(isAppError(e) && e.details.uncertain === true)) throw e;
      const found = await ledger.getOutbox(item.id).catch(() => undefined);
      if (!found) throw e;
      return found.body === item.body; // not ours: another request's, the caller tells a repeat from a reuse
    }
  }

  return router;
}

