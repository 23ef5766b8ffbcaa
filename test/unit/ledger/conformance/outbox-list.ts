// The operators' outbox list: one state, newest first, limited, paged by (updatedAt, id).
// Each case drives its own ledger with a manual clock set far beyond real time, so its rows are the
// newest in a shared store (a file, a schema) and no other case's rows come between them; their
// leases (a year) outlast anything another case claims.
import type { Ledger, OutboxItem, OutboxListQuery, OutboxState } from '../../../../src/core/ports';
import type { LedgerContext } from './context';
import { rejectionCode, uid } from './fixtures';

const YEAR = 365 * 24 * 3600 * 1000;
/** each case starts a billion ms (11 days) above the last: later cases' rows are always newer */
let lastBase = Date.now() + 200 * YEAR;

interface Manual {
  ledger: Ledger;
  at(t: number): void;
  base: number;
}

export function outboxListCases(ctx: LedgerContext): void {
  describe('outbox list (listOutbox)', () => {
    let m: Manual;
    beforeEach(async () => {
      const base = (lastBase += 1e9);
      let now = base;
      const ledger = await ctx.openWithClock({ now: () => now });
      m = { ledger, base, at: (t) => (now = base + t) };
    });
    afterEach(async () => {
      await m.ledger.close();
    });

    /** Queues an item at base + t and returns its id. */
    const put = async (t: number, id = uid('BillPaymentResponse:'), leaseMs = YEAR): Promise<string> => {
      m.at(t);
      const added = await m.ledger.addOutbox({ id, refId: uid('Ref'), api: 'BillPaymentResponse', url: 'https://cu.example/cb', body: `<b id="${id}"/>`, leaseMs });
      expect(added).toBe(true);
      return id;
    };
    /** Re-queues `id` at base + t (a repeated request). */
    const requeue = async (t: number, id: string, leaseMs = YEAR) => {
      m.at(t);
      expect(await m.ledger.requeueOutbox(id, leaseMs)).toBe(true);
    };
    const mark = async (t: number, id: string, state: Exclude<OutboxState, 'PENDING'>) => {
      m.at(t);
      const { version } = (await m.ledger.getOutbox(id))!;
      const done = state === 'SENT' ? m.ledger.markOutboxSent(id, version) : m.ledger.markOutboxFailed(id, version, 'HTTP 503');
      expect(await done).toBe(true);
    };
    const list = async (q: OutboxListQuery) => (await m.ledger.listOutbox(q)).map((i) => i.id);

    it('lists one state at a time, newest first, whole items as stored', async () => {
      const a = await put(1);
      const b = await put(2);
      const c = await put(3);
      await mark(4, b, 'SENT');
      await mark(5, c, 'PARKED');
      const d = await put(6);

      expect(await list({ state: 'PENDING', limit: 2 })).toEqual([d, a]);
      expect(await m.ledger.listOutbox({ state: 'SENT', limit: 1 })).toStrictEqual([await m.ledger.getOutbox(b)]);
      const [parked] = await m.ledger.listOutbox({ state: 'PARKED', limit: 1 });
      expect(parked).toMatchObject({ id: c, state: 'PARKED', attempts: 1, lastError: 'HTTP 503', createdAt: m.base + 3, updatedAt: m.base + 5 });
      expect(parked.body).toBe(`<b id="${c}"/>`);
    });

    it('orders by the last change, not by creation: a re-queued item comes first again', async () => {
      // due at once (leaseMs 0), in the manual clock and in a database's own
      const a = await put(1, undefined, 0);
      const b = await put(2, undefined, 0);
      await requeue(3, a, 0);
      expect(await list({ state: 'PENDING', limit: 2 })).toEqual([a, b]);
      // a lease (claim) is not a change an operator sees: it does not reorder
      m.at(10);
      const claimed = (await m.ledger.claimDueOutbox(YEAR, 1000)).map((i) => i.id);
      expect(claimed).toEqual(expect.arrayContaining([a, b]));
      expect(await list({ state: 'PENDING', limit: 2 })).toEqual([a, b]);
    });

    it('returns at most limit items and refuses a limit that is not a positive integer', async () => {
      const made = [await put(1), await put(2), await put(3), await put(4)];
      expect(await list({ state: 'PENDING', limit: 3 })).toEqual(made.slice(1).reverse());
      expect(await list({ state: 'PENDING', limit: 1 })).toEqual([made[3]]);
      for (const limit of [0, -1, 1.5, Number.NaN]) {
        expect(await rejectionCode(m.ledger.listOutbox({ state: 'PENDING', limit }))).toBe('INTERNAL');
      }
    });

    it('pages with the cursor: before alone is strict; (before, beforeId) breaks ties within one millisecond', async () => {
      const p = uid('Tie');
      const newest = await put(9);
      const tied = [await put(5, `${p}a`), await put(5, `${p}b`), await put(5, `${p}c`)];
      const oldest = await put(1);
      const expected = [newest, tied[2], tied[1], tied[0], oldest];

      expect(await list({ state: 'PENDING', limit: 1, before: m.base + 5 })).toEqual([oldest]);
      expect(await list({ state: 'PENDING', limit: 4, before: m.base + 6 })).toEqual(expected.slice(1, 5));

      const seen: string[] = [];
      let page: OutboxItem[] = await m.ledger.listOutbox({ state: 'PENDING', limit: 2 });
      while (page.length > 0 && seen.length < expected.length) {
        expect(page.length).toBeLessThanOrEqual(2);
        seen.push(...page.map((i) => i.id));
        const last = page[page.length - 1];
        page = await m.ledger.listOutbox({ state: 'PENDING', limit: 2, before: last.updatedAt, beforeId: last.id });
      }
      // pages of two: a shared store's third page may end with another case's (older) item
      expect(seen.slice(0, 5)).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
    });
  });
}
