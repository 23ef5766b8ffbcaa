// SQLite migration 10 (compressed payment documents): a ledger written by a version-9 build, with its
// request, plan and outcome as JSON TEXT, reads the same afterwards, is found by consumer code and receipt
// through the new columns' indexes, totals the same; new rows are stored deflated beside the old ones.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StoredFetch } from '../../../src/core/ports';
import type { PaymentOutcome, PaymentRequest, PostingPlan } from '../../../src/core/types';
import { SQLITE_MIGRATIONS } from '../../../src/ledger/migrations/sqlite';
import { migrateSqlite } from '../../../src/ledger/sqlite/migrate';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';
import { CREATOR, failedWith, paymentRequest, postingPlan, succeeded, uid } from './conformance/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'ledger-m10-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface OldRow {
  request: PaymentRequest;
  state: 'RECEIVED' | 'POSTING' | 'SUCCESS' | 'FAILED' | 'UNKNOWN';
  plan?: PostingPlan;
  outcome?: PaymentOutcome;
  paidPaise?: number;
  createdAt: number;
}

const OLD_FETCH: StoredFetch = {
  refId: uid('Ref'), billerId: 'PBMC00000PUN01', createdAt: 7,
  bills: [{
    billId: uid('Bill'), billNumber: 'BN-1', consumerCode: 'PT-1', businessService: 'PT', tenantId: 'pb.amritsar', amountPaise: 150_000,
    fractional: false, customerName: 'Asha Rani', billDate: '2026-12-01', dueDate: '2027-01-01', billPeriod: 'Yearly', expiresAt: 1_800_000_000_000,
  }],
};

/** A ledger at version 9 with `rows` inserted as that build wrote them (documents as JSON TEXT). */
function version9Ledger(path: string, rows: OldRow[]): void {
  const db = new DatabaseSync(path);
  try {
    migrateSqlite(db, 1, SQLITE_MIGRATIONS.filter((m) => m.version <= 9));
    const insert = db.prepare(`INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state, request, plan,
        outcome, paid_paise, attempts, next_attempt_at, lease_token, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, ?)`);
    for (const r of rows) {
      const q = r.request;
      insert.run(q.txnReferenceId, q.refId, q.msgId, q.billerId, `h-${q.txnReferenceId}`, r.state, JSON.stringify(q),
        r.plan ? JSON.stringify(r.plan) : null, r.outcome ? JSON.stringify(r.outcome) : null, r.paidPaise ?? null,
        r.createdAt + 1_000_000_000, r.createdAt, r.createdAt);
      for (const b of r.plan?.bills ?? []) db.prepare('INSERT INTO payment_bills (txn_reference_id, bill_id) VALUES (?, ?)').run(q.txnReferenceId, b.billId);
    }
    db.prepare('INSERT INTO fetches (ref_id, biller_id, bills, created_at) VALUES (?, ?, ?, ?)').run(OLD_FETCH.refId, OLD_FETCH.billerId, JSON.stringify(OLD_FETCH.bills), OLD_FETCH.createdAt);
  } finally {
    db.close();
  }
}

describe('SQLite migration 10 on a version-9 ledger', () => {
  const path = join(dir, 'v9', 'ledger.db');
  const won = { request: paymentRequest(uid(), { amountPaise: 250_000 }), plan: postingPlan([uid('Bill')], 250_000), outcome: succeeded(250_000) };
  const lost = { request: paymentRequest(uid(), { amountPaise: 70_000 }), plan: postingPlan([uid('Bill')], 70_000), outcome: failedWith() };
  const posting = { request: paymentRequest(uid(), { amountPaise: 30_000 }), plan: postingPlan([uid('Bill')], 30_000) };
  const received = { request: paymentRequest(uid(), { amountPaise: 11_000 }) };

  beforeAll(async () => {
    mkdirSync(join(dir, 'v9'), { recursive: true });
    version9Ledger(path, [
      { ...won, state: 'SUCCESS', paidPaise: 250_000, createdAt: 1000 },
      { ...lost, state: 'FAILED', createdAt: 1001 },
      { ...posting, state: 'POSTING', createdAt: 1002 },
      { ...received, state: 'RECEIVED', createdAt: 1003 },
    ]);
  });

  it('fills the columns SQL reads from the old JSON, replaces the search indexes, and leaves the documents as they were', async () => {
    await (await openSqliteLedger(path)).close();
    const db = new DatabaseSync(path);
    try {
      const rows = db.prepare('SELECT txn_reference_id AS txn, amount_paise, consumer_code, receipt_number, request_z, plan_z, outcome_z FROM payments ORDER BY created_at').all();
      expect(rows.map((r) => ({ ...r }))).toEqual([
        { txn: won.request.txnReferenceId, amount_paise: 250_000, consumer_code: won.plan.bills[0].consumerCode, receipt_number: won.outcome.receipts[0].receiptNumber, request_z: null, plan_z: null, outcome_z: null },
        { txn: lost.request.txnReferenceId, amount_paise: 70_000, consumer_code: lost.plan.bills[0].consumerCode, receipt_number: null, request_z: null, plan_z: null, outcome_z: null },
        { txn: posting.request.txnReferenceId, amount_paise: 30_000, consumer_code: posting.plan.bills[0].consumerCode, receipt_number: null, request_z: null, plan_z: null, outcome_z: null },
        { txn: received.request.txnReferenceId, amount_paise: 11_000, consumer_code: null, receipt_number: null, request_z: null, plan_z: null, outcome_z: null },
      ]);
      const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE name IN ('payments_by_consumer_code', 'payments_by_receipt') ORDER BY name`).all();
      expect(indexes.map((i) => String(i.sql))).toEqual([
        expect.stringContaining('(consumer_code) WHERE consumer_code IS NOT NULL'),
        expect.stringContaining('(receipt_number) WHERE state = \'SUCCESS\''),
      ]);
    } finally {
      db.close();
    }
  });

  it('reads the old rows as they were written, finds them by consumer code and receipt, and totals them the same', async () => {
    const ledger = await openSqliteLedger(path);
    try {
      const got = await ledger.getPayment(won.request.txnReferenceId);
      expect(got).toMatchObject({ state: 'SUCCESS', request: won.request, plan: won.plan, outcome: won.outcome });
      expect(await ledger.getPayment(received.request.txnReferenceId)).toMatchObject({ request: received.request });
      expect((await ledger.getPayment(received.request.txnReferenceId))!.plan).toBeUndefined();

      const search = (term: string) => ledger.searchPayments({ term, limit: 10, offset: 0 }).then((ps) => ps.map((p) => p.txnReferenceId));
      expect(await search(won.plan.bills[0].consumerCode)).toEqual(expect.arrayContaining([won.request.txnReferenceId, lost.request.txnReferenceId, posting.request.txnReferenceId]));
      expect(await search(won.outcome.receipts[0].receiptNumber)).toEqual([won.request.txnReferenceId]);

      const totals = await ledger.totalsByState(0, 2000);
      expect(totals).toEqual([
        { state: 'FAILED', reversed: false, count: 1, sumPaise: 70_000 },
        { state: 'POSTING', reversed: false, count: 1, sumPaise: 30_000 },
        { state: 'RECEIVED', reversed: false, count: 1, sumPaise: 11_000 },
        { state: 'SUCCESS', reversed: false, count: 1, sumPaise: 250_000 },
      ]);
    } finally {
      await ledger.close();
    }
  });

  it('keeps the old fetch and the bills taken (payment_bills rebuilt WITHOUT ROWID); new fetches are stored deflated', async () => {
    const ledger = await openSqliteLedger(path);
    const fresh: StoredFetch = { ...OLD_FETCH, refId: uid('Ref'), createdAt: 8 };
    try {
      expect(await ledger.getFetch(OLD_FETCH.refId)).toEqual(OLD_FETCH);
      const billIds = [won.plan.bills[0].billId, lost.plan.bills[0].billId, posting.plan.bills[0].billId, 'no-such-bill'];
      expect((await ledger.billIdsTaken(billIds)).sort()).toEqual([won.plan.bills[0].billId, posting.plan.bills[0].billId].sort());
      await ledger.saveFetch(fresh);
      expect(await ledger.getFetch(fresh.refId)).toEqual(fresh);
    } finally {
      await ledger.close();
    }
    const db = new DatabaseSync(path);
    try {
      expect(String(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'payment_bills'`).get()!.sql)).toMatch(/WITHOUT ROWID$/);
      expect(db.prepare('SELECT COUNT(*) AS n FROM payment_bills').get()).toEqual({ n: 3 });
      expect({ ...db.prepare('SELECT bills, typeof(bills_z) AS z FROM fetches WHERE ref_id = ?').get(fresh.refId) }).toEqual({ bills: '', z: 'blob' });
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('carries an old row on: re-planned and completed, it keeps only the new documents, deflated', async () => {
    const ledger = await openSqliteLedger(path);
    try {
      const txn = received.request.txnReferenceId;
      const leased = await ledger.tryLease(txn, 60_000);
      expect(leased).toBeDefined();
      const plan = postingPlan([uid('Bill')], 11_000);
      expect(await ledger.markPosting(txn, leased!.leaseToken, plan, 60_000, 5)).toBe(true);
      const outcome = succeeded(11_000);
      expect(await ledger.complete(txn, leased!.leaseToken, outcome)).toBe(true);
      expect(await ledger.getPayment(txn)).toMatchObject({ state: 'SUCCESS', request: received.request, plan, outcome });
      expect((await ledger.searchPayments({ term: outcome.receipts[0].receiptNumber, limit: 10, offset: 0 })).map((p) => p.txnReferenceId)).toEqual([txn]);
    } finally {
      await ledger.close();
    }
    const db = new DatabaseSync(path);
    try {
      const row = db.prepare('SELECT request, request_z, plan, plan_z, outcome, outcome_z, consumer_code FROM payments WHERE txn_reference_id = ?').get(received.request.txnReferenceId)!;
      expect(typeof row.request).toBe('string'); // the old request stays where it was: no rewrite of old rows
      expect(row.request_z).toBeNull();
      expect([row.plan, row.outcome]).toEqual([null, null]);
      expect(row.plan_z).toBeInstanceOf(Uint8Array);
      expect(row.outcome_z).toBeInstanceOf(Uint8Array);
    } finally {
      db.close();
    }
  });

  it('stores new payments deflated beside the old: request \'\', plan and outcome NULL, the searched columns filled', async () => {
    const ledger = await openSqliteLedger(path);
    const request = paymentRequest(uid(), { amountPaise: 99_000 });
    const plan = postingPlan([uid('Bill')], 99_000);
    const outcome = succeeded(99_000);
    try {
      await ledger.claimPayment({ request, contentHash: 'h', leaseMs: 60_000 });
      await ledger.markPosting(request.txnReferenceId, CREATOR, plan, 60_000, 5);
      await ledger.complete(request.txnReferenceId, CREATOR, outcome);
      expect(await ledger.getPayment(request.txnReferenceId)).toMatchObject({ request, plan, outcome });
    } finally {
      await ledger.close();
    }
    const db = new DatabaseSync(path);
    try {
      const row = { ...db.prepare('SELECT request, plan, outcome, amount_paise, consumer_code, receipt_number FROM payments WHERE txn_reference_id = ?').get(request.txnReferenceId) };
      expect(row).toEqual({ request: '', plan: null, outcome: null, amount_paise: 99_000, consumer_code: plan.bills[0].consumerCode, receipt_number: outcome.receipts[0].receiptNumber });
    } finally {
      db.close();
    }
  });
});
