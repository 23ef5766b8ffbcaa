import { addedLatency, median, percentile, ratio, summarize } from '../../../bench/stats';

describe('bench stats', () => {
  it('percentile is nearest-rank on sorted samples', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('summarize sorts, rounds and counts', () => {
    expect(summarize([3, 1, 2, 10])).toEqual({ count: 4, mean: 4, p50: 2, p95: 10, p99: 10, max: 10 });
    expect(summarize([])).toEqual({ count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('median of odd and even lists', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('added latency is adapter minus baseline per run, with the median and worst p99', () => {
    const s = (p50: number, p99: number) => ({ count: 1, mean: p50, p50, p95: p99, p99, max: p99 });
    const r = addedLatency([
      { adapter: s(3, 12), baseline: s(1, 4) },
      { adapter: s(2.5, 30), baseline: s(1, 5) },
      { adapter: s(2, 9), baseline: s(1, 3) },
    ]);
    expect(r.runs.map((x) => x.p99)).toEqual([8, 25, 6]);
    expect(r.median).toEqual({ p50: 1.5, p95: 8, p99: 8 });
    expect(r.worstP99).toBe(25);
  });

  it('ratio guards a zero baseline', () => {
    expect(ratio(300, 1200)).toBe(0.25);
    expect(ratio(5, 0)).toBe(0);
  });
});
