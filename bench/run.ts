// `npm run bench [-- --db postgres] [--scale] [--instances 2]`: the adapter against the zero-latency
// DIGIT sandbox, side by side with the same calls made straight to the sandbox; results in
// bench/results/. Exits non-zero when the validity gate fails. See docs/benchmark.md.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './args';
import { checkGate } from './gate';
import { postgresTarget, sqliteTarget, type LedgerTarget } from './ledger-target';
import { runPhase } from './load';
import { ConsumerRange } from './pairs';
import { adminGet, sandboxToken, startAdapter, startSandbox, type Child } from './processes';
import { renderMarkdown, type RunSummary } from './report';
import { readSandbox } from './sandbox-payments';
import { peakRssMb, rssMb, Scenario, type Measured } from './scenario';
import { Seeder } from './seeder';
import { adapterSide, baselineSide, type Side } from './sides';
import { round } from './stats';

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
    const adapterNodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(work, 'prof')}`] : [];
    const adapter = await startAdapter({ name: 'adapter', digitUrl: sandbox.url, databaseUrl: target.databaseUrl, logFile: join(work, 'adapter.log'), nodeArgs: adapterNodeArgs });
    children.push(adapter);
    const token = await sandboxToken(sandbox.url);
    const seeder = new Seeder(sandbox.url);
    const A = adapterSide(adapter.url, new ConsumerRange(1, 499_999), runTag);
    const B = baselineSide(sandbox.url, new ConsumerRange(500_000, 999_999), runTag, token);
    const ledger = target;
    const pids = [adapter.pid];
    const scenario = new Scenario(
      { adapterPids: () => pids, seedUpTo: (r, i) => seeder.upTo(r, i), ledgerBytes: () => ledger.bytes(), settle: () => settle(sandbox.url), log },
      { warmUp: 300, fetches: args.payments * 2, payments: args.payments, connections: args.connections, runs: args.runs, sliceSeconds: 3 },
    );
    const result = await scenario.run(A, B);

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

    const peak = Math.max(...pids.map(peakRssMb));
    for (const c of children.filter((c) => c.name.startsWith('adapter'))) {
      const code = await c.stop();
      if (code !== 0) log(`${c.name} exited with ${code}`);
    }
    // the gate: answers, ledger and DIGIT agree, nothing paid twice
    const ledgerTotals = await target.successTotals();
    const digit = await readSandbox(sandbox.url);
    const gate = checkGate({
      answers: A.confirmed,
      ledger: ledgerTotals,
      sandbox: digit.byPrefix(`A${runTag}`),
      transactionNumbers: digit.transactionNumbers,
      paymentsSent: A.paymentsSent,
    });
    const baselineStored = digit.byPrefix(`Z${runTag}`);
    if (baselineStored.count !== B.confirmed.count) gate.problems.push(`baseline: ${B.confirmed.count} _create answers, ${baselineStored.count} stored (bench bug?)`);
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
    };
    const md = renderMarkdown(summary);
    const extra = { runTag, args, answers: { adapter: A.otherAnswers, baseline: B.otherAnswers }, ledgerTotals, seeded: seeder.seeded };
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
