import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SQLITE_MIGRATIONS } from '../../../src/ledger/migrations/sqlite';
import { migrateSqlite } from '../../../src/ledger/sqlite/migrate';
import { SQL } from '../../../src/ledger/sqlite/statements';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';
import { describeLedgerConformance } from './conformance';
import { paymentRequest, rejectionCode } from './conformance/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `case-${n++}`, 'ledger.db');

describeLedgerConformance('SQLite file', (clock) => openSqliteLedger(join(dir, 'conformance', 'ledger.db'), { clock }), undefined, {
  persistent: true,
});
describeLedgerConformance('SQLite :memory:', (clock) => openSqliteLedger(':memory:', { clock }));

describe('SQLite ledger specifics', () => {
  it('creates the parent directory and runs WAL, synchronous NORMAL, a busy timeout and foreign keys', async () => {
    const path = freshPath();
    const ledger = await openSqliteLedger(path);
    try {
      expect(existsSync(path)).toBe(true);
      expect(ledger.settings()).toEqual({ journalMode: 'wal', synchronous: 1, busyTimeoutMs: 5000, foreignKeys: true });
    } finally {
      await ledger.close();
    }
  });

  it('syncs every commit with synchronous FULL when asked', async () => {
    const ledger = await openSqliteLedger(freshPath(), { synchronous: 'FULL', busyTimeoutMs: 250 });
    try {
      expect(ledger.settings()).toMatchObject({ synchronous: 2, busyTimeoutMs: 250 });
    } finally {
      await ledger.close();
    }
  });

  it('migrates once: schema_migrations lists every version, a reopen applies nothing', async () => {
    const path = freshPath();
    await (await openSqliteLedger(path)).close();
    await (await openSqliteLedger(path)).close();
    const db = new DatabaseSync(path);
    try {
      const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(rows.map((r) => ({ ...r }))).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      expect(migrateSqlite(db, Date.now())).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('applies only the migrations a file lacks', async () => {
    const db = new DatabaseSync(':memory:');
    try {
      expect(migrateSqlite(db, 1, SQLITE_MIGRATIONS.slice(0, 1))).toEqual([1]);
      expect(migrateSqlite(db, 2)).toEqual(SQLITE_MIGRATIONS.slice(1).map((m) => m.version));
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('outbox', 'outbox_by_state_updated')").get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });

  it('lists the outbox by walking outbox_by_state_updated: no scan, no sort', async () => {
    const path = freshPath();
    await (await openSqliteLedger(path)).close();
    const db = new DatabaseSync(path);
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${SQL.listOutbox}`).all({ state: 'PARKED', before: 5, beforeId: '', limit: 3 });
      const steps = plan.map((r) => String(r.detail)).join('\n');
      expect(steps).toMatch(/SEARCH outbox USING INDEX outbox_by_state_updated/);
      expect(steps).not.toMatch(/TEMP B-TREE|SCAN outbox/);
    } finally {
      db.close();
    }
  });

  it('rolls back a failing migration entirely', () => {
    const db = new DatabaseSync(':memory:');
    try {
      const broken = [...SQLITE_MIGRATIONS, { version: 3, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT nope FROM nowhere;' }];
      expect(() => migrateSqlite(db, 1, broken)).toThrow(/nowhere/);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('half', 'payments', 'schema_migrations')").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('refuses a file migrated by a newer build', async () => {
    const path = freshPath();
    await (await openSqliteLedger(path)).close();
    const db = new DatabaseSync(path);
    db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)");
    db.close();
    await expect(openSqliteLedger(path)).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE', message: expect.stringMatching(/version 99/) });
  });

  it('fails to open a path it cannot use with LEDGER_UNAVAILABLE', async () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path, { recursive: true });
    expect(await rejectionCode(openSqliteLedger(path))).toBe('LEDGER_UNAVAILABLE');
  });

  it('surfaces a write it cannot make (file locked past the busy timeout) as LEDGER_UNAVAILABLE', async () => {
    const path = freshPath();
    const ledger = await openSqliteLedger(path, { busyTimeoutMs: 50 });
    const other = new DatabaseSync(path);
    try {
      other.exec('BEGIN EXCLUSIVE');
      const request = paymentRequest();
      expect(await rejectionCode(ledger.claimPayment({ request, contentHash: 'h', leaseUntil: 0 }))).toBe('LEDGER_UNAVAILABLE');
      expect(await rejectionCode(ledger.claimDue(Date.now(), Date.now() + 1, 1))).toBe('LEDGER_UNAVAILABLE');
      other.exec('ROLLBACK');
      // the lock gone, the same connection works again
      expect((await ledger.claimPayment({ request, contentHash: 'h', leaseUntil: 0 })).created).toBe(true);
    } finally {
      other.close();
      await ledger.close();
    }
  });

  it('stamps rows with the injected clock', async () => {
    let now = 1_700_000_000_000;
    const ledger = await openSqliteLedger(':memory:', { clock: { now: () => now } });
    try {
      const { payment } = await ledger.claimPayment({ request: paymentRequest(), contentHash: 'h', leaseUntil: now + 10 });
      expect(payment).toMatchObject({ createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000 });
      now += 5;
      await ledger.markUnknown(payment.txnReferenceId, 'n', now);
      expect(await ledger.getPayment(payment.txnReferenceId)).toMatchObject({ createdAt: 1_700_000_000_000, updatedAt: now });
      expect((await ledger.listUnresolved(1_700_000_000_001)).map((p) => p.txnReferenceId)).toEqual([payment.txnReferenceId]);
    } finally {
      await ledger.close();
    }
  });
});
