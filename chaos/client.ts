// The BBPS side of a run: builds and signs requests as a CU does, posts them to the service (whichever
// process is live), and retries what got no answer — a dropped connection or a 503 — as an honest
// network would: the same request again, until the service answers.
import { parseBbps, toAck, toResponseMessage, type AckMessage, type ResponseMessage } from '../src/bbps';
import { cuRequests, cuSign } from '../src/simulators/bbps-cu';
import type { Reply } from './evidence';
import type { ServiceProcess } from './service';

const MAX_ATTEMPTS = 60;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Answer {
  status: number;
  body: string;
}

export class BbpsClient {
  /** HTTP attempts made, and those that got no answer (connection lost: the service was killed) */
  attempts = 0;
  lost = 0;

  constructor(private readonly service: ServiceProcess, private readonly privateKeyPem: string) {}

  /**
   * Posts until the service answers (any status but 503); undefined after MAX_ATTEMPTS. `onSent` runs
   * once the first attempt is on its way (a kill "before the Ack" happens there).
   */
  async post(path: string, xml: string, onSent?: () => void): Promise<Answer | undefined> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const url = await this.service.url().catch(() => undefined);
      if (!url) return undefined;
      this.attempts += 1;
      try {
        const sending = fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: cuSign(xml, this.privateKeyPem), signal: AbortSignal.timeout(30_000) });
        if (attempt === 0) onSent?.();
        const res = await sending;
        const body = await res.text();
        if (res.status !== 503) return { status: res.status, body };
      } catch {
        this.lost += 1;
      }
      await sleep(Math.min(1000, 50 * (attempt + 1)));
    }
    return undefined;
  }

  /** async route of `api` under `refId` */
  postAsync(api: string, refId: string, xml: string, onSent?: () => void): Promise<Answer | undefined> {
    return this.post(`/bbps/${api}/1.0/urn:referenceId:${encodeURIComponent(refId)}`, xml, onSent);
  }

  postSync(api: string, xml: string, onSent?: () => void): Promise<Answer | undefined> {
    return this.post(`/bbps/sync/${api}`, xml, onSent);
  }
}

export const OU = 'BBCU';
export const BILLER = 'PBMC00000PUN01';
/** The PT consumers the run seeds (one fresh bill per payment): `PB-PT-2024-01-01-<6 digits>` */
export const CONSUMER_START = 100000;
export const consumerParams = (consumer: number): Record<string, string> => ({ City: 'Amritsar', 'Property ID': `PB-PT-2024-01-01-${String(CONSUMER_START + consumer).padStart(6, '0')}` });

const paramList = (p: Record<string, string>) => Object.entries(p);
const msgId = () => cuRequests.cuId();

export const fetchXml = (refId: string, consumer: number) =>
  cuRequests.fetchRequest({ refId, msgId: msgId(), billerId: BILLER, params: paramList(consumerParams(consumer)), origInst: OU });

/** A payment (or its reversal) as a COU sends it; the stored fetch under the refId (if any) names the bill. */
export function paymentXml(o: { refId: string; txn: string; consumer: number; amountPaise: number; reversal?: boolean }): string {
  return cuRequests.paymentRequest({
    refId: o.refId, msgId: msgId(), billerId: BILLER, params: paramList(consumerParams(o.consumer)), origInst: OU, txnReferenceId: o.txn,
    amountPaise: o.amountPaise, bills: [], paymentMode: 'UPI', reversal: o.reversal ?? false,
  });
}

export const statusXml = (refId: string, txn: string) => cuRequests.statusRequest({ refId, origInst: OU, txnReferenceId: txn });

export function readAck(body: string): AckMessage | undefined {
  try {
    return toAck(parseBbps(body, { expect: 'Ack' }));
  } catch {
    return undefined;
  }
}

export function readMessage(body: string): ResponseMessage | undefined {
  try {
    return toResponseMessage(parseBbps(body));
  } catch {
    return undefined;
  }
}

export const replyOf = (m: ResponseMessage): Reply => ({
  responseCode: m.reason.responseCode,
  complianceRespCd: m.reason.complianceRespCd,
  approvalRefNum: m.reason.approvalRefNum,
});
