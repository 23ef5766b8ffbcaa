// Turns one work item into its signed response, written to the outbox FIRST (design §3.7): only then
// is the work item done, and the callback is delivered from the outbox.
import type { Signer } from '../bbps/signature';
import type { Logger } from '../core/logger';
import type { Clock, Ledger, OutboxItem } from '../core/ports';
import { buildAnswer, type AnswerDeps } from './build-answer';
import { callbackId, callbackUrl, decodeWork, responseApiOf } from './work-item';

export interface WorkRunnerDeps extends AnswerDeps {
  ledger: Ledger;
  log: Logger;
  clock: Clock;
  /** BBPS_CALLBACK_URL */
  callbackBase: string;
  /** signs every outbound message; undefined = unsigned mode (logged at boot) */
  sign?: Signer;
  /** a fresh callback is left to the caller for this long before the poller may take it */
  sendLeaseMs: number;
}

/** done: the response is in the outbox under `callbackId`; retry: the outcome is not known yet. */
export type WorkResult = { status: 'done'; callbackId: string } | { status: 'retry'; reason: string };

export class WorkRunner {
  constructor(private readonly deps: WorkRunnerDeps) {}

  async run(item: OutboxItem): Promise<WorkResult> {
    const { ledger, log } = this.deps;
    const work = decodeWork(item.body);
    const id = callbackId(work, work.refId);
    // one answer per request (design §3.7): a re-run (the work outlived its lease) finds the first
    if (await ledger.getOutbox(id)) return { status: 'done', callbackId: id };
    const answer = await buildAnswer(this.deps, work);
    if (!answer) return { status: 'retry', reason: 'outcome not known yet' };
    const body = this.deps.sign ? this.deps.sign(answer.xml) : answer.xml;
    const api = responseApiOf(work.api);
    const url = callbackUrl(this.deps.callbackBase, api, work.refId);
    // insert if absent: of two runs racing, the first answer written is the only one ever sent
    if (!(await ledger.addOutbox({ id, refId: work.refId, api, url, body, leaseMs: this.deps.sendLeaseMs }))) {
      return { status: 'done', callbackId: id };
    }
    await ledger.recordMessage({ direction: 'OUT', api, refId: work.refId, outcome: answer.outcome, body }, { soon: true }).catch((e: unknown) => {
      log.error('ledger: outbound message not recorded', { refId: work.refId, api, error: String(e) });
    });
    log.info('bbps async answer ready', { refId: work.refId, api, outcome: answer.outcome });
    return { status: 'done', callbackId: id };
  }
}
