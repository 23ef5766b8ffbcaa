// Guards an optimisation recorded in docs/benchmark.md: a fetch's "bills taken" lookup must start
// from the named bills, not walk every successful payment (its cost then grew with the ledger).
import { DatabaseSync } from 'node:sqlite';
import { migrateSqlite } from '../../../src/ledger/sqlite/migrate';
import { SQL } from '../../../src/ledger/sqlite/statements';

describe('SQLite ledger query plans', () => {
  it('billIdsTaken searches payment_bills by bill id, then payments by key', () => {
    const db = new DatabaseSync(':memory:');
    try {
      migrateSqlite(db, Date.now());
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${SQL.billIdsTaken}`).all({ billIds: '[]' }) as Array<{ detail: string }>).map((r) => r.detail);
      expect(plan.find((d) => /payment_bills|\bpb\b/.test(d))).toMatch(/SEARCH pb USING (COVERING )?INDEX payment_bills_by_bill/);
      expect(plan.some((d) => /SCAN p\b|payments_due/.test(d))).toBe(false);
    } finally {
      db.close();
    }
  });
});
