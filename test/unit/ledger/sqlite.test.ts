import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SQLITE_MIGRATIONS } from '../../../src/ledger/migrations/sqlite';
import { migrateSqlite } from '../../../src/ledger/sqlite/migrate';
import { SQL } from '../../../src/ledger/sqlite/statements';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';
import { describeLedgerConformance } from './conformance';
import type { OpenOptions } from './conformance/context';
import { CREATOR, newPayment, paymentRequest, postingPlan, rejectionCode, succeeded, uid } from './conformance/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `case-${n++}`, 'ledger.db');

/** Opens a ledger on `path` as the conformance suite asks (leases options are PostgreSQL's). */
const opener = (path: () => string) => (o: OpenOptions = {}) => openSqliteLedger(path(), { clock: o.clock, instanceId: o.instanceId });

describeLedgerConformance('SQLite file', opener(() => join(dir, 'conformance', 'ledger.db')), undefined, {
  persistent: true,
  leaseClock: 'injected',
  freshStore: () => {
    const path = freshPath();
    return opener(() => path);
  },
});
describeLedgerConformance('SQLite :memory:', opener(() => ':memory:'), undefined, { leaseClock: 'injected' });

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

  it("reads named payments' messages (the reconciliation's reversals) from messages_by_txn, never messages_by_ref", async () => {
    const path = freshPath();
    await (await openSqliteLedger(path)).close();
    const db = new DatabaseSync(path);
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${SQL.findTxnMessages}`).all({ refId: 'ops:reversals', txns: '["T1","T2"]' });
      const steps = plan.map((r) => String(r.detail)).join('\n');
      expect(steps).toMatch(/SEARCH m USING INDEX messages_by_txn/);
      expect(steps).not.toMatch(/messages_by_ref|SCAN m\b/);
    } finally {
      db.close();
    }
  });

  it('leaves the running service\'s leases alone when opened beside it (the reconciliation)', async () => {
    const path = freshPath();
    const service = await openSqliteLedger(path);
    try {
      const req = { refId: 'R-beside', msgId: 'M', origInst: 'OU01', billerId: 'B', params: [], txnReferenceId: 'T-beside', amountPaise: 100, custConvFeePaise: 0, paymentMode: 'UPI', quickPay: true, billsNamed: [], reversal: false };
      await service.claimPayment({ request: req, contentHash: 'h', leaseMs: 60_000 });
      const beside = await openSqliteLedger(path, { besideService: true });
      expect(await beside.tryLease('T-beside', 1000)).toBeUndefined();
      await beside.close();
      const next = await openSqliteLedger(path);
      // an ordinary open takes over: the file's earlier process is thought gone
      expect(await next.tryLease('T-beside', 1000)).toBeDefined();
      await next.close();
    } finally {
      await service.close();
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
      expect(await rejectionCode(ledger.claimPayment({ request, contentHash: 'h', leaseMs: 0 }))).toBe('LEDGER_UNAVAILABLE');
      expect(await rejectionCode(ledger.claimDue(1, 1))).toBe('LEDGER_UNAVAILABLE');
      other.exec('ROLLBACK');
      // the lock gone, the same connection works again
      expect((await ledger.claimPayment({ request, contentHash: 'h', leaseMs: 0 })).created).toBe(true);
    } finally {
      other.close();
      await ledger.close();
    }
  });

  it('records a claim and its received message in one savepoint: a claim that fails leaves no message', async () => {
    const path = freshPath();
    const ledger = await openSqliteLedger(path);
    const other = new DatabaseSync(path);
    try {
      other.exec(`CREATE TRIGGER refuse_claims BEFORE INSERT ON payments BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`);
      const request = paymentRequest();
      const received = { direction: 'IN' as const, api: 'BillPaymentRequest', refId: request.refId, txnReferenceId: request.txnReferenceId, outcome: 'ACCEPTED', body: '<p/>' };
      expect(await rejectionCode(ledger.claimPayment({ request, contentHash: 'h', leaseMs: 1000, received }))).toBe('LEDGER_UNAVAILABLE');
      expect(await ledger.findMessagesOfTxn(request.txnReferenceId)).toEqual([]);
      other.exec('DROP TRIGGER refuse_claims');
      expect((await ledger.claimPayment({ request, contentHash: 'h', leaseMs: 1000, received })).created).toBe(true);
      expect((await ledger.findMessagesOfTxn(request.txnReferenceId)).map((m) => m.body)).toEqual(['<p/>']);
    } finally {
      other.close();
      await ledger.close();
    }
  });

  it('stamps rows with the injected clock, and counts leases in it', async () => {
    let now = 1_700_000_000_000;
    const ledger = await openSqliteLedger(':memory:', { clock: { now: () => now } });
    try {
      const { payment } = await ledger.claimPayment({ request: paymentRequest(), contentHash: 'h', leaseMs: 10 });
      expect(payment).toMatchObject({ createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, nextAttemptAt: 1_700_000_000_010 });
      now += 5;
      await ledger.markUnknown(payment.txnReferenceId, CREATOR, 'n', 20, undefined);
      expect(await ledger.getPayment(payment.txnReferenceId)).toMatchObject({
        createdAt: 1_700_000_000_000, updatedAt: now, nextAttemptAt: now + 20,
      });
      expect((await ledger.listUnresolved(1_700_000_000_001)).map((p) => p.txnReferenceId)).toEqual([payment.txnReferenceId]);
    } finally {
      await ledger.close();
    }
  });
});

describe('SQLite ledger: one process per file', () => {
  it('frees at open every lease another instance holds (it is gone), before its expiry', async () => {
    const path = freshPath();
    const a = await openSqliteLedger(path, { instanceId: 'dead-process' });
    const b = await openSqliteLedger(path, { instanceId: 'restarted' });
    try {
      // a's leases are taken after b opened: b's open could not free them, and b cannot take them
      const held = await newPayment(a, 3_600_000);
      await a.markPosting(held, CREATOR, postingPlan(), 3_600_000, Date.now());
      const unknown = await newPayment(a, 3_600_000);
      await a.markUnknown(unknown, CREATOR, 'timeout', 3_600_000, Date.now()); // released: a backoff, not a lease
      const done = await newPayment(a, 3_600_000);
      await a.complete(done, CREATOR, succeeded(100));
      const outboxId = uid('cb:');
      await a.addOutbox({ id: outboxId, refId: 'R', api: 'BillPaymentResponse', url: 'https://cu/cb', body: '<x/>', leaseMs: 3_600_000 });
      expect(await b.tryLease(held, 60_000)).toBeUndefined();
      expect(await b.claimDueOutbox(60_000, 10)).toEqual([]);
      await b.close();

      // a is killed (never closed); its successor opens the file
      const c = await openSqliteLedger(path, { instanceId: 'successor' });
      try {
        const swept = await c.claimDue(60_000, 10);
        expect(swept.map((p) => [p.txnReferenceId, p.state, p.leaseToken, p.leaseOwner])).toEqual([[held, 'POSTING', CREATOR + 1, 'successor']]);
        expect((await c.claimDueOutbox(60_000, 10)).map((i) => [i.id, i.version, i.leaseOwner])).toEqual([[outboxId, 2, 'successor']]);
        // the UNKNOWN row keeps its backoff (it is taken at once only on demand, as ever)
        expect(await c.getPayment(unknown)).toMatchObject({ state: 'UNKNOWN' });
        // the dead process's writes are fenced off
        expect(await a.complete(held, CREATOR, succeeded(1))).toBe(false);
        expect(await a.markOutboxSent(outboxId, 1)).toBe(false);
        expect(await c.complete(held, CREATOR + 1, succeeded(150_000))).toBe(true);
      } finally {
        await c.close();
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps its own leases when the same instance reopens the file', async () => {
    const path = freshPath();
    const first = await openSqliteLedger(path, { instanceId: 'me' });
    const txn = await newPayment(first, 3_600_000);
    await first.close();
    const again = await openSqliteLedger(path, { instanceId: 'me' });
    try {
      expect(await again.tryLease(txn, 60_000)).toBeUndefined();
      expect(await again.claimDue(60_000, 10)).toEqual([]);
      expect(await again.renewLease(txn, CREATOR, 60_000)).toBe(true);
    } finally {
      await again.close();
    }
  });

  it('makes a fresh instance id at each open unless given one', async () => {
    const path = freshPath();
    const [x, y] = [await openSqliteLedger(path), await openSqliteLedger(path)];
    try {
      expect(x.instanceId).not.toBe(y.instanceId);
    } finally {
      await x.close();
      await y.close();
    }
  });
});
