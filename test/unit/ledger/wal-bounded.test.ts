// With the checkpoint worker, the WAL stays bounded under writes that never pause: the worker's PASSIVE
// checkpoints alone cannot rewind it (a commit always comes before it is fully copied), so without the
// connection's backstop checkpoint it grew for as long as the load lasted (585 MB in 8 s, cold review).
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Worker } from 'node:worker_threads';
import { openSqliteApiStore } from '../../../src/ledger/api-store/sqlite';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';
import { BACKSTOP_CHECKPOINT_PAGES, WAL_SIZE_LIMIT_BYTES } from '../../../src/ledger/sqlite/wal';

const dir = mkdtempSync(join(tmpdir(), 'wal-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const walSize = (p: string) => (existsSync(`${p}-wal`) ? statSync(`${p}-wal`).size : 0);
const MB = 2 ** 20;

test('sustained writes with the checkpoint worker: the WAL never passes the backstop by much', async () => {
  const path = join(dir, 'ledger.db');
  const ledger = await openSqliteLedger(path, { backgroundCheckpoint: true });
  let written = 0;
  let maxWal = 0;
  const sampler = setInterval(() => (maxWal = Math.max(maxWal, walSize(path))), 20);
  // 32 requests at a time, each writing a message (2 KB, incompressible) once its previous one committed,
  // until 120 MB of bodies went through the WAL: several times the backstop, on any machine
  await Promise.all(Array.from({ length: 32 }, async (_, c) => {
    for (let i = 0; written < 120 * MB; i++) {
      const body = randomBytes(1024).toString('hex');
      await ledger.recordMessage({ direction: 'IN', api: 'BillFetchRequest', refId: `r${c}-${i}`, body });
      written += body.length;
    }
  }));
  clearInterval(sampler);
  maxWal = Math.max(maxWal, walSize(path));
  await ledger.close();
  // the backstop (16 MB) plus what the commits of one checkpoint's time add; unbounded it was > 100 MB
  expect(maxWal).toBeLessThan(BACKSTOP_CHECKPOINT_PAGES * 4096 * 2.5);
  expect(maxWal).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
}, 120_000);

test('a lost checkpoint worker is told, and every connection on the file still checkpoints', async () => {
  const pragma = (db: DatabaseSync, p: string) => Number(Object.values(db.prepare(`PRAGMA ${p}`).get()!)[0]);
  const path = join(dir, 'lost.db');
  const lost: string[] = [];
  const ledger = await openSqliteLedger(path, { backgroundCheckpoint: true, onCheckpointLost: (why) => lost.push(why) });
  const store = openSqliteApiStore(path, () => Date.now());
  const ledgerDb = (ledger as unknown as { db: DatabaseSync }).db;
  const storeDb = (store as unknown as { db: DatabaseSync }).db;
  expect(pragma(ledgerDb, 'wal_autocheckpoint')).toBe(BACKSTOP_CHECKPOINT_PAGES);
  expect(pragma(storeDb, 'wal_autocheckpoint')).toBe(BACKSTOP_CHECKPOINT_PAGES);
  expect(pragma(ledgerDb, 'journal_size_limit')).toBe(WAL_SIZE_LIMIT_BYTES);
  const worker = (ledger as unknown as { checkpointer: { worker: Worker } }).checkpointer.worker;
  await worker.terminate(); // the thread died (out of memory in its isolate, a native fault, …)
  await until(() => lost.length > 0);
  expect(lost[0]).toMatch(/exited/);
  expect(pragma(ledgerDb, 'wal_autocheckpoint')).toBe(1000); // SQLite's default, in the commits again
  await store.close();
  await ledger.close();
});

async function until(ok: () => boolean) {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
}
