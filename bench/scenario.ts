// The measured schedule: warm-up, max rate per side, then constant-rate slices at half the adapter's
// max rate, the two sides interleaved (A B, B A, …) so drift on a shared machine hits both alike.
import { runPhase, type PhaseResult, type PhaseSpec } from './load';
import { runPaced } from './paced';
import { cpuMeter, memory } from './proc-stats';
import type { Side } from './sides';
import { addedLatency, ratio, round, type AddedLatencyReport } from './stats';

export interface Measured extends PhaseResult {
  side: string;
  kind: 'fetch' | 'payment';
  mode: 'warm-up' | 'max' | 'rate' | 'scale';
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
    const isAdapter = side.name === 'adapter';
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

  async run(adapter: Side, baseline: Side): Promise<ScenarioResult> {
    const { s } = this;
    const warm = Math.min(16, s.connections);
    for (const side of [adapter, baseline]) {
      await this.fetch(side, 'warm-up', s.warmUp, warm);
      await this.pay(side, 'warm-up', s.warmUp, warm);
    }
    const maxFetch: Record<string, number> = {};
    const maxPay: Record<string, number> = {};
    for (const side of [adapter, baseline]) maxFetch[side.name] = (await this.fetch(side, 'max', s.fetches, s.connections)).rps;
    for (const side of [adapter, baseline]) maxPay[side.name] = (await this.pay(side, 'max', s.payments, s.connections)).rps;

    const rates = { fetch: Math.max(10, Math.round(maxFetch.adapter / 2)), payment: Math.max(10, Math.round(maxPay.adapter / 2)) };
    const fetchPairs: Array<{ adapter: Measured; baseline: Measured }> = [];
    const payPairs: Array<{ adapter: Measured; baseline: Measured }> = [];
    for (let k = 0; k < s.runs; k++) {
      const order = k % 2 === 0 ? [adapter, baseline] : [baseline, adapter];
      const f: Record<string, Measured> = {};
      const p: Record<string, Measured> = {};
      const seconds = s.sliceSeconds + TRIM_MS / 1000;
      for (const side of order) f[side.name] = await this.fetch(side, 'rate', rates.fetch * seconds, s.connections, rates.fetch);
      for (const side of order) p[side.name] = await this.pay(side, 'rate', rates.payment * seconds, s.connections, rates.payment);
      fetchPairs.push({ adapter: f.adapter, baseline: f.baseline });
      payPairs.push({ adapter: p.adapter, baseline: p.baseline });
    }
    const latencyPairs = (ps: typeof fetchPairs) => ps.map((x) => ({ adapter: x.adapter.latency, baseline: x.baseline.latency }));
    return {
      phases: this.phases,
      max: {
        fetch: { ...maxFetch, ratio: ratio(maxFetch.adapter, maxFetch.baseline) },
        payment: { ...maxPay, ratio: ratio(maxPay.adapter, maxPay.baseline) },
      },
      added: { fetch: addedLatency(latencyPairs(fetchPairs)), payment: addedLatency(latencyPairs(payPairs)) },
      rates,
    };
  }
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
