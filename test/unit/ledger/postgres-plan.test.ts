// Guards an optimisation recorded in docs/benchmark.md ("PostgreSQL round trips"): a fetch's
// "bills taken" lookup must start from the named bills, even before the tables were analysed (a
// fresh schema, or autovacuum not yet round), and not walk every successful payment.
import { Client } from 'pg';
import { migratePostgres } from '../../../src/ledger/postgres/migrate';
import { SQL } from '../../../src/ledger/postgres/statements';
import { describePg, dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describePg('PostgreSQL ledger query plans', () => {
  const schema = uniqueSchema('ledger_plan');
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    await migratePostgres(client, schema, Date.now());
    await client.query(`SET search_path TO ${schema}`);
    // 3,000 payments, nine in ten SUCCESS (the states the lookup filters on), each with one bill
    await client.query(`INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state, request,
        next_attempt_at, created_at, updated_at)
      SELECT 'T' || i, 'R' || i, 'M' || i, 'B', 'h', CASE WHEN i % 10 = 0 THEN 'FAILED' ELSE 'SUCCESS' END, '{}'::jsonb, 0, i, i
      FROM generate_series(1, 3000) i`);
    await client.query(`INSERT INTO payment_bills SELECT 'T' || i, 'BILL' || i FROM generate_series(1, 3000) i`);
    // the plan a named statement settles on after its first executions
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE taken(text[]) AS ${SQL.billIdsTaken.text}`);
  });

  afterAll(async () => {
    await client?.end();
    await dropSchema(schema);
  });

  const plan = async (): Promise<PlanNode[]> => {
    const res = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (FORMAT JSON) EXECUTE taken('{BILL5,BILL10,NOPE}')`,
    );
    return nodes(res.rows[0]['QUERY PLAN'][0].Plan);
  };

  const expectStartsFromBills = (all: PlanNode[]) => {
    // payments is only ever probed by its primary key (inside the per-row subplan)
    const onPayments = all.filter((n) => n['Relation Name'] === 'payments');
    expect(onPayments.length).toBeGreaterThan(0);
    for (const n of onPayments) {
      expect(n['Index Name']).toBe('payments_pkey');
      expect(n['Parent Relationship']).toBe('SubPlan');
    }
    expect(all.some((n) => n['Index Name'] === 'payments_due')).toBe(false);
    // an index scan, or a bitmap index scan under a bitmap heap scan: either names the index
    expect(all.some((n) => n['Index Name'] === 'payment_bills_by_bill')).toBe(true);
  };

  it('starts from payment_bills_by_bill before the tables were analysed', async () => {
    expectStartsFromBills(await plan());
  });

  it('starts from payment_bills_by_bill once they were analysed', async () => {
    await client.query('ANALYZE payments, payment_bills');
    await client.query('DEALLOCATE taken');
    await client.query(`PREPARE taken(text[]) AS ${SQL.billIdsTaken.text}`);
    expectStartsFromBills(await plan());
  });

  it('finds the taken bills among those named, and only those', async () => {
    const res = await client.query<{ bill_id: string }>(`EXECUTE taken('{BILL5,BILL10,NOPE,BILL5}')`);
    // BILL10's payment FAILED: not taken; BILL5 named twice, listed once
    expect(res.rows.map((r) => r.bill_id)).toEqual(['BILL5']);
  });
});

// The reconciliation reads the reversals of one day's payments: from the txnReferenceId index, never
// along messages_by_ref, which holds every reversal ever recorded.
describePg('PostgreSQL ledger query plans: reversals of named payments', () => {
  const schema = uniqueSchema('ledger_plan_rev');
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    await migratePostgres(client, schema, Date.now());
    await client.query(`SET search_path TO ${schema}`);
    await client.query(`INSERT INTO messages (at, direction, api, ref_id, txn_reference_id, outcome, body)
      SELECT i, 'IN', 'Reversal', 'ops:reversals', 'T' || i, 'POSTED_MANUAL', '{}' FROM generate_series(1, 3000) i`);
    await client.query('SET plan_cache_mode = force_generic_plan');
  });

  afterAll(async () => {
    await client?.end();
    await dropSchema(schema);
  });

  const plan = async (): Promise<PlanNode[]> => {
    await client.query(`PREPARE rev(text, text[]) AS ${SQL.findTxnMessages.text}`);
    try {
      const res = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) EXECUTE rev('ops:reversals', '{T5,T10,NOPE}')`);
      return nodes(res.rows[0]['QUERY PLAN'][0].Plan);
    } finally {
      await client.query('DEALLOCATE rev');
    }
  };

  it('never walks messages_by_ref; once analysed, probes messages_by_txn for each named payment', async () => {
    // unanalysed, the planner believes the table tiny and may scan it: cheap at that size, and
    // autovacuum analyses a table long before it grows
    expect((await plan()).some((n) => n['Index Name'] === 'messages_by_ref')).toBe(false);
    await client.query('ANALYZE messages');
    const all = await plan();
    expect(all.some((n) => n['Index Name'] === 'messages_by_txn')).toBe(true);
    expect(all.some((n) => n['Index Name'] === 'messages_by_ref' || (n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'messages'))).toBe(false);
  });

  it('finds the named payments only', async () => {
    const res = await client.query<{ txn_reference_id: string }>(`${SQL.findTxnMessages.text}`, ['ops:reversals', ['T5', 'T10', 'NOPE']]);
    expect(res.rows.map((r) => r.txn_reference_id)).toEqual(['T5', 'T10']);
  });
});
