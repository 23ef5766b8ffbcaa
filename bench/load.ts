// One max-rate load phase with autocannon: a fixed number of requests as fast as `connections`
// allow. Latencies come from autocannon's per-response event, so p95 is exact (its own histogram
// has no p95). Constant-rate phases use paced.ts with the same PhaseSpec.
import autocannon from 'autocannon';
import { summarize, round, type LatencySummary } from './stats';

export interface Built {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface PhaseSpec {
  label: string;
  url: string;
  connections: number;
  amount: number;
  /** requests per second over all connections (paced.ts); absent: max rate (autocannon) */
  rate?: number;
  /** the next request (called once per request sent) */
  build(): Built & { tag: unknown };
  /** the answer to the request built with `tag` */
  onAnswer(status: number, body: string, tag: unknown): void;
}

export interface PhaseResult {
  label: string;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  seconds: number;
  rps: number;
  latency: LatencySummary;
}

export async function runPhase(spec: PhaseSpec): Promise<PhaseResult> {
  const samples: number[] = [];
  // autocannon notices `amount` is reached on its 1 s tick: time the work itself, first send to last answer
  let firstSent = 0;
  let lastAnswer = 0;
  let finish!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon({
    url: spec.url,
    connections: Math.max(1, Math.min(spec.connections, spec.amount)),
    amount: spec.amount,
    timeout: 30,
    method: 'POST',
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          if (!firstSent) firstSent = performance.now();
          const b = spec.build();
          (context as { tag?: unknown }).tag = b.tag;
          return { ...req, path: b.path, body: b.body, headers: b.headers };
        },
        onResponse: (status, body, context) => spec.onAnswer(status, body, (context as { tag?: unknown }).tag),
      },
    ],
  }, (err, result) => (err ? fail(err) : finish(result)));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    samples.push(ms);
    lastAnswer = performance.now();
  });
  const result = await done;
  const seconds = Math.max(0.001, (lastAnswer - firstSent) / 1000);
  return {
    label: spec.label,
    requests: samples.length,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    seconds: round(seconds),
    rps: round(samples.length / seconds, 1),
    latency: summarize(samples),
  };
}
