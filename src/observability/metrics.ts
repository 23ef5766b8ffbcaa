// Prometheus metrics (GET /metrics; names, labels and alerts in docs/observability.md). One registry
// per service instance, so several services in one process (tests) never clash. Gauges that need the
// ledger are read when Prometheus scrapes, by indexed queries; the per-state count is cached briefly.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DigitGateway, Ledger } from '../core/ports';

/** What the metrics read from the DIGIT client besides the port (src/digit DigitClient has both). */
export interface DigitHealth {
  circuitStates(): Record<string, 'closed' | 'open' | 'half-open'>;
}

const CIRCUIT_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
/** ledger_payments_by_state counts payments created within this window */
const BY_STATE_WINDOW_MS = 24 * 3600_000;
/** a scrape reuses the per-state count this long (Prometheus may scrape every few seconds) */
const BY_STATE_CACHE_MS = 10_000;
const STATES = ['RECEIVED', 'POSTING', 'UNKNOWN', 'SUCCESS', 'FAILED'] as const;
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Metrics {
  readonly registry = new Registry();
  private readonly registers = [this.registry];
  private readonly messages = new Counter({
    name: 'bbps_messages_total',
    help: 'BBPS requests answered, by request API, outcome (000, a BFR/BPR code, PENDING, REJECTED:<code>, ACCEPTED) and HTTP status',
    labelNames: ['api', 'outcome', 'status'] as const,
    registers: this.registers,
  });
  private readonly duration = new Histogram({
    name: 'bbps_request_duration_seconds',
    help: 'Time from receiving a BBPS request to its answer (the total request time)',
    labelNames: ['api'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: this.registers,
  });
  private readonly parse = new Histogram({
    name: 'bbps_parse_duration_seconds',
    help: 'Time to guard and parse one BBPS request body (the signature check excluded)',
    labelNames: ['api'] as const,
    buckets: FAST_BUCKETS,
    registers: this.registers,
  });
  private readonly signature = new Histogram({
    name: 'bbps_signature_duration_seconds',
    help: 'Time to verify one BBPS request signature against the pinned CU key',
    labelNames: ['api'] as const,
    buckets: FAST_BUCKETS,
    registers: this.registers,
  });
  private readonly digitCalls = new Histogram({
    name: 'digit_call_duration_seconds',
    help: 'DIGIT calls by operation (_fetchbill, bill _search, _create, payment _search, payment _workflow) and outcome (ok, rejected, unavailable, unknown, circuit_open)',
    labelNames: ['operation', 'outcome'] as const,
    buckets: CALL_BUCKETS,
    registers: this.registers,
  });
  private readonly logins = new Counter({
    name: 'digit_logins_total',
    help: 'Logins sent to DIGIT, by outcome (ok, refused, failed)',
    labelNames: ['outcome'] as const,
    registers: this.registers,
  });
  private readonly refreshes = new Counter({
    name: 'digit_token_refreshes_total',
    help: 'Logins that replaced a held token, by reason (expiry: it was about to expire; unauthorized: DIGIT answered 401)',
    labelNames: ['reason'] as const,
    registers: this.registers,
  });
  private readonly apiRequests = new Counter({
    name: 'api_requests_total',
    help: 'JSON API requests by method, route pattern (never the raw URL) and HTTP status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: this.registers,
  });
  private readonly apiDuration = new Histogram({
    name: 'api_request_duration_seconds',
    help: 'JSON API request time by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: this.registers,
  });
  private readonly recon = new Gauge({
    name: 'bbps_recon_items_needing_action',
    help: 'Items of the latest reconciliation run that need an operator, by class (set by the reconciliation)',
    labelNames: ['class'] as const,
    registers: this.registers,
  });
  private readonly reconAt = new Gauge({
    name: 'bbps_recon_last_run_timestamp_seconds',
    help: 'When the latest reconciliation run in this process finished (epoch seconds)',
    registers: this.registers,
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The scrape-time gauges over the ledger and the DIGIT client (once both exist). */
  watch(ledger: Ledger, digit: DigitGateway & Partial<DigitHealth>): void {
    const registers = this.registers;
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
    let byState: { at: number; counts: Promise<Partial<Record<string, number>>> } | undefined;
    new Gauge({
      name: 'ledger_payments_by_state',
      help: 'Payments created in the last 24 hours, by ledger state (RECEIVED, POSTING, UNKNOWN, SUCCESS, FAILED); read at most every 10 s',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const now = Date.now();
        if (!byState || now - byState.at >= BY_STATE_CACHE_MS) byState = { at: now, counts: ledger.countByState(now - BY_STATE_WINDOW_MS) };
        const counts = await byState.counts.catch(() => undefined);
        if (!counts) return; // the ledger failed: no value rather than a false zero (readiness says why)
        for (const s of STATES) this.set({ state: s }, counts[s] ?? 0);
      },
    });
    let pending: Promise<{ count: number; oldestCreatedAt?: number } | undefined> | undefined;
    // one query feeds both outbox gauges of a scrape
    const readPending = () => (pending ??= ledger.pendingOutbox().catch(() => undefined).finally(() => setImmediate(() => (pending = undefined))));
    new Gauge({
      name: 'outbox_pending',
      help: 'Outbox items (accepted async requests and callbacks) not yet done',
      registers,
      async collect() {
        const p = await readPending();
        if (p) this.set(p.count);
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest pending outbox item (0 when none)',
      registers,
      async collect() {
        const p = await readPending();
        if (p) this.set(p.oldestCreatedAt === undefined ? 0 : Math.max(0, (Date.now() - p.oldestCreatedAt) / 1000));
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
    new Gauge({
      name: 'digit_circuit_state',
      help: 'Circuit breaker per DIGIT endpoint group (auth, billing, collection, workflow): 0 closed, 1 half-open, 2 open',
      labelNames: ['group'] as const,
      registers,
      collect() {
        for (const [group, state] of Object.entries(digit.circuitStates?.() ?? {})) this.set({ group }, CIRCUIT_VALUE[state]);
      },
    });
  }

  /** One answered BBPS exchange. */
  exchange(api: string, outcome: string, status: number, seconds: number): void {
    // REJECTED:<code> keeps its code; anything else free-form is bounded by the codes we emit
    this.messages.inc({ api, outcome, status: String(status) });
    this.duration.observe({ api }, seconds);
  }

  /** Parse and signature time of one BBPS body (http/async-intake.ts readBody). */
  bodyTimes(api: string, parseSeconds: number, signatureSeconds?: number): void {
    this.parse.observe({ api }, parseSeconds);
    if (signatureSeconds !== undefined) this.signature.observe({ api }, signatureSeconds);
  }

  /** One JSON API request, by its route pattern. */
  apiRequest(method: string, route: string, status: number, seconds: number): void {
    this.apiRequests.inc({ method, route, status: String(status) });
    this.apiDuration.observe({ method, route }, seconds);
  }

  /** The DIGIT client's observer (src/digit DigitObserver). */
  readonly digit = {
    call: (operation: string, outcome: string, seconds: number): void => this.digitCalls.observe({ operation, outcome }, seconds),
    login: (outcome: string): void => this.logins.inc({ outcome }),
    tokenRefresh: (reason: string): void => this.refreshes.inc({ reason }),
  };

  /**
   * The reconciliation's result: items needing action per class (MISSING_IN_DIGIT, MISSING_IN_LEDGER,
   * AMOUNT_MISMATCH, UNRESOLVED, REVERSED_BUT_POSTED, ...; 0 for a class that has none). Classes not
   * named are reset to 0, so a settled class does not keep alerting.
   */
  setReconNeedingAction(byClass: Record<string, number>): void {
    this.recon.reset();
    for (const [cls, n] of Object.entries(byClass)) this.recon.set({ class: cls }, n);
    this.reconAt.set(Date.now() / 1000);
  }
}
