// Heartbeat (protocol §2.6): a signed ReqDiagnostic to `{BBPS_CALLBACK_URL}/ReqHbt/1.0/urn:referenceId:{refId}`
// every BBPS_HEARTBEAT_MS. Not queued: a missed heartbeat is logged and the next one tries again.
import { randomBytes } from 'node:crypto';
import { buildReqDiagnostic } from '../bbps';
import type { Signer } from '../bbps/signature';
import type { Logger } from '../core/logger';
import type { Clock, Ledger } from '../core/ports';
import type { Deliver } from './callback-sender';
import { callbackUrl } from './work-item';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A 35-character refId (protocol §4.2 length), upper-case letters and digits. */
export function newRefId(len = 35): string {
  return [...randomBytes(len)].map((b) => ALPHANUM[b % ALPHANUM.length]).join('');
}

export interface HeartbeatDeps {
  ledger: Ledger;
  deliver: Deliver;
  clock: Clock;
  log: Logger;
  ouId: string;
  callbackBase: string;
  sign?: Signer;
  intervalMs: number;
}

export class Heartbeat {
  private timer?: NodeJS.Timeout;
  private running?: Promise<boolean>;

  constructor(private readonly deps: HeartbeatDeps) {}

  start(): void {
    if (this.deps.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.beat().finally(() => (this.running = undefined));
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends one heartbeat; true when the CU acknowledged it. */
  async beat(): Promise<boolean> {
    const { ledger, deliver, clock, log, sign } = this.deps;
    const refId = newRefId();
    const xml = buildReqDiagnostic(refId, { ouId: this.deps.ouId, now: clock.now() });
    const body = sign ? sign(xml) : xml;
    try {
      await deliver(callbackUrl(this.deps.callbackBase, 'ReqHbt', refId), body);
      await ledger.recordMessage({ direction: 'OUT', api: 'ReqDiagnostic', refId, outcome: 'ACKED', body });
      return true;
    } catch (e) {
      log.warn('heartbeat not acknowledged by the CU', { refId, error: (e as Error).message });
      await ledger.recordMessage({ direction: 'OUT', api: 'ReqDiagnostic', refId, outcome: 'FAILED', body }).catch(() => undefined);
      return false;
    }
  }
}
