// Constant arrival rate (open model): request i is due at start + i/rate whatever happened to the
// earlier ones, and its latency counts from that due time, so a stall is not hidden (no coordinated
// omission). autocannon's own rate option sends each second's quota in one burst at the second's
// start, which measures queueing behind the burst rather than the latency at that rate.
import http from 'node:http';
import type { PhaseResult, PhaseSpec } from './load';
import { round, summarize } from './stats';

/** `trimMs`: answers to requests due in the first trimMs are not measured (warm-in after a pause). */
export async function runPaced(spec: PhaseSpec & { rate: number; trimMs?: number }): Promise<PhaseResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(spec.url);
  const samples: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let settled = 0;
  const intervalMs = 1000 / spec.rate;
  const start = performance.now();
  let sent = 0;
  let finish!: () => void;
  const allDone = new Promise<void>((resolve) => (finish = resolve));

  const send = (dueAt: number) => {
    const b = spec.build();
    const req = http.request(
      { host: target.hostname, port: target.port, method: 'POST', path: b.path, agent, headers: { ...b.headers, 'Content-Length': Buffer.byteLength(b.body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (dueAt >= start + (spec.trimMs ?? 0)) samples.push(performance.now() - dueAt);
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) non2xx++;
          spec.onAnswer(status, Buffer.concat(chunks).toString('utf8'), b.tag);
          done();
        });
      },
    );
    req.on('error', () => {
      errors++;
      done();
    });
    req.end(b.body);
  };
  const done = () => {
    if (++settled === spec.amount) finish();
  };
  const tick = () => {
    const now = performance.now();
    while (sent < spec.amount && start + sent * intervalMs <= now) send(start + sent++ * intervalMs);
    if (sent < spec.amount) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
  };
  tick();
  await allDone;
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    label: spec.label,
    requests: spec.amount - errors,
    errors,
    timeouts: 0,
    non2xx,
    seconds: round(seconds),
    rps: round(spec.amount / seconds, 1),
    latency: summarize(samples),
  };
}
