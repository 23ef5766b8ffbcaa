// Works the ledger outbox (design §3.7): work items (accepted requests) are answered, callbacks are
// POSTed to the CU. Failures are retried with backoff from BBPS_CALLBACK_RETRY_MS, parked for operators
// after BBPS_CALLBACK_PARK_AFTER_MS. Claims are leased in the ledger, so after a crash or restart every
// item not done is taken up again, and several instances never work one item at once.
import type { Logger } from '../core/logger';
import type { Clock, Ledger, OutboxItem } from '../core/ports';
import { retryDelayMs } from './backoff';
import type { Deliver } from './callback-sender';
import { Periodic } from './periodic';
import { inSpan } from '../observability/tracing';
import { decodeWork, isWorkId, workIdOfCallback } from './work-item';
import type { WorkRunner } from './work-runner';

export interface DispatcherOptions {
  pollMs: number;
  /** how long a claimed item belongs to this process (the longest work or delivery, with margin) */
  leaseMs: number;
  retryFirstMs: number;
  parkAfterMs: number;
  batch: number;
}

export class OutboxDispatcher {
  private readonly loop: Periodic;
  private readonly busy = new Set<Promise<unknown>>();
  /** ids of the items this process is working on */
  private readonly working = new Set<string>();
  private stopped = false;

  constructor(
    private readonly ledger: Ledger,
    private readonly runner: WorkRunner,
    private readonly deliver: Deliver,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: DispatcherOptions,
  ) {
    // pollOnce is tracked, so a poll that throws is logged there
    this.loop = new Periodic(opts.pollMs, () => this.track(this.pollOnce()), () => undefined);
  }

  /** Polls at once (a restart resumes everything pending), then every pollMs. */
  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
    while (this.busy.size > 0) await Promise.allSettled([...this.busy]);
  }

  /**
   * A work item waiting for an outcome (retried on the callback cadence) whose outcome is now known:
   * worked again at once, unless this process is working it. (Another instance working it at that
   * moment computes the same answer, stored once; its callback may then be delivered twice.)
   */
  hasten(id: string): void {
    if (this.stopped || this.working.has(id)) return;
    this.track(
      this.ledger.getOutbox(id).then(async (item) => {
        if (!item || item.state !== 'PENDING' || this.working.has(id)) return;
        if (await this.ledger.requeueOutbox(id, this.opts.leaseMs)) this.kick(id);
      }),
    );
  }

  /** Works an item now (the route that just stored it); the ledger lease keeps the poller away. */
  kick(id: string): void {
    this.track(
      this.ledger.getOutbox(id).then((item) => (item && item.state === 'PENDING' ? this.process(item) : undefined)),
    );
  }

  /** One poll; returns how many items it took. */
  async pollOnce(): Promise<number> {
    const due = await this.ledger.claimDueOutbox(this.opts.leaseMs, this.opts.batch);
    await Promise.all(due.map((item) => this.track(this.process(item))));
    return due.length;
  }

  private track<T>(p: Promise<T>): Promise<T | undefined> {
    const guarded = p.catch((e: unknown) => {
      this.log.error('outbox: item failed unexpectedly', { error: String(e) });
      return undefined;
    });
    this.busy.add(guarded);
    void guarded.finally(() => this.busy.delete(guarded));
    return guarded;
  }

  /** Works an item in the trace of the request that brought it (stored with its work item). */
  private async process(item: OutboxItem): Promise<void> {
    const traceparent = await this.traceOf(item);
    const name = isWorkId(item.id) ? `work ${item.api}` : `callback ${item.api}`;
    this.working.add(item.id);
    try {
      return await inSpan(name, () => (isWorkId(item.id) ? this.work(item) : this.send(item)), traceparent ? { traceparent } : {});
    } finally {
      this.working.delete(item.id);
    }
  }

  private async traceOf(item: OutboxItem): Promise<string | undefined> {
    try {
      if (isWorkId(item.id)) return decodeWork(item.body).traceparent;
      // a callback retried by the poller: its work item holds the trace (heartbeats have none)
      const workId = workIdOfCallback(item.id);
      const work = workId ? await this.ledger.getOutbox(workId) : undefined;
      return work ? decodeWork(work.body).traceparent : undefined;
    } catch {
      return undefined; // an unreadable work item is reported by the runner; the trace is not worth failing for
    }
  }

  private async work(item: OutboxItem): Promise<void> {
    let result;
    try {
      result = await this.runner.run(item);
    } catch (e) {
      return this.failed(item, `work failed: ${String((e as Error)?.message ?? e).slice(0, 200)}`);
    }
    if (result.status === 'retry') return this.failed(item, result.reason);
    // fenced by the version: a worker that lost the item (claimed again meanwhile) changes nothing
    await this.ledger.markOutboxSent(item.id, item.version);
    const callback = await this.ledger.getOutbox(result.callbackId);
    if (callback && callback.state === 'PENDING') await this.send(callback);
  }

  private async send(item: OutboxItem): Promise<void> {
    const meta = { refId: item.refId, api: item.api, attempt: item.attempts + 1 };
    try {
      await this.deliver(item.url, item.body);
    } catch (e) {
      this.log.warn('callback not delivered', { ...meta, error: (e as Error).message });
      return this.failed(item, (e as Error).message);
    }
    await this.ledger.markOutboxSent(item.id, item.version);
    this.log.info('callback delivered', meta);
  }

  private async failed(item: OutboxItem, error: string): Promise<void> {
    const now = this.clock.now();
    if (now - item.createdAt >= this.opts.parkAfterMs) {
      if (await this.ledger.markOutboxFailed(item.id, item.version, error)) {
        // listed at GET /ops/outbox?state=PARKED straight from the outbox
        this.log.error('operator attention: outbox item parked', { id: item.id, refId: item.refId, api: item.api, attempts: item.attempts + 1, error });
      }
      return;
    }
    await this.ledger.markOutboxFailed(item.id, item.version, error, retryDelayMs(item.attempts, this.opts.retryFirstMs));
  }
}
