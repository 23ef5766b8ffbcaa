// GET /ops/outbox over HTTP against the real service: the outbox listed by state from the ledger,
// newest first, paged with `next`, bodies only on request, and every bad parameter refused with a 400
// naming it. Items are put straight into the ledger under a manual clock (no callback URL: nothing
// delivers or reorders them while the test looks).
import { opsAuth, startHarness, type Harness } from '../../support/harness';

let now = 1_760_000_000_000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock: { now: () => now } });
});
afterAll(async () => {
  await h.stop();
});

const get = async (query: string) => {
  const res = await fetch(`${h.svc.url}/ops/outbox${query}`, { headers: opsAuth(h.svc) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { items?: Array<Record<string, unknown>> } };
};

/**
 * Queues `id` at time `at`, leased to the service's own instance for ages (nothing else takes it up);
 * PARKED and SENT items are then marked at the same time.
 */
async function put(id: string, at: number, state: 'PENDING' | 'SENT' | 'PARKED' = 'PENDING'): Promise<void> {
  now = at;
  const ledger = h.svc.ledger;
  const added = await ledger.addOutbox({ id, refId: `R${id}`, api: 'BillFetchResponse', url: `https://cu.test/${id}`, body: `<x id="${id}"/>`, leaseMs: 1e12 });
  expect(added).toBe(true);
  const { version } = (await ledger.getOutbox(id))!;
  if (state === 'SENT') await ledger.markOutboxSent(id, version);
  if (state === 'PARKED') await ledger.markOutboxFailed(id, version, 'HTTP 503 from the CU');
}

describe('listing', () => {
  beforeAll(async () => {
    await put('p-old', 1000, 'PARKED');
    await put('s-1', 1500, 'SENT');
    await put('p-new', 2000, 'PARKED');
    await put('q-1', 2500);
  });

  it('defaults to PARKED, newest first, with exactly the operator fields and no body', async () => {
    const { status, json } = await get('');
    expect(status).toBe(200);
    expect(json.state).toBe('PARKED');
    expect(json.items).toStrictEqual([
      { id: 'p-new', refId: 'Rp-new', api: 'BillFetchResponse', url: 'https://cu.test/p-new', state: 'PARKED', attempts: 1, createdAt: 2000, updatedAt: 2000, lastError: 'HTTP 503 from the CU' },
      { id: 'p-old', refId: 'Rp-old', api: 'BillFetchResponse', url: 'https://cu.test/p-old', state: 'PARKED', attempts: 1, createdAt: 1000, updatedAt: 1000, lastError: 'HTTP 503 from the CU' },
    ]);
    expect(json).not.toHaveProperty('next');
  });

  it('lists PENDING and SENT (any case), lastError null when nothing failed', async () => {
    expect((await get('?state=pending')).json.items?.map((i) => i.id)).toEqual(['q-1']);
    const sent = await get('?state=SENT');
    expect(sent.json).toMatchObject({ state: 'SENT', items: [{ id: 's-1', state: 'SENT', attempts: 1, lastError: null }] });
  });

  it('adds each body with body=1 only', async () => {
    expect((await get('?state=PARKED&body=1')).json.items?.map((i) => i.body)).toEqual(['<x id="p-new"/>', '<x id="p-old"/>']);
    expect((await get('?state=PARKED&body=0')).json.items?.[0]).not.toHaveProperty('body');
  });
});

describe('paging', () => {
  // seven SENT items, four of them changed in one millisecond: the cursor must neither skip nor repeat
  const times: Array<[string, number]> = [['a', 10_000], ['b', 10_001], ['c', 10_002], ['d', 10_002], ['e', 10_002], ['f', 10_002], ['g', 10_003]];
  beforeAll(async () => {
    for (const [id, at] of times) await put(`page-${id}`, at, 'SENT');
  });

  it('walks every item once, newest first, following next; the last page has no next', async () => {
    const seen: string[] = [];
    let query = '?state=SENT&limit=3&before=20000';
    for (let pages = 0; pages < 10; pages++) {
      const { status, json } = await get(query);
      expect(status).toBe(200);
      expect(json.items!.length).toBeLessThanOrEqual(3);
      seen.push(...json.items!.map((i) => String(i.id)));
      const next = json.next as { before: number; beforeId: string } | undefined;
      if (!next) break;
      expect(next).toEqual({ before: json.items!.at(-1)!.updatedAt, beforeId: json.items!.at(-1)!.id });
      query = `?state=SENT&limit=3&before=${next.before}&beforeId=${encodeURIComponent(next.beforeId)}`;
    }
    // below 20000 there is also s-1 (1500) from the listing cases
    expect(seen).toEqual(['page-g', 'page-f', 'page-e', 'page-d', 'page-c', 'page-b', 'page-a', 's-1']);
  });

  it('before alone lists what changed strictly before it; limit caps the page', async () => {
    const { json } = await get('?state=SENT&before=10002&limit=1');
    expect(json.items?.map((i) => i.id)).toEqual(['page-b']);
    expect(json.next).toEqual({ before: 10_001, beforeId: 'page-b' });
  });
});

describe('bad parameters: 400 naming the parameter', () => {
  it.each([
    ['?state=DONE', 'state', /one of PARKED, PENDING, SENT/],
    ['?state=PARKED&state=SENT', 'state', /once/],
    ['?limit=0', 'limit', /1 to 500/],
    ['?limit=501', 'limit', /1 to 500/],
    ['?limit=1.5', 'limit', /integer/],
    ['?limit=ten', 'limit', /integer/],
    ['?before=-1', 'before', /epoch milliseconds/],
    ['?before=99999999999999999', 'before', /epoch milliseconds/],
    ['?beforeId=page-a', 'beforeId', /needs before/],
    ['?before=1&beforeId=', 'beforeId', /1 to 512/],
    ['?body=yes', 'body', /1 .* or 0/],
    ['?limt=5', 'limt', /unknown parameter limt; allowed: state, limit, before, beforeId, body/],
  ])('%s', async (query, param, title) => {
    const { status, json } = await get(query);
    expect(status).toBe(400);
    expect(json).toEqual({ type: 'urn:bbps-adapter:problem:REQUEST_INVALID', title: 'The request is invalid', status: 400, detail: expect.stringMatching(title), code: 'REQUEST_INVALID', param });
  });
});
