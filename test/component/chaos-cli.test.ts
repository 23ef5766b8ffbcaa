// `npm run chaos` as its users run it: the built CLI (dist/chaos/cli.js) with a fixed seed and a small
// op count starts the built service as its own process, kills it, and ends with every invariant held.
// The checker's own detection of violations is tested in test/unit/chaos/invariants.test.ts.
import { join } from 'node:path';
import { ROOT, runToExit } from './boot/boot-process';

const CLI = join(ROOT, 'dist', 'chaos', 'cli.js');
const SEED = 20261203;

async function runCli(args: string[]): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  const r = await runToExit(CLI, args, {}, 120_000);
  return { code: r.code, lines: r.stdout.trimEnd().split('\n'), stderr: r.stderr };
}

test(`seed ${SEED}, 60 ops: the service is killed and restarted, every invariant holds, exit 0, the seed first and last`, async () => {
  const { code, lines, stderr } = await runCli(['--seed', String(SEED), '--ops', '60', '--epoch', '30']);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(lines[0]).toBe(`chaos seed ${SEED} (replay: npm run chaos -- --seed ${SEED} --ops 60 --epoch 30)`);
  expect(lines[lines.length - 1]).toBe(`chaos seed ${SEED}: OK (replay: npm run chaos -- --seed ${SEED} --ops 60 --epoch 30)`);
  expect(lines.filter((l) => l.startsWith('epoch '))).toHaveLength(2);
  const kills = lines.find((l) => l.startsWith('kills: '));
  const [, fired, starts] = /^kills: (\d+) SIGKILL\(s\) of \d+ planned .*, (\d+) service start\(s\)$/.exec(kills ?? '') ?? [];
  expect(Number(fired)).toBeGreaterThanOrEqual(2);
  // every kill was followed by a restart on the same ledger
  expect(Number(starts)).toBe(Number(fired) + 1);
  expect(lines).toContain('invariants: all held (no payment twice, one answer per request, receipts, ledger = DIGIT)');
  // payments really reached DIGIT, and the ledger agrees with it in count and sum
  const digit = /BBPS payments, ₹([0-9.]+)$/.exec(lines.find((l) => l.startsWith('DIGIT: ')) ?? '')?.[1];
  const ledger = /SUCCESS \(₹([0-9.]+) not reversed\)/.exec(lines.find((l) => l.startsWith('ledger: ')) ?? '')?.[1];
  expect(Number(digit)).toBeGreaterThan(0);
  expect(ledger).toBe(digit);
}, 120_000);

test('--self-test: a double post forged in DIGIT is found — VIOLATED, exit 1, the seed last', async () => {
  const { code, lines } = await runCli(['--seed', String(SEED), '--ops', '10', '--epoch', '10', '--self-test']);
  expect(code).toBe(1);
  expect(lines[lines.length - 1]).toBe(`chaos seed ${SEED}: VIOLATED (replay: npm run chaos -- --seed ${SEED} --ops 10 --epoch 10 --self-test)`);
  expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^ {2}posted-twice: [A-Z0-9]{20}: 2 DIGIT payments /), expect.stringMatching(/^ {2}totals-differ: /)]));
}, 120_000);

test('--plan prints the plan without running anything: the same seed gives the same plan', async () => {
  const a = await runCli(['--seed', '42', '--ops', '120', '--plan']);
  const b = await runCli(['--seed', '42', '--ops', '120', '--plan']);
  expect(a.code).toBe(0);
  expect(a.lines[0]).toMatch(/^chaos seed 42 /);
  expect(a.lines[a.lines.length - 1]).toBe('chaos seed 42');
  expect(b.lines).toEqual(a.lines);
  const plan = JSON.parse(a.lines.slice(1, -1).join('\n')) as { seed: number; ops: number; epochs: unknown[] };
  expect(plan).toMatchObject({ seed: 42, ops: 120 });
  expect(plan.epochs).toHaveLength(3);
});

test('a run that cannot be done exits 2 (bad arguments)', async () => {
  const r = await runCli(['--ops', 'many']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--ops needs an integer/);
});
