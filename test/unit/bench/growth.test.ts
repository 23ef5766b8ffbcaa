import { DatabaseSync } from 'node:sqlite';
import { parseArgs, GROWTH_LEVELS } from '../../../bench/args';
import { cloneSql, paymentClones, seedPlan } from '../../../bench/growth';
import { growthRatio } from '../../../bench/report';
import { pairRatios, spread } from '../../../bench/stats';
import { migrateSqlite } from '../../../src/ledger/sqlite/migrate';

describe('bench growth mode', () => {
  it('plans chunks up to each level from what the ledger holds, skipping levels already passed', () => {
    expect(seedPlan([10, 25], 12, 5)).toEqual([{ level: 25, chunks: [[13, 17], [18, 22], [23, 25]] }]);
    expect(seedPlan([10, 20], 0, 10)).toEqual([{ level: 10, chunks: [[1, 10]] }, { level: 20, chunks: [[11, 20]] }]);
  });

  it('clones a payment with its bill link, fetch and messages under new keys in the real schema', () => {
    const db = new DatabaseSync(':memory:', { enableForeignKeyConstraints: true });
    migrateSqlite(db, 0);
    db.exec(`INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state, request, paid_paise, next_attempt_at, created_at, updated_at)
      VALUES ('T1', 'R1', 'M1', 'B', 'h', 'SUCCESS', '{}', 150000, 0, 0, 0)`);
    db.exec(`INSERT INTO payment_bills VALUES ('T1', 'BILL-1')`);
    db.exec(`INSERT INTO fetches (ref_id, biller_id, bills, created_at) VALUES ('R1', 'B', '[]', 0)`);
    db.exec(`INSERT INTO messages (at, direction, api, ref_id, msg_id, txn_reference_id, body) VALUES
      (0, 'IN', 'BillFetchRequest', 'R1', 'M0', NULL, '<a/>'), (0, 'IN', 'BillPaymentRequest', 'R1', 'M1', 'T1', '<b/>')`);
    const cols = (t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name);
    for (const c of paymentClones('X', cols)) db.prepare(cloneSql('sqlite', c)).run(1, 3, c.key === 'txn' ? 'T1' : 'R1');
    const count = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
    expect(count(`SELECT COUNT(*) AS n FROM payments WHERE state = 'SUCCESS'`)).toBe(4);
    expect(count(`SELECT SUM(paid_paise) AS n FROM payments`)).toBe(600000);
    expect(count(`SELECT COUNT(DISTINCT bill_id) AS n FROM payment_bills`)).toBe(4);
    expect(count(`SELECT COUNT(*) AS n FROM fetches`)).toBe(4);
    expect(count(`SELECT COUNT(*) AS n FROM messages WHERE ref_id = 'GRX-2'`)).toBe(2);
    expect(db.prepare(`SELECT txn_reference_id AS t FROM messages WHERE ref_id = 'GRX-2' ORDER BY id`).all().map((r) => (r as { t: unknown }).t)).toEqual([null, 'GX-2']);
    expect(() => db.prepare(cloneSql('sqlite', paymentClones('X', cols)[0])).run(1, 1, 'T1')).toThrow(/UNIQUE/);
  });

  it('writes the PostgreSQL form with generate_series and typed parameters', () => {
    const sql = cloneSql('postgres', { table: 'fetches', columns: ['ref_id', 'bills'], replace: { ref_id: `'G' || i` }, where: 'ref_id = $key' });
    expect(sql).toBe(`INSERT INTO fetches (ref_id, bills) SELECT 'G' || i, src.bills FROM (SELECT * FROM fetches WHERE ref_id = $3::text) AS src CROSS JOIN generate_series($1::int, $2::int) AS seq(i)`);
  });

  it('is a flag, with levels that must increase', () => {
    expect(parseArgs([]).growth).toEqual([]);
    expect(parseArgs(['--growth']).growth).toEqual(GROWTH_LEVELS);
    expect(parseArgs(['--growth-levels', '100,1000', '--growth-rate', '50'])).toMatchObject({ growth: [100, 1000], growthRate: 50 });
    expect(() => parseArgs(['--growth-levels', '1000,100'])).toThrow(/must increase/);
  });

  it('reports the payment p99 ratio largest ÷ smallest ledger, and ratios pair by pair', () => {
    const pt = (payments: number, p99: number) => ({ payments, fetchP99: spread([1]), paymentP99: spread([p99, p99 + 2, p99 - 2]) });
    expect(growthRatio([pt(10_000, 10), pt(100_000, 11), pt(1_000_000, 14)])).toBe(1.4);
    expect(growthRatio([pt(10_000, 10)])).toBe(0);
    expect(pairRatios([{ a: 50, b: 100 }, { a: 80, b: 100 }, { a: 60, b: 100 }])).toEqual({ min: 0.5, median: 0.6, max: 0.8 });
  });
});
