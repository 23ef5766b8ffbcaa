// The outbox of callbacks still to send: queued, leased, delivered, retried, parked, re-queued.
import type { Ledger } from '../../../../src/core/ports';
import type { LedgerContext } from './context';
import { drain, uid } from './fixtures';

const item = (nextAttemptAt: number, over: { id?: string; body?: string } = {}) => ({
  id: over.id ?? uid('BillPaymentResponse:'),
  refId: uid('Ref'),
  api: 'BillPaymentResponse',
  url: 'https://cu.example/bbps/BillPaymentResponse/1.0/urn:referenceId:X',
  body: over.body ?? '<ns2:BillPaymentResponse/>',
  nextAttemptAt,
});

const claimIds = async (ledger: Ledger, now: number, leaseUntil: number, limit = 100) =>
  (await ledger.claimDueOutbox(now, leaseUntil, limit)).map((i) => i.id);

export function outboxCases(ctx: LedgerContext): void {
  describe('outbox', () => {
    let t0: number;
    beforeEach(async () => {
      t0 = Date.now();
      await drain(ctx.ledger(), t0);
    });

    it('queues an item PENDING at version 1', async () => {
      const ledger = ctx.ledger();
      const queued = item(t0 + 100);
      await ledger.putOutbox(queued);
      const stored = await ledger.getOutbox(queued.id);
      expect(stored).toStrictEqual({
        ...queued, state: 'PENDING', version: 1, attempts: 0, createdAt: stored!.createdAt, updatedAt: stored!.createdAt,
      });
      expect(await ledger.getOutbox(uid('None'))).toBeUndefined();
    });

    it('addOutbox creates an item once: a second add with the same id changes nothing, even concurrently', async () => {
      const ledger = ctx.ledger();
      const first = item(t0 + 100, { body: '<first/>' });
      expect(await ledger.addOutbox(first)).toBe(true);
      expect(await ledger.addOutbox({ ...first, body: '<second/>' })).toBe(false);
      expect(await ledger.getOutbox(first.id)).toMatchObject({ body: '<first/>', version: 1, state: 'PENDING' });
      const racing = item(t0 + 100);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ledger.addOutbox({ ...racing, body: `<copy n="${i}"/>` })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect((await ledger.getOutbox(racing.id))?.body).toBe(`<copy n="${winner}"/>`);
    });

    it('claims due items once, leased, earliest due first, within the limit', async () => {
      const ledger = ctx.ledger();
      const a = item(t0 + 20);
      const b = item(t0 + 10);
      const later = item(t0 + 500);
      for (const i of [a, b, later]) await ledger.putOutbox(i);
      expect(await claimIds(ledger, t0 + 100, t0 + 1000, 1)).toEqual([b.id]);
      const claimed = await ledger.claimDueOutbox(t0 + 100, t0 + 1000, 10);
      expect(claimed.map((i) => i.id)).toEqual([a.id]);
      expect(claimed[0]).toMatchObject({ nextAttemptAt: t0 + 1000, state: 'PENDING' });
      expect(await claimIds(ledger, t0 + 999, t0 + 2000)).toEqual([later.id]);
    });

    it('never gives one item to two concurrent claimers', async () => {
      const ledger = ctx.ledger();
      const queued = Array.from({ length: 12 }, () => item(t0));
      for (const i of queued) await ledger.putOutbox(i);
      const [x, y] = await Promise.all([claimIds(ledger, t0, t0 + 1000, 8), claimIds(ledger, t0, t0 + 1000, 8)]);
      const all = [...x, ...y];
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual(queued.map((i) => i.id).sort());
    });

    it('marks a delivered item SENT: never claimed again', async () => {
      const ledger = ctx.ledger();
      const queued = item(t0);
      await ledger.putOutbox(queued);
      const [claimed] = await ledger.claimDueOutbox(t0, t0 + 1000, 10);
      expect(await ledger.markOutboxSent(claimed.id, claimed.version)).toBe(true);
      expect(await ledger.getOutbox(queued.id)).toMatchObject({ state: 'SENT', attempts: 1 });
      expect(await ledger.markOutboxSent(claimed.id, claimed.version)).toBe(false);
      expect(await claimIds(ledger, t0 + 1_000_000, t0 + 2_000_000)).toEqual([]);
    });

    it('retries a failed delivery from nextAttemptAt, then parks it for operators', async () => {
      const ledger = ctx.ledger();
      const queued = item(t0);
      await ledger.putOutbox(queued);
      expect(await ledger.markOutboxFailed(queued.id, 1, 'HTTP 503', t0 + 2000)).toBe(true);
      expect(await ledger.getOutbox(queued.id)).toMatchObject({ state: 'PENDING', attempts: 1, lastError: 'HTTP 503', nextAttemptAt: t0 + 2000 });
      expect(await claimIds(ledger, t0 + 1999, t0 + 3000)).toEqual([]);
      expect(await claimIds(ledger, t0 + 2000, t0 + 3000)).toEqual([queued.id]);

      expect(await ledger.markOutboxFailed(queued.id, 1, 'gave up after 24 h')).toBe(true);
      expect(await ledger.getOutbox(queued.id)).toMatchObject({ state: 'PARKED', attempts: 2, lastError: 'gave up after 24 h' });
      expect(await claimIds(ledger, t0 + 1_000_000, t0 + 2_000_000)).toEqual([]);
    });

    it('re-queues: a new version with the new body; marks of the old version no longer apply', async () => {
      const ledger = ctx.ledger();
      const id = uid('Id');
      await ledger.putOutbox(item(t0, { id, body: 'first' }));
      const [old] = await ledger.claimDueOutbox(t0, t0 + 1000, 10);
      await ledger.putOutbox(item(t0 + 50, { id, body: 'second' }));
      expect(await ledger.markOutboxSent(id, old.version)).toBe(false);
      expect(await ledger.markOutboxFailed(id, old.version, 'x', t0)).toBe(false);
      expect(await ledger.getOutbox(id)).toMatchObject({ body: 'second', state: 'PENDING', version: 2, attempts: 0, nextAttemptAt: t0 + 50 });

      const [current] = await ledger.claimDueOutbox(t0 + 50, t0 + 1000, 10);
      expect(await ledger.markOutboxSent(id, current.version)).toBe(true);
      // the same response asked for again (a repeated request): sent once more
      await ledger.putOutbox(item(t0 + 60, { id, body: 'second' }));
      const again = await ledger.getOutbox(id);
      expect(again).toMatchObject({ state: 'PENDING', version: 3, attempts: 0 });
      expect(again?.lastError).toBeUndefined();
    });
  });
}
