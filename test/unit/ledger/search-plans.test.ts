// The operators' queries (console search, Overview totals, a payment's messages, outbox counts) are
// indexed in both dialects: none walks a table that grows with the ledger.
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { SQLITE_MIGRATIONS } from '../../../src/ledger/migrations/sqlite';
import { migratePostgres } from '../../../src/ledger/postgres/migrate';
import { SQL as PG } from '../../../src/ledger/postgres/statements';
import { SQL as LITE } from '../../../src/ledger/sqlite/statements';
import { describePg, dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';

const QUERIES = ['searchByTerm', 'searchWindow', 'totalsByState', 'findMessagesOfTxn', 'countOutbox'] as const;

describe('SQLite plans of the operators queries', () => {
  const db = new DatabaseSync(':memory:');
  for (const m of SQLITE_MIGRATIONS) db.exec(m.sql);
  afterAll(() => db.close());

  it.each(QUERIES)('%s searches an index, never scans a table', (name) => {
    const details = (db.prepare(`EXPLAIN QUERY PLAN ${LITE[name]}`).all({}) as Array<{ detail: string }>).map((r) => r.detail);
    expect(details.some((d) => /^SEARCH \w+ USING (COVERING )?INDEX/.test(d))).toBe(true);
    expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });

  it('the term search reaches every way of naming a payment through its own index', () => {
    const details = (db.prepare(`EXPLAIN QUERY PLAN ${LITE.searchByTerm}`).all({}) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    for (const index of ['sqlite_autoindex_payments_1', 'payments_by_ref', 'payments_by_consumer_code', 'payments_by_receipt']) expect(details).toContain(index);
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describePg('PostgreSQL plans of the operators queries', () => {
  const schema = uniqueSchema('ops_plan');
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    await migratePostgres(client, schema, Date.now());
    await client.query(`SET search_path TO ${schema}`);
    await client.query(`INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state, request, plan, outcome,
        next_attempt_at, created_at, updated_at)
      SELECT 'T' || i, 'R' || i, 'M' || i, 'B', 'h', 'SUCCESS', '{"amountPaise":100}'::jsonb,
        jsonb_build_object('bills', jsonb_build_array(jsonb_build_object('consumerCode', 'CC' || i))),
        jsonb_build_object('receipts', jsonb_build_array(jsonb_build_object('receiptNumber', 'RC' || i))), 0, i, i
      FROM generate_series(1, 5000) i`);
    await client.query(`INSERT INTO messages (at, direction, api, ref_id, txn_reference_id, body)
      SELECT i, 'IN', 'BillPaymentRequest', 'R' || i, 'T' || i, '<x/>' FROM generate_series(1, 5000) i`);
    await client.query(`INSERT INTO outbox (id, ref_id, api, url, body, state, version, next_attempt_at, created_at, updated_at)
      SELECT 'o' || i, 'R' || i, 'X', 'u', 'b', 'SENT', 1, 0, i, i FROM generate_series(1, 5000) i`);
    await client.query('ANALYZE');
  });
  afterAll(async () => {
    await client?.end();
    await dropSchema(schema);
  });

  const ARGS: Record<(typeof QUERIES)[number], unknown[]> = {
    searchByTerm: ['T77', null, null, null, null, 20, 0],
    searchWindow: [100, 200, null, null, 20, 0],
    totalsByState: [100, 200],
    findMessagesOfTxn: ['T77'],
    countOutbox: ['PARKED'],
  };

  it.each(QUERIES)('%s uses indexes, no sequential scan', async (name) => {
    const res = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>({ text: `EXPLAIN (FORMAT JSON) ${PG[name].text}`, values: ARGS[name] });
    const all = nodes(res.rows[0]['QUERY PLAN'][0].Plan);
    expect(all.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).toEqual([]);
    expect(all.some((n) => n['Index Name'])).toBe(true);
  });
});
