// `npm run recon` as built (dist/src/recon/cli.js), a separate process against the DIGIT sandbox and an
// SQLite ledger file: exit 0 when nothing needs action, 1 when something does, 2 when it could not run
// (one line on stderr); table, JSON and CSV output, --out, --repair; a progress bar on a terminal only.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { ReconReport } from '../../../src/core/reconcile';
import { SANDBOX_USER } from '../../../src/simulators/digit';
import { itemsFromCsv } from '../../support/recon-csv';
import { PT, startReconRig, type ReconRig } from '../../support/recon-rig';

const CLI = join(__dirname, '../../../dist/src/recon/cli.js');
const run = promisify(execFile);
let rig: ReconRig;
let env: NodeJS.ProcessEnv;

async function recon(args: string[], over: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  // a key set to undefined is left out of the child's environment
  const childEnv = Object.fromEntries(Object.entries({ ...env, ...over }).filter(([, v]) => v !== undefined));
  try {
    const r = await run(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, ...args], { env: childEnv, encoding: 'utf8', timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout: string; stderr: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm test runs tsc -b)`);
  rig = await startReconRig();
  env = {
    PATH: process.env.PATH ?? '', DATABASE_URL: `sqlite:${rig.ledgerPath}`, DIGIT_URL: rig.url, DIGIT_USERNAME: SANDBOX_USER.username,
    DIGIT_PASSWORD: SANDBOX_USER.password, DIGIT_LOGIN_TENANT: SANDBOX_USER.tenantId, DIGIT_TIMEOUT_MS: '3000',
  };
  const [a] = rig.consumers(1);
  await rig.pay(a);
}, 60_000);
afterAll(() => rig?.stop());

test('exit 0 and a table of totals when nothing needs action', async () => {
  const r = await recon(['--from', '2026-11-20', '--to', '2026-11-20']);
  expect([r.code, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toContain('Reconciliation 2026-11-20 to 2026-11-20 (IST days, inclusive), all tenants');
  expect(r.stdout).toMatch(/^MATCHED\s+1\s+1500\.00$/m);
  expect(r.stdout).toMatch(/^MISSING_IN_LEDGER\s+0\s+0\.00$/m);
  expect(r.stdout).toContain('Nothing needs action.');
});

test('exit 1 when something needs action; JSON, CSV and --out say the same', async () => {
  rig.sandbox.payElsewhere({ ...PT, consumerCode: rig.consumers(1)[0] }, {
    paymentMode: 'ONLINE', transactionNumber: 'BBPSLOSTCLI0000000001', additionalDetails: { bbps: { txnReferenceId: 'BBPSLOSTCLI0000000001' } },
  });
  const table = await recon(['--from', '2026-11-20', '--to', '2026-11-20']);
  expect(table.code).toBe(1);
  expect(table.stdout).toMatch(/^MISSING_IN_LEDGER\s+1\s+1500\.00$/m);
  expect(table.stdout).toMatch(/^1 item\(s\) need action:$/m);
  expect(table.stdout).toMatch(/^MISSING_IN_LEDGER\s+BBPSLOSTCLI0000000001\s+-\s+-\s+1500\.00\s+pb\.amritsar\s+PT\s/m);

  const json = await recon(['--from', '2026-11-20', '--to', '2026-11-20', '--format', 'json']);
  expect(json.code).toBe(1);
  const report = JSON.parse(json.stdout) as ReconReport;
  expect(report.classes.MISSING_IN_LEDGER).toEqual({ count: 1, paise: 150_000 });
  expect(report.classes.MATCHED).toEqual({ count: 1, paise: 150_000 });

  const out = join(rig.dir, 'recon.csv');
  const csv = await recon(['--from', '2026-11-20', '--to', '2026-11-20', '--format', 'csv', '--out', out]);
  expect([csv.code, csv.stdout]).toEqual([1, '']);
  const rows = parse(readFileSync(out, 'utf8'), { columns: true, record_delimiter: '\r\n' }) as Array<Record<string, string>>;
  expect(itemsFromCsv(rows)).toEqual(report.items);
});

test('--repair settles the UNKNOWN DIGIT holds (no _create) and reports the state after it', async () => {
  const held = await rig.stepwise(rig.consumers(1)[0], { post: true, end: 'UNKNOWN' });
  const creates = rig.sandbox.stats().createCalls;
  const r = await recon(['--from', '2026-11-20', '--to', '2026-11-20', '--repair', '--format', 'json']);
  const report = JSON.parse(r.stdout) as ReconReport & { repair: { repaired: Array<{ txnReferenceId: string }>; skipped: unknown[] } };
  expect(report.repair.repaired.map((x) => x.txnReferenceId)).toEqual([held.txnReferenceId]);
  expect(report.repair.skipped).toEqual([]);
  expect(report.items.find((i) => i.txnReferenceId === held.txnReferenceId)?.class).toBe('MATCHED');
  expect(report.classes.UNRESOLVED.count).toBe(0);
  // the lost BBPS payment still needs an operator
  expect(r.code).toBe(1);
  expect(rig.sandbox.stats().createCalls).toBe(creates);
  expect((await rig.ledger.getPayment(held.txnReferenceId))?.state).toBe('SUCCESS');
});

test('exit 2 with one line when it cannot run: bad arguments, DIGIT down, no ledger, no DIGIT_URL', async () => {
  const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
    [['--to', '2026-11-20'], {}, /^recon: REQUEST_INVALID: --from and --to are required; usage: npm run recon -- /],
    [['--from', '2026-11-20', '--to', '2026-11-20', '--format', 'xml'], {}, /^recon: REQUEST_INVALID: --format must be table, json or csv/],
    [['--from', '2026-11-31', '--to', '2026-12-01'], {}, /^recon: REQUEST_INVALID: from must be a day as yyyy-MM-dd/],
    [['--from', '2026-11-20', '--to', '2026-11-20', '--bogus'], {}, /^recon: REQUEST_INVALID: Unknown option '--bogus'/],
    [['--from', '2026-11-20', '--to', '2026-11-20'], { DIGIT_URL: 'http://127.0.0.1:9' }, /^recon: DIGIT could not be read \(UNAVAILABLE\): /],
    [['--from', '2026-11-20', '--to', '2026-11-20'], { DATABASE_URL: `sqlite:${join(rig.dir, 'absent.db')}` }, /^recon: LEDGER_UNAVAILABLE: no ledger at /],
    [['--from', '2026-11-20', '--to', '2026-11-20'], { DIGIT_URL: undefined }, /^recon: CONFIG_INVALID: DIGIT_URL is not set/],
  ];
  for (const [args, over, line] of cases) {
    const r = await recon(args, over);
    expect([args, r.code, r.stdout]).toEqual([args, 2, '']);
    expect(r.stderr).toMatch(line);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  }
  expect(existsSync(join(rig.dir, 'absent.db'))).toBe(false);
});

test('a progress bar on a terminal (stderr), none when piped', async () => {
  const args = ['--from', '2026-11-20', '--to', '2026-11-20'];
  const piped = await recon(args);
  expect(piped.stderr).toBe('');
  expect(piped.stdout).not.toContain('reconciling');
  // script(1) runs the command on a pseudo-terminal and copies what it writes
  const command = [process.execPath, '--disable-warning=ExperimentalWarning', CLI, ...args].map((a) => `'${a}'`).join(' ');
  const tty = await run('script', ['-qfec', command, '/dev/null'], { env, encoding: 'utf8', timeout: 30_000 }).catch((e: { stdout: string }) => e);
  expect(tty.stdout).toMatch(/reconciling \[[=-]+\] \d+\/\d+/);
  expect(tty.stdout).toContain('Reconciliation 2026-11-20 to 2026-11-20');
});
