// One behaviour for both ApiStore implementations (SQLite, PostgreSQL): claims by unique constraint,
// compare-and-set relock, answers never overwritten, references scoped per client and paged.
import type { ApiStore } from '../../../src/core/api-store';

export function describeApiStoreConformance(name: string, open: () => Promise<ApiStore>, cleanup: () => Promise<void> = async () => undefined) {
  describe(`${name} API store`, () => {
    let store: ApiStore;
    let seq = 0;
    const unique = (p: string) => `${p}-${process.pid}-${Date.now().toString(36)}-${seq++}`;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
      await cleanup();
    });

    const key = (clientId: string, k: string, lockedUntil = 1000) =>
      ({ clientId, key: k, requestHash: 'h1', clientReference: 'R1', lockedUntil, createdAt: 10 });

    it('a key is claimed once, however many claim it at the same time', async () => {
      const k = unique('k');
      const results = await Promise.all(Array.from({ length: 20 }, () => store.claimKey(key('c1', k))));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      for (const r of results) expect(r.record).toEqual({ clientId: 'c1', key: k, requestHash: 'h1', clientReference: 'R1', lockedUntil: 1000, createdAt: 10 });
      // keys are per client
      expect((await store.claimKey(key('c2', k))).created).toBe(true);
    });

    it('relock only while the lock reads as expected; an answer is stored once and unlocks', async () => {
      const k = unique('k');
      await store.claimKey(key('c1', k, 500));
      expect(await store.relockKey('c1', k, 499, 900)).toBe(false);
      expect(await store.relockKey('c1', k, 500, 900)).toBe(true);
      expect(await store.relockKey('c1', k, 500, 950)).toBe(false);
      await store.unlockKey('c1', k);
      expect((await store.claimKey(key('c1', k))).record.lockedUntil).toBe(0);
      const answer = { kind: 'outcome' as const, outcome: { status: 'SUCCESS' as const, receipts: [] }, createdAt: 42 };
      await store.saveAnswer('c1', k, answer);
      await store.saveAnswer('c1', k, { kind: 'refused', code: 'TXN_REFERENCE_TAKEN', detail: 'x' });
      const after = (await store.claimKey(key('c1', k))).record;
      expect(after).toMatchObject({ answer, lockedUntil: 0 });
      expect(await store.relockKey('c1', k, 0, 5000)).toBe(false);
    });

    it('a reference names one transaction, and a transaction belongs to one reference', async () => {
      const ref = unique('R');
      const txn = unique('T');
      const mine = { clientId: 'c1', clientReference: ref, txnReferenceId: txn, billerId: 'B1', createdAt: 100 };
      expect(await store.claimReference(mine)).toEqual({ created: true, record: mine });
      expect(await store.claimReference({ ...mine, createdAt: 200 })).toEqual({ created: false, record: mine });
      // the same reference with another transaction: what the reference names comes back
      expect((await store.claimReference({ ...mine, txnReferenceId: unique('T') })).record).toEqual(mine);
      // another client naming the transaction: the owner's record comes back
      expect(await store.claimReference({ ...mine, clientId: 'c2' })).toEqual({ created: false, record: mine });
      expect(await store.findReference('c1', ref)).toEqual(mine);
      expect(await store.findReference('c2', ref)).toBeUndefined();
    });

    it('lists a client\'s references in a time range, oldest first, paged by (createdAt, clientReference)', async () => {
      const client = unique('lister');
      const refs = [
        { r: 'b', at: 1000 }, { r: 'a', at: 1000 }, { r: 'c', at: 1001 }, { r: 'd', at: 2000 }, { r: 'e', at: 999 },
      ];
      for (const x of refs) await store.claimReference({ clientId: client, clientReference: x.r, txnReferenceId: unique('T'), billerId: 'B', createdAt: x.at });
      await store.claimReference({ clientId: unique('other'), clientReference: 'z', txnReferenceId: unique('T'), billerId: 'B', createdAt: 1000 });
      const page1 = await store.listReferences({ clientId: client, from: 1000, before: 2000, limit: 2 });
      expect(page1.map((p) => p.clientReference)).toEqual(['a', 'b']);
      const last = page1[1];
      const page2 = await store.listReferences({ clientId: client, from: 1000, before: 2000, limit: 2, after: { createdAt: last.createdAt, clientReference: last.clientReference } });
      expect(page2.map((p) => p.clientReference)).toEqual(['c']);
    });
  });
}
