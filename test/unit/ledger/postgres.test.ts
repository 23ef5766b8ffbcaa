import { Client } from 'pg';
import type { Ledger } from '../../../src/core/ports';
import { openPostgresLedger } from '../../../src/ledger/postgres/open';
import { runMigrations } from '../../../src/ledger/postgres/migrate';
import { POSTGRES_MIGRATIONS } from '../../../src/ledger/migrations/postgres';
import { describePg, dropSchema, pgExec, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';
import { describeLedgerConformance } from './conformance';
import { drain, ids, newPayment, paymentRequest, rejectionCode } from './conformance/fixtures';

// every version this build knows (other issues add theirs)
const ALL_VERSIONS = POSTGRES_MIGRATIONS.map((m) => m.version);
const UNREACHABLE = 'postgres://postgres@127.0.0.1:1/test';

describePg('PostgreSQL ledger', () => {
  const schema = uniqueSchema();
  describeLedgerConformance(
    'PostgreSQL',
    (clock) => openPostgresLedger(TEST_DATABASE_URL, { schema, poolSize: 10, clock }),
    () => dropSchema(schema),
    { persistent: true },
  );

  describe('two instances (two pools on one schema)', () => {
    const shared = uniqueSchema('ledger_pools');
    let a: Ledger;
    let b: Ledger;
    beforeAll(async () => {
      [a, b] = await Promise.all([
        openPostgresLedger(TEST_DATABASE_URL, { schema: shared, poolSize: 5 }),
        openPostgresLedger(TEST_DATABASE_URL, { schema: shared, poolSize: 5 }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await dropSchema(shared);
    });

    it('never hand the same due row to both, however the claims interleave', async () => {
      const t0 = Date.now();
      await drain(a, t0);
      const created: string[] = [];
      for (let i = 0; i < 60; i++) created.push(await newPayment(i % 2 ? a : b, t0 + (i % 7)));
      const claimed: string[] = [];
      for (;;) {
        const rounds = await Promise.all([a, b, a, b, a, b].map((l) => l.claimDue(t0 + 10, t0 + 60_000, 4)));
        const got = rounds.flatMap(ids);
        if (got.length === 0) break;
        claimed.push(...got);
      }
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.sort()).toEqual(created.sort());
    });

    it('create exactly one row for 50 concurrent claims of one txnReferenceId across both pools', async () => {
      const request = paymentRequest();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? a : b).claimPayment({ request: { ...request, msgId: `copy-${i}` }, contentHash: `h${i}`, leaseUntil: Date.now() + 1000 })),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.payment.contentHash)).size).toBe(1);
    });

    it('lease one row to exactly one of them with tryLease', async () => {
      const t0 = Date.now();
      const txn = await newPayment(a, t0);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).tryLease(txn, t0, t0 + 1000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('migrations', () => {
    const schemas: string[] = [];
    const fresh = () => {
      const s = uniqueSchema('ledger_mig');
      schemas.push(s);
      return s;
    };
    afterAll(async () => {
      for (const s of schemas) await dropSchema(s);
    });

    const versions = async (schema: string): Promise<number[]> => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
        return rows.map((r) => Number(r.version));
      } finally {
        await client.end();
      }
    };

    it('runMigrations creates the schema once; running it again applies nothing', async () => {
      const schema = fresh();
      expect(await runMigrations(TEST_DATABASE_URL, schema)).toEqual(ALL_VERSIONS);
      expect(await runMigrations(TEST_DATABASE_URL, schema)).toEqual([]);
      expect(await versions(schema)).toEqual(ALL_VERSIONS);
    });

    it('lets several instances start together on a new schema (advisory lock)', async () => {
      const schema = fresh();
      const ledgers = await Promise.all(Array.from({ length: 4 }, () => openPostgresLedger(TEST_DATABASE_URL, { schema, poolSize: 1 })));
      try {
        expect(await versions(schema)).toEqual(ALL_VERSIONS);
        await Promise.all(ledgers.map((l) => l.ping()));
      } finally {
        await Promise.all(ledgers.map((l) => l.close()));
      }
    });

    it('refuses a schema newer than this build', async () => {
      const schema = fresh();
      await runMigrations(TEST_DATABASE_URL, schema);
      await pgExec(`INSERT INTO ${schema}.schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)`);
      const e = await openPostgresLedger(TEST_DATABASE_URL, { schema }).then(
        (l) => l.close().then(() => undefined),
        (err: unknown) => err as { code: string; message: string },
      );
      expect(e?.code).toBe('LEDGER_UNAVAILABLE');
      expect(e?.message).toMatch(/version 99, newer than this build/);
    });
  });

  describe('lost connections', () => {
    const schema = uniqueSchema('ledger_lost');
    afterAll(() => dropSchema(schema));

    it('survive the server dropping every pooled connection: the next call reconnects', async () => {
      const applicationName = `ledger-test-${process.pid}-${Date.now()}`;
      const ledger = await openPostgresLedger(TEST_DATABASE_URL, { schema, poolSize: 3, applicationName });
      try {
        await Promise.all([ledger.ping(), ledger.ping(), ledger.ping()]);
        await pgExec('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
        await new Promise((r) => setTimeout(r, 50));
        await expect(ledger.ping()).resolves.toBeUndefined();
      } finally {
        await ledger.close();
      }
    });
  });
});

describe('PostgreSQL ledger without a server', () => {
  it('fails to open with LEDGER_UNAVAILABLE, promptly', async () => {
    const started = Date.now();
    expect(await rejectionCode(openPostgresLedger(UNREACHABLE))).toBe('LEDGER_UNAVAILABLE');
    expect(await rejectionCode(runMigrations(UNREACHABLE))).toBe('LEDGER_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    expect(await rejectionCode(openPostgresLedger(UNREACHABLE, { schema: 'x; DROP TABLE payments' }))).toBe('CONFIG_INVALID');
    expect(await rejectionCode(openPostgresLedger(UNREACHABLE, { schema: 'Upper' }))).toBe('CONFIG_INVALID');
  });
});
