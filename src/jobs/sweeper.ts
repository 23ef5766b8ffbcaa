// Resolves payments left RECEIVED, POSTING or UNKNOWN (a crash, a timeout) at start and every
// SWEEP_INTERVAL_MS: search DIGIT, then post or fail (design §3.7). Claims are leased in the ledger,
// so several instances never work on the same payment.
import type { Logger } from '../core/logger';
import type { Clock, Ledger } from '../core/ports';
import type { PayBill } from '../core/pay-bill';
import { inSpan } from '../observability/tracing';
import { Periodic } from './periodic';

export interface SweeperOptions {
  intervalMs: number;
  leaseMs: number;
  /** time budget for one payment in one sweep */
  budgetMs: number;
  batch: number;
  /** payments unresolved this long are listed for operators */
  alertAfterMs: number;
}

export class Sweeper {
  private readonly loop: Periodic;
  private lastAlert = 0;

  constructor(
    private readonly ledger: Ledger,
    private readonly payBill: PayBill,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: SweeperOptions,
  ) {
    this.loop = new Periodic(opts.intervalMs, () => this.sweepOnce(), (e) => log.error('sweeper: pass failed', { error: String(e) }));
  }

  start(): void {
    this.loop.start();
  }

  /** Stops scheduling and waits for the sweep in progress. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass; returns how many payments it worked on. */
  async sweepOnce(): Promise<number> {
    const now = this.clock.now();
    // never what this process is working on: its own worker holds it, however long DIGIT takes
    const due = await this.ledger.claimDue(this.opts.leaseMs, this.opts.batch, this.payBill.busy());
    await Promise.all(
      // each resumed payment is a trace of its own: its DIGIT calls and log lines share one traceId
      // (the request that brought it is long gone; txnReferenceId joins the two traces)
      due.map((p) => inSpan('sweeper: resume payment', async (span) => {
        span.setAttribute('bbps.txnReferenceId', p.txnReferenceId);
        const outcome = await this.payBill.resume(p, this.clock.now() + this.opts.budgetMs).catch((e: unknown) => {
          this.log.error('sweeper: payment could not be resolved', { txnReferenceId: p.txnReferenceId, error: String(e) });
          return undefined;
        });
        if (outcome) this.log.info('sweeper: payment worked on', { txnReferenceId: p.txnReferenceId, refId: p.refId, status: outcome.status });
      }, { root: true })),
    );
    await this.alertStale(now);
    return due.length;
  }

  private async alertStale(now: number): Promise<void> {
    if (now - this.lastAlert < 60_000) return;
    this.lastAlert = now;
    const stale = await this.ledger.listUnresolved(now - this.opts.alertAfterMs);
    for (const p of stale) {
      this.log.warn('operator attention: payment unresolved for over 15 minutes', {
        txnReferenceId: p.txnReferenceId, refId: p.refId, state: p.state, attempts: p.attempts, note: p.note,
      });
    }
  }
}
