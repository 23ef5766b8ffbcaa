// Records every BBPS message in and out (the ledger's message log) and writes one log line per
// exchange with its ids and outcome.
import type { Logger } from '../core/logger';
import type { Ledger, MessageRecord } from '../core/ports';
import type { Metrics } from '../observability/metrics';

export interface Exchange {
  api: string;
  refId: string;
  msgId?: string;
  txnReferenceId?: string;
}

export class MessageJournal {
  constructor(
    private readonly ledger: Ledger,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
  ) {}

  /** readBody's timing callback for one request API (metrics). */
  timer(api: string): ((parseSeconds: number, signatureSeconds?: number) => void) | undefined {
    const m = this.metrics;
    return m ? (p, s) => m.bodyTimes(api, p, s) : undefined;
  }

  inbound(x: Exchange, body: Buffer | string, outcome: string): Promise<void> {
    return this.ledger.recordMessage(this.received(x, body, outcome));
  }

  /** The inbound message as recorded, for a write that records it along with its own (a claim). */
  received(x: Exchange, body: Buffer | string, outcome: string): MessageRecord {
    const kept = outcome.startsWith('REJECTED:') ? head(body) : text(body);
    return { direction: 'IN', ...x, outcome, body: kept };
  }

  async outbound(x: Exchange, api: string, body: string, outcome: string, httpStatus: number, startedAt: number): Promise<void> {
    const record: MessageRecord = { direction: 'OUT', ...x, api, outcome, body };
    // the exchange is over once answered: its line and figures do not wait for the copy's group commit
    const ms = Date.now() - startedAt;
    this.log.info('bbps message', { ...x, outcome, httpStatus, ms });
    this.metrics?.exchange(x.api, outcome, httpStatus, ms / 1000);
    await this.ledger.recordMessage(record, { soon: true }).catch((e: unknown) => {
      // the answer is already decided; losing its copy is logged, not fatal
      this.log.error('ledger: outbound message not recorded', { ...x, error: String(e) });
    });
  }
}

const text = (body: Buffer | string) => (Buffer.isBuffer(body) ? body.toString('utf8') : body);

/**
 * A refused body is kept for the operators up to REJECTED_BODY_KEPT bytes: every BBPS message fits
 * (a few KB), and a hostile one (up to BBPS_MAX_BODY_BYTES, 10 MB at most) then costs no more than
 * that to record, however many are sent.
 */
export const REJECTED_BODY_KEPT = 65_536;

function head(body: Buffer | string): string {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  if (bytes.length <= REJECTED_BODY_KEPT) return text(body);
  return `${bytes.subarray(0, REJECTED_BODY_KEPT).toString('utf8')}…[${bytes.length} bytes in all; the rest was not kept]`;
}
