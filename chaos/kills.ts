// Fires the plan's SIGKILLs at their moments. The `_create` moments are exact: the sandbox runs in this
// process and calls its hook as it receives or stores the n-th `_create` of the epoch; the hook kills
// the service there and then and has the call's connection dropped, so the service can never have
// seen DIGIT's answer ("between DIGIT's commit and the ledger's update").
import type { DigitSandbox } from '../src/simulators/digit';
import type { KillStep } from './plan';
import type { ServiceProcess } from './service';

export class KillSwitch {
  private steps: KillStep[] = [];
  private readonly fired = new Set<KillStep>();
  private counts = { afterAck: 0, beforeCommit: 0, afterCommit: 0 };
  /** kills that did fire, by moment (a planned moment may never come, e.g. fewer `_create`s than n) */
  readonly firedByMoment: Record<string, number> = {};
  planned = 0;

  constructor(private readonly service: ServiceProcess, private readonly sandbox: DigitSandbox) {}

  /** The epoch's kills, counters back to 0, the sandbox hooks on. */
  arm(steps: KillStep[]): void {
    this.steps = steps;
    // a kill mid-boot of the restart counts as one more
    this.planned += steps.length + steps.filter((s) => s.moment === 'between' && s.bootKillMs !== undefined).length;
    this.counts = { afterAck: 0, beforeCommit: 0, afterCommit: 0 };
    this.sandbox.onCreate({
      received: () => (this.count('beforeCommit') ? 'drop' : undefined),
      committed: () => (this.count('afterCommit') ? 'drop' : undefined),
    });
  }

  disarm(): void {
    this.steps = [];
    this.sandbox.onCreate({});
  }

  /** An async payment got a Successful Ack. */
  paymentAcked(): void {
    this.count('afterAck');
  }

  /** The kill before batch `b`, if planned. */
  beforeBatch(b: number): void {
    const step = this.steps.find((s) => s.moment === 'between' && s.atBatch === b);
    if (step) this.fire(step);
  }

  /** True when the op's first request is to be followed by a kill before its Ack. */
  killsBeforeAck(op: number): KillStep | undefined {
    return this.steps.find((s) => s.moment === 'beforeAck' && s.op === op && !this.fired.has(s));
  }

  fire(step: KillStep): boolean {
    if (this.fired.has(step)) return false;
    this.fired.add(step);
    const killed = this.service.kill(step.moment, step.moment === 'between' ? step.bootKillMs : undefined);
    if (killed) this.firedByMoment[step.moment] = (this.firedByMoment[step.moment] ?? 0) + 1;
    return killed;
  }

  private count(moment: 'afterAck' | 'beforeCommit' | 'afterCommit'): boolean {
    const n = ++this.counts[moment];
    const step = this.steps.find((s) => s.moment === moment && 'nth' in s && s.nth === n);
    return step ? this.fire(step) : false;
  }
}
