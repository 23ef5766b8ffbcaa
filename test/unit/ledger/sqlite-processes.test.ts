// Two processes on one SQLite file (two instances of the adapter on one host): the write lock, not
// the event loop, keeps them from sharing a claimed row or creating a payment twice.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';
import { newPayment, uid } from './conformance/fixtures';

const WORKER = join(__dirname, 'fixtures', 'ledger-worker.js');
const dir = mkdtempSync(join(tmpdir(), 'ledger-procs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  result: Promise<string[]>;
}

function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', WORKER, ...args], { stdio: 'pipe' });
  let out = '';
  let err = '';
  let onReady: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<string[]>((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(JSON.parse(out.slice('ready\n'.length)) as string[]);
    });
  });
  return { child, ready, result };
}

/** Starts both workers, releases them together, and waits for both answers. */
async function race(argsA: string[], argsB: string[]): Promise<[string[], string[]]> {
  const workers = [startWorker(argsA), startWorker(argsB)];
  try {
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin.end('go\n');
    return (await Promise.all(workers.map((w) => w.result))) as [string[], string[]];
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill();
  }
}

describe('SQLite ledger shared by two processes', () => {
  it('never gives one due row to both', async () => {
    const file = join(dir, 'due.db');
    const ledger = await openSqliteLedger(file);
    const created: string[] = [];
    try {
      for (let i = 0; i < 300; i++) created.push(await newPayment(ledger, 0)); // due at once
    } finally {
      await ledger.close();
    }
    // both open the file (each freeing the leases of the other instances: none yet) before either claims
    const args = ['due', file, '3600000', '3'];
    const [a, b] = await race(args, args);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const all = [...a, ...b];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(created.sort());
  });

  it('creates each payment once when both claim the same txnReferenceIds at once', async () => {
    const file = join(dir, 'claim.db');
    await (await openSqliteLedger(file)).close();
    const txns = Array.from({ length: 100 }, () => uid());
    // opposite orders: the two meet in the middle, where both try the same ids at the same time
    const [a, b] = await race(['claim', file, txns.join(',')], ['claim', file, [...txns].reverse().join(',')]);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect([...a, ...b].sort()).toEqual([...txns].sort());

    const ledger = await openSqliteLedger(file);
    try {
      const rows = await Promise.all(txns.map((t) => ledger.getPayment(t)));
      expect(rows.every((r) => r?.state === 'RECEIVED')).toBe(true);
    } finally {
      await ledger.close();
    }
  });

  it('frees at once what a SIGKILLed process held, when the next process opens the file', async () => {
    const file = join(dir, 'killed.db');
    await (await openSqliteLedger(file)).close();
    const txns = Array.from({ length: 5 }, () => uid());
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', WORKER, 'hold', file, txns.join(',')], { stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    try {
      const held = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out === 'ready\n') child.stdin.end('go\n');
          const line = out.split('\n')[1];
          if (line) resolve((JSON.parse(line) as string[])[0]);
        });
        child.on('close', () => reject(new Error(`worker ended early: ${err}`)));
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const ledger = await openSqliteLedger(file);
      try {
        const before = await Promise.all(txns.map((t) => ledger.getPayment(t)));
        expect(before.map((p) => p?.leaseOwner)).toEqual(txns.map(() => held));
        // an hour's lease, yet due now: its owner is gone
        const swept = await ledger.claimDue(60_000, 100);
        expect(swept.map((p) => p.txnReferenceId).sort()).toEqual([...txns].sort());
        expect(swept.every((p) => p.leaseToken === 2 && p.leaseOwner === ledger.instanceId)).toBe(true);
        expect((await ledger.claimDueOutbox(60_000, 100)).map((i) => i.id).sort()).toEqual(txns.map((t) => `cb:${t}`).sort());
      } finally {
        await ledger.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
