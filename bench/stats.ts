// Latency and throughput figures from raw samples (ms), and the adapter-minus-baseline comparison.
// Pure: unit-tested in test/unit/bench.

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100); 0 for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? round(sum / sorted.length) : 0,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : 0),
  };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : round((s[mid - 1] + s[mid]) / 2);
}

export interface Added {
  p50: number;
  p95: number;
  p99: number;
}

export interface AddedLatencyReport {
  /** one entry per interleaved adapter/baseline slice pair */
  runs: Added[];
  median: Added;
  /** the largest p99 added over the runs */
  worstP99: number;
}

/** What the adapter adds over a direct call at the same rate, per run and its median. */
export function addedLatency(pairs: ReadonlyArray<{ adapter: LatencySummary; baseline: LatencySummary }>): AddedLatencyReport {
  const runs = pairs.map(({ adapter, baseline }) => ({
    p50: round(adapter.p50 - baseline.p50),
    p95: round(adapter.p95 - baseline.p95),
    p99: round(adapter.p99 - baseline.p99),
  }));
  return {
    runs,
    median: { p50: median(runs.map((r) => r.p50)), p95: median(runs.map((r) => r.p95)), p99: median(runs.map((r) => r.p99)) },
    worstP99: runs.length ? Math.max(...runs.map((r) => r.p99)) : 0,
  };
}

/** adapter / baseline, 2 decimals; 0 when the baseline is 0. */
export function ratio(adapter: number, baseline: number): number {
  return baseline === 0 ? 0 : round(adapter / baseline);
}

export const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export const spread = (xs: readonly number[]): Spread =>
  xs.length ? { min: Math.min(...xs), median: median(xs), max: Math.max(...xs) } : { min: 0, median: 0, max: 0 };

/** a ÷ b pair by pair (slices run side by side), then their spread: drift hits both of a pair alike. */
export const pairRatios = (pairs: ReadonlyArray<{ a: number; b: number }>): Spread => spread(pairs.map((p) => ratio(p.a, p.b)));
