// The short markdown table of a run (bench/results/<date>.md, latest.md, docs/benchmark.md).
import type { GateResult } from './gate';
import type { ScenarioResult } from './scenario';
import { ratio, type Spread } from './stats';

export interface RunSummary {
  date: string;
  db: string;
  machine: string;
  scenario: ScenarioResult;
  adapter: { peakRssMb: number; fetchCpuMs: number; paymentCpuMs: number; fetchCores: number; paymentCores: number };
  ledgerBytesPerPayment: number;
  ledgerBytesPerFetch: number;
  gate: GateResult;
  scale?: { payments: [number, number]; rssMb: [number, number]; peakRssMb: [number, number]; ledgerBytes: [number, number]; paymentsPerS: [number, number] };
  instances?: { one: number; two: number };
  growth?: { rate: number; slices: number; points: GrowthPoint[] };
}

export interface GrowthPoint {
  payments: number;
  fetchP99: Spread;
  paymentP99: Spread;
}

/** payment p99 (median of the slices) at the largest ledger ÷ at the smallest: the target is ≤ 1.5 */
export const growthRatio = (points: readonly GrowthPoint[]): number =>
  points.length < 2 ? 0 : ratio(points[points.length - 1].paymentP99.median, points[0].paymentP99.median);

export const TARGETS = { paymentsPerS: 300, fetchesPerS: 1000, addedP99Ms: 20, minimalRatio: 0.7, fetchPerMinimal: 1.2, peakRssMb: 150, ledgerBytes: 3072, growthRatio: 1.5 };

const mark = (ok: boolean) => (ok ? '✅' : '❌');

export function renderMarkdown(r: RunSummary): string {
  const s = r.scenario;
  const rateRow = (kind: 'fetch' | 'payment') => s.phases.filter((p) => p.kind === kind && p.mode === 'rate');
  const med = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0);
  const lat = (kind: 'fetch' | 'payment', side: string, k: 'p50' | 'p95' | 'p99') => med(rateRow(kind).filter((p) => p.side === side).map((p) => p.latency[k]));
  const lines = [
    `## Benchmark ${r.date} (${r.db}, ${r.machine})`,
    '',
    `| | adapter | baseline (direct DIGIT) | ratio | target |`,
    `|---|---|---|---|---|`,
    `| fetch, max rate (req/s) | ${s.max.fetch.adapter} | ${s.max.fetch.baseline} | ${s.max.fetch.ratio} | ≥ ${TARGETS.fetchesPerS} ${mark(s.max.fetch.adapter >= TARGETS.fetchesPerS)} |`,
    `| payment, max rate (req/s) | ${s.max.payment.adapter} | ${s.max.payment.baseline} | ${s.max.payment.ratio} | ≥ ${TARGETS.paymentsPerS} ${mark(s.max.payment.adapter >= TARGETS.paymentsPerS)} |`,
    `| fetch at ${s.rates.fetch}/s: p50 / p95 / p99 ms | ${lat('fetch', 'adapter', 'p50')} / ${lat('fetch', 'adapter', 'p95')} / ${lat('fetch', 'adapter', 'p99')} | ${lat('fetch', 'baseline', 'p50')} / ${lat('fetch', 'baseline', 'p95')} / ${lat('fetch', 'baseline', 'p99')} | | |`,
    `| payment at ${s.rates.payment}/s: p50 / p95 / p99 ms | ${lat('payment', 'adapter', 'p50')} / ${lat('payment', 'adapter', 'p95')} / ${lat('payment', 'adapter', 'p99')} | ${lat('payment', 'baseline', 'p50')} / ${lat('payment', 'baseline', 'p95')} / ${lat('payment', 'baseline', 'p99')} | | |`,
    `| added by the adapter, fetch p50 / p99 ms (median of ${s.added.fetch.runs.length} runs; worst p99) | ${s.added.fetch.median.p50} / ${s.added.fetch.median.p99} (${s.added.fetch.worstP99}) | | | (none) |`,
    `| added by the adapter, payment p50 / p99 ms (median of ${s.added.payment.runs.length} runs; worst p99) | ${s.added.payment.median.p50} / ${s.added.payment.median.p99} (${s.added.payment.worstP99}) | | | p99 ≤ ${TARGETS.addedP99Ms} ${mark(s.added.payment.median.p99 <= TARGETS.addedP99Ms)} |`,
    `| adapter CPU per fetch / payment (ms), cores busy at max rate | ${r.adapter.fetchCpuMs} / ${r.adapter.paymentCpuMs} ms; ${r.adapter.fetchCores} / ${r.adapter.paymentCores} | | | |`,
    `| adapter peak RSS | ${r.adapter.peakRssMb} MB | | | ≤ ${TARGETS.peakRssMb} ${mark(r.adapter.peakRssMb <= TARGETS.peakRssMb)} |`,
    `| ledger bytes per payment / per fetch | ${r.ledgerBytesPerPayment} / ${r.ledgerBytesPerFetch} | | | together ≤ ${TARGETS.ledgerBytes} ${mark(r.ledgerBytesPerPayment + r.ledgerBytesPerFetch <= TARGETS.ledgerBytes)} |`,
    `| payment, max rate: adapter ÷ minimal path (median over slice pairs; min–max) | ${s.max.payment.adapter} ÷ ${s.max.payment.minimal} | | ${s.minimalRatio.median} (${s.minimalRatio.min}–${s.minimalRatio.max}) | ≥ ${TARGETS.minimalRatio} ${mark(s.minimalRatio.median >= TARGETS.minimalRatio)} |`,
    `| fetch max rate ÷ minimal path payments/s | ${s.max.fetch.adapter} ÷ ${s.max.payment.minimal} | | ${s.max.fetch.perMinimalPayment} | ≥ ${TARGETS.fetchPerMinimal} ${mark(s.max.fetch.perMinimalPayment >= TARGETS.fetchPerMinimal)} |`,
    `| payment at ${s.rates.payment}/s: adapter p99 − minimal path p99 ms (median of ${s.addedOverMinimal.runs.length}; worst) | ${s.addedOverMinimal.median.p99} (${s.addedOverMinimal.worstP99}) | | | ≤ ${TARGETS.addedP99Ms} ${mark(s.addedOverMinimal.median.p99 <= TARGETS.addedP99Ms)} |`,
    `| JSON API fetch / payment, max rate (req/s) | ${s.max.fetch.json} / ${s.max.payment.json} | | | |`,
    `| added by the JSON API over direct DIGIT, fetch / payment p99 ms (median; worst) | ${s.json.fetch.median.p99} (${s.json.fetch.worstP99}) / ${s.json.payment.median.p99} (${s.json.payment.worstP99}) | | | |`,
    `| validity gate | ${r.gate.ok ? 'passed' : `FAILED: ${r.gate.problems.join('; ')}`} | | | |`,
  ];
  if (r.scale) {
    const sc = r.scale;
    lines.push(
      '',
      `Growth with 10× the payments (${sc.payments[0]} → ${sc.payments[1]} adapter payments): RSS ${sc.rssMb[0]} → ${sc.rssMb[1]} MB, ` +
        `peak RSS ${sc.peakRssMb[0]} → ${sc.peakRssMb[1]} MB, ledger ${sc.ledgerBytes[0]} → ${sc.ledgerBytes[1]} bytes, ` +
        `payments/s ${sc.paymentsPerS[0]} → ${sc.paymentsPerS[1]}.`,
    );
  }
  if (r.growth) {
    const g = r.growth;
    const ratioG = growthRatio(g.points);
    lines.push('', `Growth (${g.rate} fetches/s + ${g.rate} payments/s, ${g.slices} slices per size; p99 median (min–max) ms):`, '',
      '| payments in the ledger | fetch p99 | payment p99 |', '|---|---|---|',
      ...g.points.map((p) => `| ${p.payments} | ${p.fetchP99.median} (${p.fetchP99.min}–${p.fetchP99.max}) | ${p.paymentP99.median} (${p.paymentP99.min}–${p.paymentP99.max}) |`),
      '', `Payment p99 at the largest ÷ the smallest size: ${ratioG} (target ≤ ${TARGETS.growthRatio} ${mark(ratioG > 0 && ratioG <= TARGETS.growthRatio)}).`);
  }
  if (r.instances) lines.push('', `PostgreSQL scaling: ${r.instances.one} payments/s with 1 adapter process, ${r.instances.two} with 2.`);
  return lines.join('\n') + '\n';
}
