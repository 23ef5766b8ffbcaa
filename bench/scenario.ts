// The measured schedule: warm-up, max rate per side, then constant-rate slices at half the adapter's
// max rate, the two sides interleaved (A B, B A, …) so drift on a shared machine hits both alike.
import { runPhase, type PhaseResult, type PhaseSpec } from './load';
import { runPaced } from './paced';
import { cpuMeter, memory } from './proc-stats';
import type { Side } from './sides';
import { addedLatency, pairRatios, ratio, round, spread, type AddedLatencyReport, type Spread } from './stats';

export interface Measured extends PhaseResult {
  side: string;
  kind: 'fetch' | 'payment';
  mode: 'warm-up' | 'max' | 'rate' | 'scale' | 'growth';
  rate?: number;
  /** adapter process CPU during the phase (adapter phases only) */
  adapterCores?: number;
  adapterCpuMsPerRequest?: number;
  /** ledger bytes added by the phase (adapter max phases) */
  ledgerBytes?: number;
}

export interface Env {
  adapterPids: () => number[];
  /** makes sure the range's consumers up to this index exist in the sandbox */
  seedUpTo(range: { first: number; last: number }, index: number): Promise<void>;
  ledgerBytes(): Promise<number>;
  /** waits until the machine is quiet (the sandbox's delayed mark-as-paid jobs have run) */
  settle(): Promise<void>;
  log(line: string): void;
}

export interface Schedule {
  warmUp: number;
  fetches: number;
  payments: number;
  connections: number;
  runs: number;
  sliceSeconds: number;
}

export interface ScenarioResult {
  phases: Measured[];
  max: { fetch: Record<string, number>; payment: Record<string, number> };
  added: { fetch: AddedLatencyReport; payment: AddedLatencyReport };
  /** adapter ÷ minimal path payments/s, slice pair by slice pair */
  minimalRatio: Spread;
  /** adapter p99 minus the minimal path's, payments at the same rate */
  addedOverMinimal: AddedLatencyReport;
  /** the JSON API over the direct DIGIT calls */
  json: { fetch: AddedLatencyReport; payment: AddedLatencyReport };
  rates: { fetch: number; payment: number };
}

export class Scenario {
  readonly phases: Measured[] = [];
  constructor(
    private readonly env: Env,
    private readonly s: Schedule,
  ) {}

  async fetch(side: Side, mode: Measured['mode'], amount: number, connections: number, rate?: number): Promise<Measured> {
    await this.env.seedUpTo(side.consumers, side.consumers.high + amount + connections + 10);
    return this.measure(side, 'fetch', mode, rate, () => drive(side.fetchSpec(`${side.name} fetch ${mode}`, amount, connections, rate)));
  }

  async pay(side: Side, mode: Measured['mode'], amount: number, connections: number, rate?: number): Promise<Measured> {
    await this.topUp(side, amount + connections);
    return this.measure(side, 'payment', mode, rate, () => drive(side.paymentSpec(`${side.name} payment ${mode}`, amount, connections, rate)));
  }

  /** Unmeasured fetches until `needed` fetched bills wait to be paid (every payment pays one). */
  async topUp(side: Side, needed: number): Promise<void> {
    const short = needed + 10 - side.fetched.size;
    if (short <= 0) return;
    await this.env.seedUpTo(side.consumers, side.consumers.high + short + this.s.connections + 10);
    await runPhase(side.fetchSpec(`${side.name} top-up`, short, this.s.connections));
  }

  private async measure(side: Side, kind: Measured['kind'], mode: Measured['mode'], rate: number | undefined, run: () => Promise<PhaseResult>): Promise<Measured> {
    // a phase must not pay for the previous one's aftermath (the sandbox marks bills paid 300 ms later)
    await this.env.settle();
    const isAdapter = side.name === 'adapter' || side.name === 'json'; // the JSON API runs in the adapter process
    const track = isAdapter && mode !== 'warm-up';
    const bytes0 = track && mode !== 'rate' ? await this.env.ledgerBytes() : undefined;
    const meter = track ? cpuMeter(this.env.adapterPids()) : undefined;
    const r = await run();
    const cpu = meter?.();
    const m: Measured = { ...r, side: side.name, kind, mode, ...(rate ? { rate } : {}) };
    if (cpu) {
      m.adapterCores = cpu.cores;
      m.adapterCpuMsPerRequest = r.requests ? round((cpu.cpuSeconds * 1000) / r.requests) : 0;
    }
    if (bytes0 !== undefined) m.ledgerBytes = (await this.env.ledgerBytes()) - bytes0;
    this.phases.push(m);
    this.env.log(
      `${m.label.padEnd(28)} ${String(m.requests).padStart(6)} req ${String(m.rps).padStart(8)}/s  p50 ${m.latency.p50} p95 ${m.latency.p95} p99 ${m.latency.p99} ms` +
        (m.adapterCores !== undefined ? `  adapter ${m.adapterCores} cores` : '') +
        (m.errors || m.non2xx || m.timeouts ? `  errors ${m.errors} non2xx ${m.non2xx} timeouts ${m.timeouts}` : ''),
    );
    return m;
  }

  async run(sides: Sides): Promise<ScenarioResult> {
    const { s } = this;
    const { adapter, baseline, minimal, json } = sides;
    const all = [adapter, minimal, json, baseline];
    const warm = Math.min(16, s.connections);
    for (const side of all) {
      await this.fetch(side, 'warm-up', s.warmUp, warm);
      await this.pay(side, 'warm-up', s.warmUp, warm);
    }
    const maxFetch: Record<string, number> = {};
    for (const side of [adapter, json, baseline]) maxFetch[side.name] = (await this.fetch(side, 'max', s.fetches, s.connections)).rps;
    // payments at max rate: adapter and minimal path in short interleaved slices, their ratio pair by pair
    const slices = Math.max(1, s.runs);
    const perSlice = Math.max(s.connections, Math.floor(s.payments / slices));
    const maxPairs: Array<{ a: number; b: number }> = [];
    for (let k = 0; k < slices; k++) {
      const m: Record<string, number> = {};
      for (const side of k % 2 === 0 ? [adapter, minimal] : [minimal, adapter]) m[side.name] = (await this.pay(side, 'max', perSlice, s.connections)).rps;
      maxPairs.push({ a: m.adapter, b: m.minimal });
    }
    const maxPay: Record<string, number> = {
      adapter: spread(maxPairs.map((p) => p.a)).median,
      minimal: spread(maxPairs.map((p) => p.b)).median,
    };
    for (const side of [json, baseline]) maxPay[side.name] = (await this.pay(side, 'max', s.payments, s.connections)).rps;

    const rates = { fetch: Math.max(10, Math.round(maxFetch.adapter / 2)), payment: Math.max(10, Math.round(maxPay.adapter / 2)) };
    const fetchPairs: Array<Record<string, Measured>> = [];
    const payPairs: Array<Record<string, Measured>> = [];
    for (let k = 0; k < s.runs; k++) {
      const order = k % 2 === 0 ? all : [...all].reverse();
      const f: Record<string, Measured> = {};
      const p: Record<string, Measured> = {};
      const seconds = s.sliceSeconds + TRIM_MS / 1000;
      for (const side of order.filter((x) => x !== minimal)) f[side.name] = await this.fetch(side, 'rate', rates.fetch * seconds, s.connections, rates.fetch);
      for (const side of order) p[side.name] = await this.pay(side, 'rate', rates.payment * seconds, s.connections, rates.payment);
      fetchPairs.push(f);
      payPairs.push(p);
    }
    const latencyPairs = (ps: Array<Record<string, Measured>>, a: string, b: string) => ps.map((x) => ({ adapter: x[a].latency, baseline: x[b].latency }));
    return {
      phases: this.phases,
      max: {
        fetch: { ...maxFetch, ratio: ratio(maxFetch.adapter, maxFetch.baseline), perMinimalPayment: ratio(maxFetch.adapter, maxPay.minimal) },
        payment: { ...maxPay, ratio: ratio(maxPay.adapter, maxPay.baseline) },
      },
      minimalRatio: pairRatios(maxPairs),
      added: { fetch: addedLatency(latencyPairs(fetchPairs, 'adapter', 'baseline')), payment: addedLatency(latencyPairs(payPairs, 'adapter', 'baseline')) },
      addedOverMinimal: addedLatency(latencyPairs(payPairs, 'adapter', 'minimal')),
      json: { fetch: addedLatency(latencyPairs(fetchPairs, 'json', 'baseline')), payment: addedLatency(latencyPairs(payPairs, 'json', 'baseline')) },
      rates,
    };
  }
}

export interface Sides {
  adapter: Side;
  baseline: Side;
  minimal: Side;
  json: Side;
}

/** max rate: autocannon with N connections; constant rate: the paced open-model client */
const drive = (spec: PhaseSpec) => (spec.rate ? runPaced({ ...spec, rate: spec.rate, trimMs: TRIM_MS }) : runPhase(spec));

/**
 * Each constant-rate slice runs one extra second first whose answers are not measured: the sides
 * alternate, so each slice starts after several idle seconds, and what follows a pause (new
 * connections, cold caches) is not the latency at a sustained rate.
 */
const TRIM_MS = 1000;

export const peakRssMb = (pid: number): number => round(memory(pid).peakRssKb / 1024, 1);
export const rssMb = (pid: number): number => round(memory(pid).rssKb / 1024, 1);
