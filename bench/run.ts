// `npm run bench [-- --db postgres] [--scale] [--instances 2]`: the adapter against the zero-latency
// DIGIT sandbox, side by side with the same calls made straight to the sandbox; results in
// bench/results/. Exits non-zero when the validity gate fails. See docs/benchmark.md.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type BenchArgs } from './args';
import { addTotals, checkGate, type Totals } from './gate';
import { seedPlan } from './growth';
import { postgresTarget, sqliteTarget, type LedgerTarget } from './ledger-target';
import { runPhase } from './load';
import { ConsumerRange } from './pairs';
import { BILLER_ID } from './messages';
import { adminGet, sandboxToken, startAdapter, startMinimal, startSandbox, writeClientsFile, type Child } from './processes';
import { renderMarkdown, type RunSummary } from './report';
import { readSandbox } from './sandbox-payments';
import { peakRssMb, rssMb, Scenario, type Measured } from './scenario';
import { Seeder } from './seeder';
import { adapterSide, baselineSide, jsonSide, minimalSide, type Side } from './sides';
import { round, spread } from './stats';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const runTag = Date.now().toString(36).slice(-6).toUpperCase();
  const work = mkdtempSync(join(tmpdir(), 'bbps-bench-'));
  log(`bench ${runTag}: ledger ${args.db}, logs in ${work}`);
  const children: Child[] = [];
  let target: LedgerTarget | undefined;
  try {
    const sandbox = await startSandbox(join(work, 'sandbox.log'));
    children.push(sandbox);
    target = args.db === 'postgres' ? await postgresTarget(runTag) : sqliteTarget(join(work, 'ledger'));
    const adapterNodeArgs = [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(work, 'prof')}`] : []),
      // experiments with the adapter's node flags (e.g. heap sizes), space-separated
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ];
    const apiKey = writeClientsFile(join(work, 'clients.json'), BILLER_ID);
    const adapterEnv = { CLIENTS_FILE: join(work, 'clients.json') };
    const adapter = await startAdapter({ name: 'adapter', digitUrl: sandbox.url, databaseUrl: target.databaseUrl, logFile: join(work, 'adapter.log'), nodeArgs: adapterNodeArgs, env: adapterEnv });
    children.push(adapter);
    const token = await sandboxToken(sandbox.url);
    const minimalDb = target.kind === 'sqlite' ? `sqlite:${join(work, 'minimal.db')}` : target.databaseUrl;
    const minimalProc = await startMinimal({ sandboxUrl: sandbox.url, token, databaseUrl: minimalDb, logFile: join(work, 'minimal.log') });
    children.push(minimalProc);
    const seeder = new Seeder(sandbox.url);
    const A = adapterSide(adapter.url, new ConsumerRange(1, 499_999), runTag);
    const B = baselineSide(sandbox.url, new ConsumerRange(500_000, 699_999), runTag, token);
    const M = minimalSide(minimalProc.url, sandbox.url, new ConsumerRange(700_000, 849_999), runTag, token);
    const J = jsonSide(adapter.url, new ConsumerRange(850_000, 999_999), runTag, apiKey);
    const ledger = target;
    const pids = [adapter.pid];
    const scenario = new Scenario(
      { adapterPids: () => pids, seedUpTo: (r, i) => seeder.upTo(r, i), ledgerBytes: () => ledger.bytes(), settle: () => settle(sandbox.url), log },
      { warmUp: 300, fetches: args.payments * 2, payments: args.payments, connections: args.connections, runs: args.runs, sliceSeconds: 3 },
    );
    const result = await scenario.run({ adapter: A, baseline: B, minimal: M, json: J });

    let instances: RunSummary['instances'];
    if (args.instances === 2) instances = await twoInstances(A, scenario, args.payments, args.connections, sandbox.url, target, work, pids, children);

    let scale: RunSummary['scale'];
    if (args.scale) {
      const before = { payments: A.confirmed.count, rss: rssMb(adapter.pid), peak: peakRssMb(adapter.pid), bytes: await target.bytes() };
      const m = await scenario.pay(A, 'scale', args.payments * 9, args.connections);
      scale = {
        payments: [before.payments, A.confirmed.count],
        rssMb: [before.rss, rssMb(adapter.pid)],
        peakRssMb: [before.peak, peakRssMb(adapter.pid)],
        ledgerBytes: [before.bytes, await target.bytes()],
        paymentsPerS: [result.max.payment.adapter, m.rps],
      };
    }

    const seeded = { count: 0, sumPaise: 0 };
    let growth: RunSummary['growth'];
    if (args.growth.length) growth = await growthMode(args, scenario, A, target, runTag, seeded, log);

    const peak = Math.max(...pids.map(peakRssMb));
    for (const c of children.filter((c) => c.name.startsWith('adapter'))) {
      const code = await c.stop();
      if (code !== 0) log(`${c.name} exited with ${code}`);
    }
    // the gate: answers, ledger and DIGIT agree, nothing paid twice
    const ledgerTotals = await target.successTotals();
    const digit = await readSandbox(sandbox.url);
    // BBPS and JSON payments share the adapter's ledger; the growth mode's seeded rows never reached DIGIT
    const gate = checkGate({
      answers: addTotals(A.confirmed, J.confirmed),
      ledger: addTotals(ledgerTotals, { count: -seeded.count, sumPaise: -seeded.sumPaise }),
      sandbox: addTotals(digit.byPrefix(`A${runTag}`), digit.byPrefix(`JSON:bench:J${runTag}`)),
      transactionNumbers: digit.transactionNumbers,
      paymentsSent: A.paymentsSent + J.paymentsSent,
    });
    const baselineStored = digit.byPrefix(`Z${runTag}`);
    if (baselineStored.count !== B.confirmed.count) gate.problems.push(`baseline: ${B.confirmed.count} _create answers, ${baselineStored.count} stored (bench bug?)`);
    const minimalStored = digit.byPrefix(`N${runTag}`);
    if (minimalStored.count !== M.confirmed.count) gate.problems.push(`minimal path: ${M.confirmed.count} successful answers, ${minimalStored.count} stored`);
    gate.ok = gate.problems.length === 0;

    const maxPhase = (kind: Measured['kind']) => result.phases.find((p) => p.side === 'adapter' && p.kind === kind && p.mode === 'max')!;
    const perRequest = (m: Measured) => (m.requests ? round((m.ledgerBytes ?? 0) / m.requests, 0) : 0);
    const summary: RunSummary = {
      date: new Date().toISOString(),
      db: args.db,
      machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.versions.node}`,
      scenario: result,
      adapter: {
        peakRssMb: peak,
        fetchCpuMs: maxPhase('fetch').adapterCpuMsPerRequest ?? 0,
        paymentCpuMs: maxPhase('payment').adapterCpuMsPerRequest ?? 0,
        fetchCores: maxPhase('fetch').adapterCores ?? 0,
        paymentCores: maxPhase('payment').adapterCores ?? 0,
      },
      ledgerBytesPerPayment: perRequest(maxPhase('payment')),
      ledgerBytesPerFetch: perRequest(maxPhase('fetch')),
      gate,
      scale,
      instances,
      growth,
    };
    const md = renderMarkdown(summary);
    const extra = { runTag, args, answers: { adapter: A.otherAnswers, baseline: B.otherAnswers, minimal: M.otherAnswers, json: J.otherAnswers }, ledgerTotals, seeded: seeder.seeded };
    writeResults(args.outDir, summary, md, extra);
    log('');
    log(md);
    if (!gate.ok) {
      log(`VALIDITY GATE FAILED:\n  ${gate.problems.join('\n  ')}`);
      return 1;
    }
    return 0;
  } finally {
    for (const c of children.reverse()) await c.stop().catch(() => undefined);
    await target?.cleanup().catch((e: unknown) => log(`ledger cleanup failed: ${String(e)}`));
  }
}

async function settle(sandboxUrl: string): Promise<void> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 50; i++) {
    const stats = await adminGet<{ pendingMarkPaid: number }>(sandboxUrl, '/stats');
    if (stats.pendingMarkPaid === 0) break;
    await sleep(100);
  }
  await sleep(250);
}

/** Payments/s through 1 and then 2 adapter processes sharing the PostgreSQL ledger. */
async function twoInstances(A: Side, scenario: Scenario, payments: number, connections: number, sandboxUrl: string, target: LedgerTarget, work: string, pids: number[], children: Child[]) {
  const one = await scenario.pay(A, 'max', payments, connections);
  const second = await startAdapter({ name: 'adapter 2', digitUrl: sandboxUrl, databaseUrl: target.databaseUrl, logFile: join(work, 'adapter2.log') });
  children.push(second);
  pids.push(second.pid);
  const half = Math.floor(payments / 2);
  // the fetches were made through the first process: the shared ledger lets either one pay them
  await scenario.topUp(A, payments + connections);
  const specs = [A.paymentSpec('adapter 1 of 2', half, connections / 2), { ...A.paymentSpec('adapter 2 of 2', half, connections / 2), url: second.url }];
  const started = performance.now();
  const results = await Promise.all(specs.map((s) => runPhase(s)));
  const seconds = (performance.now() - started) / 1000;
  const two = round(results.reduce((s, r) => s + r.requests, 0) / seconds, 1);
  log(`2 adapter processes: ${two} payments/s (1 process: ${one.rps}/s)`);
  return { one: one.rps, two };
}

/**
 * Fills the ledger to each level by cloning one of the run's payments (seeded straight into the real
 * schema while the adapter is idle), then measures paced fetch and payment slices at each size.
 */
async function growthMode(args: BenchArgs, scenario: Scenario, A: Side, target: LedgerTarget, runTag: string, seeded: Totals, say: (l: string) => void) {
  const template = await target.template(`A${runTag}`);
  const have = (await target.successTotals()).count;
  const points: NonNullable<RunSummary['growth']>['points'] = [];
  const measure = async (payments: number) => {
    const p99 = { fetch: [] as number[], payment: [] as number[] };
    for (let k = 0; k < GROWTH_SLICES; k++) {
      const seconds = GROWTH_SLICE_S + 1;
      p99.fetch.push((await scenario.fetch(A, 'growth', args.growthRate * seconds, args.connections, args.growthRate)).latency.p99);
      p99.payment.push((await scenario.pay(A, 'growth', args.growthRate * seconds, args.connections, args.growthRate)).latency.p99);
    }
    points.push({ payments, fetchP99: spread(p99.fetch), paymentP99: spread(p99.payment) });
  };
  // a first size the run itself already passed is measured at the ledger's size as it is
  if (args.growth[0] <= have) await measure(have);
  for (const step of seedPlan(args.growth, have, 50_000)) {
    const t0 = performance.now();
    await target.seed(runTag, template, step.chunks);
    const n = step.chunks.reduce((s, [a, b]) => s + b - a + 1, 0);
    seeded.count += n;
    seeded.sumPaise += n * template.paidPaise;
    say(`growth: ledger filled to ${step.level} payments (${n} cloned in ${round((performance.now() - t0) / 1000, 1)} s)`);
    await measure(step.level);
  }
  return { rate: args.growthRate, slices: GROWTH_SLICES, points };
}

const GROWTH_SLICES = 3;
const GROWTH_SLICE_S = 3;

function writeResults(dir: string, summary: RunSummary, md: string, extra: object): void {
  mkdirSync(dir, { recursive: true });
  const day = summary.date.slice(0, 10);
  const suffix = summary.db === 'sqlite' ? '' : `-${summary.db}`;
  writeFileSync(join(dir, `${day}${suffix}.json`), JSON.stringify({ ...summary, ...extra }, null, 2) + '\n');
  writeFileSync(join(dir, `${day}${suffix}.md`), md);
  writeFileSync(join(dir, suffix ? `latest${suffix}.md` : 'latest.md'), md);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
