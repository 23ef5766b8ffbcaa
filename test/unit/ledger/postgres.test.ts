import { Client } from 'pg';
import type { Ledger } from '../../../src/core/ports';
import { openPostgresLedger } from '../../../src/ledger/postgres/open';
import { runMigrations } from '../../../src/ledger/postgres/migrate';
import { POSTGRES_MIGRATIONS } from '../../../src/ledger/migrations/postgres';
import { describePg, dropSchema, pgExec, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';
import { describeLedgerConformance } from './conformance';
import type { OpenOptions } from './conformance/context';
import { CREATOR, drain, ids, newPayment, paymentRequest, postingPlan, rejectionCode, succeeded, uid } from './conformance/fixtures';
import { sleep } from './conformance/workers';

/** every version this build knows (other issues add theirs) */
const ALL_VERSIONS = POSTGRES_MIGRATIONS.map((m) => m.version);
const UNREACHABLE = 'postgres://postgres@127.0.0.1:1/test';

/** Opens a ledger on `schema` as the conformance suite asks. */
const opener = (schema: string, poolSize: number) => (o: OpenOptions = {}) =>
  openPostgresLedger(TEST_DATABASE_URL, { schema, poolSize, clock: o.clock, instanceId: o.instanceId, leases: o.leases });

describePg('PostgreSQL ledger', () => {
  const schema = uniqueSchema();
  const freshSchemas: string[] = [];
  describeLedgerConformance(
    'PostgreSQL',
    opener(schema, 10),
    async () => {
      for (const s of [schema, ...freshSchemas]) await dropSchema(s);
    },
    {
      persistent: true,
      leaseClock: 'store',
      freshStore: () => {
        const s = uniqueSchema('ledger_fresh');
        freshSchemas.push(s);
        return opener(s, 4);
      },
    },
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
      await drain(a);
      const created: string[] = [];
      for (let i = 0; i < 60; i++) created.push(await newPayment(i % 2 ? a : b, 0));
      const claimed: string[] = [];
      for (;;) {
        const rounds = await Promise.all([a, b, a, b, a, b].map((l) => l.claimDue(60_000, 4)));
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
          (i % 2 ? a : b).claimPayment({ request: { ...request, msgId: `copy-${i}` }, contentHash: `h${i}`, leaseMs: 1000 })),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.payment.contentHash)).size).toBe(1);
    });

    it('lease one row to exactly one of them with tryLease', async () => {
      const txn = await newPayment(a, 0);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).tryLease(txn, 1000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('leases of other instances: heartbeats', () => {
    const shared = uniqueSchema('ledger_beats');
    const open = opener(shared, 3);
    const STALE = 500;
    afterAll(() => dropSchema(shared));

    const outboxItem = (leaseMs: number) => ({ id: uid('cb:'), refId: 'R', api: 'BillPaymentResponse', url: 'https://cu/cb', body: '<x/>', leaseMs });

    it('an owner that beats keeps its unexpired leases; one silent for ownerStaleMs loses them, and its writes are fenced off', async () => {
      // both beat by hand: the test decides who is alive
      const a = await open({ leases: { heartbeatMs: 0 } });
      const b = await open({ leases: { heartbeatMs: 0, ownerStaleMs: STALE } });
      try {
        await drain(b);
        const txn = await newPayment(a, 3_600_000);
        expect(await a.markPosting(txn, CREATOR, postingPlan(), 3_600_000, Date.now())).toBe(true);
        const item = outboxItem(3_600_000);
        await a.addOutbox(item);

        // A alive: beating right before each look, and for longer than B's ownerStaleMs in all
        const until = Date.now() + 2 * STALE;
        while (Date.now() < until) {
          await a.heartbeat();
          expect(await b.tryLease(txn, 60_000)).toBeUndefined();
          expect(await b.claimDue(60_000, 10)).toEqual([]);
          expect(await b.claimDueOutbox(60_000, 10)).toEqual([]);
          await sleep(50);
        }

        // A silent for well over ownerStaleMs: dead to B, whatever its leases' expiry
        await sleep(STALE + 300);
        const taken = await b.tryLease(txn, 60_000);
        expect(taken).toMatchObject({ state: 'POSTING', leaseToken: CREATOR + 1, leaseOwner: b.instanceId });
        const [claimedItem] = await b.claimDueOutbox(60_000, 10);
        expect(claimedItem).toMatchObject({ id: item.id, version: 2, leaseOwner: b.instanceId });
        const row = await b.getPayment(txn);

        // A comes back (a long pause, not a crash): every write of its old lease is refused
        await a.heartbeat();
        expect(await a.renewLease(txn, CREATOR, 60_000)).toBe(false);
        expect(await a.markPosting(txn, CREATOR, postingPlan(), 60_000, Date.now())).toBe(false);
        expect(await a.complete(txn, CREATOR, succeeded(150_000))).toBe(false);
        expect(await a.markUnknown(txn, CREATOR, 'timeout', 0, Date.now())).toBe(false);
        expect(await a.markOutboxSent(item.id, 1)).toBe(false);
        expect(await b.getPayment(txn)).toStrictEqual(row);
        // and its live heartbeat does not take B's lease back from it
        expect(await a.tryLease(txn, 60_000)).toBeUndefined();

        // B has not beaten since it opened (stale by its own measure), yet its own leases are never dead to it
        expect(await b.tryLease(txn, 60_000)).toBeUndefined();
        expect(await b.claimDue(60_000, 10)).toEqual([]);
        expect(await b.claimDueOutbox(60_000, 10)).toEqual([]);
        expect(await b.complete(txn, taken!.leaseToken, succeeded(150_000))).toBe(true);
        expect(await b.markOutboxSent(item.id, claimedItem.version)).toBe(true);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('an instance beating on its own timer keeps its leases', async () => {
      const a = await open({ leases: { heartbeatMs: 50 } });
      const b = await open({ leases: { heartbeatMs: 0, ownerStaleMs: STALE } });
      try {
        const txn = await newPayment(a, 3_600_000);
        await sleep(2 * STALE + 100);
        expect(await b.tryLease(txn, 60_000)).toBeUndefined();
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('close() frees an instance\'s leases for the others at once', async () => {
      const a = await open();
      const b = await open(); // the defaults: a beat every second, dead after five
      try {
        await drain(b);
        const txn = await newPayment(a, 3_600_000);
        const item = outboxItem(3_600_000);
        await a.addOutbox(item);
        expect(await b.tryLease(txn, 60_000)).toBeUndefined();
        await a.close();
        expect(await b.tryLease(txn, 60_000)).toMatchObject({ leaseToken: CREATOR + 1, leaseOwner: b.instanceId });
        expect((await b.claimDueOutbox(60_000, 10)).map((i) => i.id)).toEqual([item.id]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('close() frees them at once even when its timer\'s beat is in flight (it cannot re-register the instance)', async () => {
      const b = await open({ leases: { heartbeatMs: 0 } });
      try {
        for (let i = 0; i < 10; i++) {
          const a = await open({ leases: { heartbeatMs: 1 } }); // beating all the time
          const txn = await newPayment(a, 3_600_000);
          await sleep(i % 4);
          await a.close();
          expect(await b.tryLease(txn, 60_000)).toMatchObject({ leaseOwner: b.instanceId });
        }
      } finally {
        await b.close();
      }
    });

    it('a lease that expired is free whatever its owner\'s heartbeat', async () => {
      const a = await open({ leases: { heartbeatMs: 0 } });
      const b = await open({ leases: { heartbeatMs: 0 } });
      try {
        const txn = await newPayment(a, 100);
        await sleep(200);
        await a.heartbeat();
        expect(await b.tryLease(txn, 60_000)).toMatchObject({ leaseToken: CREATOR + 1 });
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
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

    it('answer a call made at once, before the pool has heard that its connections were ended', async () => {
      const applicationName = `ledger-test-${process.pid}-${Date.now()}-now`;
      const ledger = await openPostgresLedger(TEST_DATABASE_URL, { schema, poolSize: 3, applicationName });
      try {
        await Promise.all([ledger.ping(), ledger.ping(), ledger.ping()]);
        // the terminations race the calls: some calls go out on a connection the server is ending
        for (let round = 0; round < 20; round++) {
          const ending = pgExec('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
          const calls = Array.from({ length: 6 }, (_, i) => new Promise((r) => setTimeout(r, i)).then(() => ledger.ping()));
          await ending;
          await expect(Promise.all(calls)).resolves.toBeDefined();
        }
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
