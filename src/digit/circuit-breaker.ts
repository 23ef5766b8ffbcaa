// A small circuit breaker: after `failureThreshold` consecutive outages (network failure, timeout,
// 5xx) DIGIT is not called for `openMs`; calls fail at once with UNAVAILABLE (nothing was sent).
// Then one probe call goes through: success closes the circuit, an outage opens it again.
import { DigitCallError } from '../core/ports';
import type { CircuitSettings, DigitLogger } from './config';

export type CircuitState = 'closed' | 'open' | 'half-open';

// the refusals of an open circuit, told apart for metrics (nothing was sent)
const refusals = new WeakSet<DigitCallError>();
export const isCircuitOpen = (e: unknown): boolean => e instanceof DigitCallError && refusals.has(e);

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(
    private readonly s: CircuitSettings,
    private readonly isOutage: (e: unknown) => boolean,
    private readonly now: () => number,
    private readonly log: DigitLogger,
    /** the endpoint group it guards, for the log */
    private readonly group = 'DIGIT',
  ) {}

  state(): CircuitState {
    if (this.openUntil === 0) return 'closed';
    return this.now() < this.openUntil || this.probing ? 'open' : 'half-open';
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    let probe = false;
    if (this.openUntil !== 0) {
      if (this.now() < this.openUntil || this.probing) {
        const e = new DigitCallError('UNAVAILABLE', 'DIGIT circuit open: call not sent');
        refusals.add(e);
        throw e;
      }
      probe = true;
      this.probing = true;
    }
    try {
      const result = await fn();
      this.close(probe);
      return result;
    } catch (e) {
      // anything but an outage is an answer from a working DIGIT (a refusal, an auth problem)
      if (this.isOutage(e)) this.fail(probe);
      else this.close(probe);
      throw e;
    } finally {
      if (probe) this.probing = false;
    }
  }

  private close(probe: boolean): void {
    if (probe) this.log.info('DIGIT circuit closed: probe succeeded', { group: this.group });
    this.failures = 0;
    this.openUntil = 0;
  }

  private fail(probe: boolean): void {
    this.failures++;
    if (probe || this.failures >= this.s.failureThreshold) {
      if (this.openUntil === 0 || probe) {
        this.log.error('DIGIT circuit opened', { group: this.group, failures: this.failures, openMs: this.s.openMs });
      }
      this.openUntil = this.now() + this.s.openMs;
    }
  }
}
