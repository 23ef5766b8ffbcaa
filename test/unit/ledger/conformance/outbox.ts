// The outbox of callbacks still to send: queued once (leased to its creator), claimed (each claim a
// new version, which fences the marks), delivered, retried, parked, re-queued as it is.
import type { Ledger } from '../../../../src/core/ports';
import type { LedgerContext } from './context';
import { expectLeaseFor, uid } from './fixtures';
import { sleep, withWorkers } from './workers';

const item = (leaseMs: number, over: { id?: string; body?: string } = {}) => ({
  id: over.id ?? uid('BillPaymentResponse:'),
  refId: uid('Ref'),
  api: 'BillPaymentResponse',
  url: 'https://cu.example/bbps/BillPaymentResponse/1.0/urn:referenceId:X',
  body: over.body ?? '<ns2:BillPaymentResponse/>',
  leaseMs,
});

const claimIds = async (ledger: Ledger, leaseMs: number, limit = 100) =>
  (await ledger.claimDueOutbox(leaseMs, limit)).map((i) => i.id);

export function outboxCases(ctx: LedgerContext): void {
  const slack = ctx.leaseClock === 'store' ? 1000 : 0;

  describe('outbox', () => {
    it('queues an item PENDING at version 1, leased to its creator for leaseMs', async () => {
      const ledger = ctx.ledger();
      const { leaseMs, ...queued } = item(30_000);
      const before = Date.now();
      expect(await ledger.addOutbox({ ...queued, leaseMs })).toBe(true);
      const after = Date.now();
      const stored = await ledger.getOutbox(queued.id);
      expect(stored).toStrictEqual({
        ...queued, state: 'PENDING', version: 1, attempts: 0, nextAttemptAt: stored!.nextAttemptAt, leaseOwner: ledger.instanceId,
        createdAt: stored!.createdAt, updatedAt: stored!.createdAt,
      });
      expectLeaseFor(stored!.nextAttemptAt, leaseMs, before, after, slack);
      expect(await ledger.getOutbox(uid('None'))).toBeUndefined();
    });

    it('addOutbox creates an item once: a second add with the same id changes nothing, even concurrently', async () => {
      const ledger = ctx.ledger();
      const first = item(100, { body: '<first/>' });
      expect(await ledger.addOutbox(first)).toBe(true);
      const stored = await ledger.getOutbox(first.id);
      expect(await ledger.addOutbox({ ...first, body: '<second/>', url: 'https://elsewhere/', leaseMs: 0 })).toBe(false);
      expect(await ledger.getOutbox(first.id)).toStrictEqual(stored);
      const racing = item(100);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ledger.addOutbox({ ...racing, body: `<copy n="${i}"/>` })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect((await ledger.getOutbox(racing.id))?.body).toBe(`<copy n="${winner}"/>`);
    });

    it('never replaces an answer: not while it is pending, nor once it was sent or parked', async () => {
      const ledger = ctx.ledger();
      const sent = item(0, { body: '<answer n="1"/>' });
      const parked = item(0, { body: '<answer n="2"/>' });
      for (const i of [sent, parked]) await ledger.addOutbox(i);
      expect(await ledger.markOutboxSent(sent.id, 1)).toBe(true);
      expect(await ledger.markOutboxFailed(parked.id, 1, 'gave up')).toBe(true);
      for (const i of [sent, parked]) {
        const before = await ledger.getOutbox(i.id);
        expect(await ledger.addOutbox({ ...i, body: '<another answer/>', leaseMs: 0 })).toBe(false);
        expect(await ledger.getOutbox(i.id)).toStrictEqual(before);
      }
    });

    it('claims due items once, leased to this instance, soonest due first, within the limit', () =>
      withWorkers(ctx, async (w) => {
        const ledger = w.a;
        // b is queued after a but due sooner
        const a = item(w.exact ? 20 : 300);
        const b = item(w.exact ? 10 : 0);
        const later = item(60_000);
        for (const i of [a, b, later]) await ledger.addOutbox(i);
        await w.advance(w.exact ? 100 : 300);
        expect(await claimIds(ledger, 60_000, 1)).toEqual([b.id]);
        const claimed = await ledger.claimDueOutbox(60_000, 10);
        expect(claimed.map((i) => i.id)).toEqual([a.id]);
        expect(claimed[0]).toMatchObject({ state: 'PENDING', version: 2, leaseOwner: ledger.instanceId });
        expect(await claimIds(ledger, 60_000)).toEqual([]);
        if (w.exact) {
          await w.advance(59_899);
          expect(await claimIds(ledger, 60_000)).toEqual([]);
          await w.advance(1);
          expect(await claimIds(ledger, 60_000)).toEqual([later.id]);
        }
      }));

    it('never gives one item to two concurrent claimers', () =>
      withWorkers(ctx, async ({ a: ledger }) => {
        const queued = Array.from({ length: 12 }, () => item(0));
        for (const i of queued) await ledger.addOutbox(i);
        const [x, y] = await Promise.all([claimIds(ledger, 1000, 8), claimIds(ledger, 1000, 8)]);
        const all = [...x, ...y];
        expect(new Set(all).size).toBe(all.length);
        expect(all.sort()).toEqual(queued.map((i) => i.id).sort());
      }));

    it('marks a delivered item SENT (released): never claimed again', () =>
      withWorkers(ctx, async ({ a: ledger }) => {
        const queued = item(0);
        await ledger.addOutbox(queued);
        const [claimed] = await ledger.claimDueOutbox(1000, 10);
        expect(await ledger.markOutboxSent(claimed.id, claimed.version)).toBe(true);
        const sent = await ledger.getOutbox(queued.id);
        expect(sent).toMatchObject({ state: 'SENT', attempts: 1, version: claimed.version });
        expect(sent).not.toHaveProperty('leaseOwner');
        expect(await ledger.markOutboxSent(claimed.id, claimed.version)).toBe(false);
        expect(await claimIds(ledger, 1000)).toEqual([]);
      }));

    it('retries a failed delivery retryInMs later, then parks it for operators', () =>
      withWorkers(ctx, async (w) => {
        const ledger = w.a;
        const retryInMs = w.exact ? 2000 : 600;
        const queued = item(60_000);
        await ledger.addOutbox(queued); // the creator works it first, at version 1
        const before = Date.now();
        expect(await ledger.markOutboxFailed(queued.id, 1, 'HTTP 503', retryInMs)).toBe(true);
        const after = Date.now();
        const failed = await ledger.getOutbox(queued.id);
        expect(failed).toMatchObject({ state: 'PENDING', version: 1, attempts: 1, lastError: 'HTTP 503' });
        expect(failed).not.toHaveProperty('leaseOwner');
        if (w.exact) expect(failed!.nextAttemptAt).toBe(w.now() + retryInMs);
        else expectLeaseFor(failed!.nextAttemptAt, retryInMs, before, after, slack);
        expect(await claimIds(ledger, 3000)).toEqual([]);
        if (w.exact) {
          await w.advance(retryInMs - 1);
          expect(await claimIds(ledger, 3000)).toEqual([]);
        }
        await w.advance(w.exact ? 1 : retryInMs);
        const [again] = await ledger.claimDueOutbox(3000, 10);
        expect(again).toMatchObject({ id: queued.id, version: 2, attempts: 1 });

        expect(await ledger.markOutboxFailed(queued.id, again.version, 'gave up after 24 h')).toBe(true);
        expect(await ledger.getOutbox(queued.id)).toMatchObject({ state: 'PARKED', attempts: 2, lastError: 'gave up after 24 h' });
        await w.advance(w.exact ? 1_000_000 : 0);
        expect(await claimIds(ledger, 3000)).toEqual([]);
      }));

    it('each claim moves the version on: marks of an earlier claim (a worker that lost the item) are refused', () =>
      withWorkers(ctx, async (w) => {
        const { a, b } = w;
        const queued = item(0);
        await a.addOutbox(queued);
        const [first] = await a.claimDueOutbox(w.short, 10);
        expect(first.version).toBe(2);
        await w.advance(w.short);
        const [second] = await b.claimDueOutbox(60_000, 10);
        expect(second).toMatchObject({ id: queued.id, version: 3, leaseOwner: b.instanceId });
        expect(await a.markOutboxSent(queued.id, first.version)).toBe(false);
        expect(await a.markOutboxFailed(queued.id, first.version, 'late', 0)).toBe(false);
        expect(await a.markOutboxFailed(queued.id, first.version, 'late')).toBe(false);
        expect(await a.markOutboxSent(queued.id, 1)).toBe(false);
        expect(await b.getOutbox(queued.id)).toStrictEqual(second);
        expect(await b.markOutboxSent(queued.id, second.version)).toBe(true);
        expect(await b.getOutbox(queued.id)).toMatchObject({ state: 'SENT', attempts: 1 });
      }));

    it('re-queues an item as it is: PENDING, attempts 0, a new version, leased to the re-queuer; old marks refused', () =>
      withWorkers(ctx, async (w) => {
        const ledger = w.a;
        const id = uid('Id');
        await ledger.addOutbox(item(0, { id, body: 'first' }));
        const [old] = await ledger.claimDueOutbox(1000, 10);
        expect(await ledger.markOutboxFailed(id, old.version, 'HTTP 503', 0)).toBe(true);
        const [claimed] = await ledger.claimDueOutbox(1000, 10);

        expect(await ledger.requeueOutbox(id, 60_000)).toBe(true);
        expect(await ledger.markOutboxSent(id, claimed.version)).toBe(false);
        expect(await ledger.markOutboxFailed(id, claimed.version, 'x', 0)).toBe(false);
        const requeued = await ledger.getOutbox(id);
        expect(requeued).toMatchObject({ body: 'first', state: 'PENDING', version: claimed.version + 1, attempts: 0, leaseOwner: ledger.instanceId });
        expect(requeued).not.toHaveProperty('lastError');
        expect(await claimIds(ledger, 1000)).toEqual([]); // leased to the re-queuer, who sends it first
        expect(await ledger.markOutboxSent(id, requeued!.version)).toBe(true);

        // the same answer asked for again (a repeated request) after it was sent: sent once more, as it is
        await sleep(2);
        expect(await ledger.requeueOutbox(id, 0)).toBe(true);
        const again = await ledger.getOutbox(id);
        expect(again).toMatchObject({ body: 'first', state: 'PENDING', version: requeued!.version + 1, attempts: 0 });
        expect(again!.updatedAt).toBeGreaterThanOrEqual(requeued!.updatedAt);
        expect(again?.lastError).toBeUndefined();
        expect(await claimIds(ledger, 1000)).toEqual([id]);
        expect(await ledger.requeueOutbox(uid('None'), 1000)).toBe(false);
      }));
  });
}
