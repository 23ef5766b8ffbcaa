// Prometheus metrics (GET /metrics). One registry per service instance, so several services in one
// process (tests) never clash. Gauges that need the ledger are read when Prometheus scrapes.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DigitGateway, Ledger } from '../core/ports';

export class Metrics {
  readonly registry = new Registry();
  private readonly messages: Counter<'api' | 'outcome' | 'status'>;
  private readonly duration: Histogram<'api'>;

  constructor(ledger: Ledger, digit: DigitGateway) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.messages = new Counter({
      name: 'bbps_messages_total',
      help: 'BBPS requests answered, by request API, outcome (000, a BFR/BPR code, PENDING, REJECTED:<code>, ACCEPTED) and HTTP status',
      labelNames: ['api', 'outcome', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'bbps_request_duration_seconds',
      help: 'Time from receiving a BBPS request to its answer',
      labelNames: ['api'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers,
    });
    new Gauge({
      name: 'ledger_payments_unresolved',
      help: 'Payments not yet SUCCESS or FAILED (RECEIVED, POSTING, UNKNOWN)',
      registers,
      async collect() {
        this.set((await ledger.listUnresolved(Date.now() + 1).catch(() => [])).length);
      },
    });
    new Gauge({
      name: 'ledger_payments_unresolved_over_15m',
      help: 'Payments unresolved for more than 15 minutes (operator attention)',
      registers,
      async collect() {
        this.set((await ledger.listUnresolved(Date.now() - 15 * 60_000).catch(() => [])).length);
      },
    });
    new Gauge({
      name: 'outbox_parked',
      help: 'Callbacks parked after retrying (see GET /ops/outbox?state=PARKED); capped at 1000',
      registers,
      async collect() {
        this.set((await ledger.listOutbox({ state: 'PARKED', limit: 1000 }).catch(() => [])).length);
      },
    });
    new Gauge({
      name: 'digit_ready',
      help: '1 when a DIGIT token is held or the last login succeeded',
      registers,
      collect() {
        this.set(digit.healthy() ? 1 : 0);
      },
    });
  }

  /** One answered BBPS exchange. */
  exchange(api: string, outcome: string, status: number, seconds: number): void {
    // REJECTED:<code> keeps its code; anything else free-form is bounded by the codes we emit
    this.messages.inc({ api, outcome, status: String(status) });
    this.duration.observe({ api }, seconds);
  }
}
