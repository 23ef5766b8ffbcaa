// The SQLite ledger's write path: the group commit (writes asked in one turn share a transaction, each
// settles only after the commit that holds it, one failing write does not fail the others) and the
// background WAL checkpoints of the service's ledger.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { GroupCommit } from '../../../src/ledger/sqlite/group-commit';
import { BACKSTOP_CHECKPOINT_PAGES } from '../../../src/ledger/sqlite/wal';

const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function open() {
  const path = join(dir, `g-${n++}.db`);
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL) STRICT');
  const other = new DatabaseSync(path);
  const count = () => Number(other.prepare('SELECT COUNT(*) AS c FROM t').get()!.c);
  return { db, other, count, commits: new GroupCommit(db) };
}

describe('GroupCommit', () => {
  it('settles each write only once its commit is visible to another connection', async () => {
    const { db, count, commits } = open();
    const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
    const seen: number[] = [];
    const writes = [1, 2, 3].map((i) =>
      commits.write('insert', () => Number(ins.run(`k${i}`, i).changes)).then((changes) => {
        expect(db.isTransaction).toBe(false);
        seen.push(count());
        return changes;
      }));
    expect(count()).toBe(0); // nothing runs before the turn ends
    await expect(Promise.all(writes)).resolves.toEqual([1, 1, 1]);
    expect(seen).toEqual([3, 3, 3]); // one transaction: all three committed before any settled
  });

  it('rolls a failing write back to its savepoint; the others commit', async () => {
    const { db, other, commits } = open();
    const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
    const a = commits.write('insert a', () => ins.run('a', 1));
    const bad = commits.write('insert a twice', () => {
      ins.run('b', 2); // undone with the savepoint
      return ins.run('a', 3);
    });
    const c = commits.write('insert c', () => ins.run('c', 4));
    await expect(a).resolves.toBeDefined();
    await expect(bad).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    await expect(c).resolves.toBeDefined();
    expect(other.prepare('SELECT k, v FROM t ORDER BY k').all().map((r) => `${String(r.k)}=${Number(r.v)}`)).toEqual(['a=1', 'c=4']);
  });

  it('runs writes in the order asked: each sees those before it', async () => {
    const { db, commits } = open();
    const ins = db.prepare('INSERT INTO t VALUES (?, ?) ON CONFLICT DO NOTHING');
    const first = commits.write('claim', () => Number(ins.run('x', 1).changes));
    const second = commits.write('claim again', () => Number(ins.run('x', 2).changes));
    await expect(Promise.all([first, second])).resolves.toEqual([1, 0]);
  });

  it('fails every write of a transaction that cannot commit, and commits nothing of it', async () => {
    const { db, other, count, commits } = open();
    const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
    other.exec('BEGIN IMMEDIATE'); // another connection holds the write lock: BEGIN IMMEDIATE is refused
    const writes = [commits.write('one', () => ins.run('p', 1)), commits.write('two', () => ins.run('q', 2))];
    for (const w of writes) await expect(w).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    other.exec('ROLLBACK');
    expect(count()).toBe(0);
    await expect(commits.write('later', () => ins.run('r', 3))).resolves.toBeDefined();
    expect(count()).toBe(1);
  });
  it('holds a soon write for the next group commit, at the latest soonMs later', async () => {
    const { db, count, commits } = open();
    const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
    let settled = false;
    const alone = commits.write('copy', () => ins.run('s1', 1), 150).then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 20));
    expect(count()).toBe(0); // an ordinary write would be committed by now
    expect(settled).toBe(false);
    await alone;
    expect(count()).toBe(1);

    // a soon write, then an ordinary one: both in the ordinary one's commit, right away
    const seen: number[] = [];
    const soon = commits.write('copy', () => ins.run('s2', 2), 60_000).then(() => seen.push(count()));
    const now = commits.write('claim', () => ins.run('w1', 3)).then(() => seen.push(count()));
    await Promise.all([soon, now]);
    expect(seen).toEqual([3, 3]);
  });

  it('commits a waiting soon write when flushed (the ledger closing)', () => {
    const { db, count, commits } = open();
    const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
    void commits.write('copy', () => ins.run('c1', 1), 60_000);
    commits.flush();
    expect(count()).toBe(1);
  });
});

describe('background checkpoints (service ledger)', () => {
  it('leaves the connection only its backstop checkpoint, copies the WAL into the file from the worker, and closes clean', async () => {
    const { openSqliteLedger } = await import('../../../src/ledger/sqlite/open');
    const { existsSync, statSync } = await import('node:fs');
    const path = join(dir, `bg-${n++}.db`);
    const ledger = await openSqliteLedger(path, { backgroundCheckpoint: true });
    const probe = new DatabaseSync(path);
    expect(Number(Object.values((ledger as unknown as { db: DatabaseSync }).db.prepare('PRAGMA wal_autocheckpoint').get()!)[0])).toBe(BACKSTOP_CHECKPOINT_PAGES);
    const before = statSync(path).size;
    const body = 'x'.repeat(2000);
    await Promise.all(Array.from({ length: 500 }, (_, i) => ledger.recordMessage({ direction: 'IN', api: 'BillFetchRequest', refId: `r${i}`, body })));
    // the worker copies the WAL's pages into the database file (polled: no timing is asserted)
    for (let i = 0; i < 200 && statSync(path).size <= before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(path).size).toBeGreaterThan(before);
    probe.close();
    await ledger.close();
    expect(existsSync(`${path}-wal`)).toBe(false); // the last connection checkpointed and removed it
  });
});
