// The DIGIT login guard on each store: one slot per account, claimed atomically (concurrent claims:
// exactly one wins), a refusal remembered for its wait by every connection, a release freeing it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLoginGuard, type LoginGuardStore } from '../../../src/core/login-guard';
import { openLedger, openLoginGuard } from '../../../src/ledger';
import { PostgresLoginGuard } from '../../../src/ledger/postgres/login-guard';
import { openPostgresLedger } from '../../../src/ledger/postgres/open';
import { describePg, dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';

const ACCOUNT = 'https://digit.example|pb|EMPLOYEE|BBPS_INTEGRATOR';

/** `open()` returns two handles on one store (two processes on one ledger). */
function describeGuard(name: string, open: () => Promise<{ a: LoginGuardStore; b: LoginGuardStore; done(): Promise<void> }>) {
  describe(`login guard: ${name}`, () => {
    let a: LoginGuardStore;
    let b: LoginGuardStore;
    let done: () => Promise<void>;
    let n = 0;
    const account = () => `${ACCOUNT}#${n++}`;
    beforeAll(async () => ({ a, b, done } = await open()));
    afterAll(() => done());

    it('grants one claim; the other handle sees the slot held by a login in flight', async () => {
      const acc = account();
      const first = await a.claim(acc, 'p1', 10_000);
      expect(first).toMatchObject({ granted: true, refusals: 0 });
      const second = await b.claim(acc, 'p2', 10_000);
      expect(second).toMatchObject({ granted: false, inFlight: true });
      expect(second.nextLoginAt).toBeGreaterThan(Date.now());
    });

    it('of 10 concurrent claims exactly one is granted', async () => {
      const acc = account();
      const slots = await Promise.all(Array.from({ length: 10 }, (_v, i) => (i % 2 ? a : b).claim(acc, `p${i}`, 10_000)));
      expect(slots.filter((s) => s.granted)).toHaveLength(1);
    });

    it('a refusal blocks every handle for its wait, with the reason and the count', async () => {
      const acc = account();
      await a.claim(acc, 'p1', 10_000);
      const after = await a.refused(acc, 'p1', 60_000, 'invalid_request: Invalid login credentials');
      expect(after).toMatchObject({ granted: false, inFlight: false, refusals: 1, reason: 'invalid_request: Invalid login credentials' });
      const seen = await b.claim(acc, 'p2', 10_000);
      expect(seen).toMatchObject({ granted: false, inFlight: false, refusals: 1, reason: 'invalid_request: Invalid login credentials' });
      expect(seen.nextLoginAt).toBeGreaterThan(Date.now() + 50_000);
    });

    it('after the wait a claim is granted and carries the refusals so far; success forgets them', async () => {
      const acc = account();
      await a.claim(acc, 'p1', 10_000);
      await a.refused(acc, 'p1', 1, 'no');
      await new Promise((r) => setTimeout(r, 20));
      expect(await b.claim(acc, 'p2', 10_000)).toMatchObject({ granted: true, refusals: 1 });
      await b.release(acc, 'p2', true);
      expect(await a.claim(acc, 'p3', 10_000)).toMatchObject({ granted: true, refusals: 0 });
    });

    it('release frees the slot for others, and only the holder can release it', async () => {
      const acc = account();
      await a.claim(acc, 'p1', 10_000);
      await b.release(acc, 'intruder', false);
      expect(await b.claim(acc, 'p2', 10_000)).toMatchObject({ granted: false, inFlight: true });
      await a.release(acc, 'p1', false);
      expect(await b.claim(acc, 'p2', 10_000)).toMatchObject({ granted: true });
    });
  });
}

describeGuard('memory', async () => {
  const g = new MemoryLoginGuard();
  return { a: g, b: g, done: async () => undefined };
});

describeGuard('SQLite file, two connections', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'login-guard-'));
  const url = `sqlite:${join(dir, 'ledger.db')}`;
  const ledger = await openLedger(url);
  const a = openLoginGuard(url);
  const b = openLoginGuard(url);
  return {
    a, b,
    done: async () => {
      await a.close();
      await b.close();
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describePg('PostgreSQL', () => {
  describeGuard('PostgreSQL, two pools', async () => {
    const schema = uniqueSchema('guard');
    const ledger = await openPostgresLedger(TEST_DATABASE_URL, { schema });
    const a = new PostgresLoginGuard(TEST_DATABASE_URL, schema);
    const b = new PostgresLoginGuard(TEST_DATABASE_URL, schema);
    return {
      a, b,
      done: async () => {
        await a.close();
        await b.close();
        await ledger.close();
        await dropSchema(schema);
      },
    };
  });
});
