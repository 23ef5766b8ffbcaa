// GET /ops/unresolved over HTTP against the real service: payments RECEIVED or UNKNOWN for more than a
// minute are listed oldest first with their age; younger ones and settled ones are not; no customer
// parameter and no unmasked mobile number appears. Payments are put straight into the ledger, leased
// or backing off for ages so the service's own workers leave them alone while the test looks.
import { opsAuth, startHarness, type Harness } from '../../support/harness';
import { paymentRequest, uid } from '../../unit/ledger/conformance/fixtures';

let now = Date.now();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock: { now: () => now } });
});
afterAll(async () => {
  await h.stop();
});

const AGES = 1e12;

it('lists the payments unresolved after a minute, oldest first, without customer data', async () => {
  const ledger = h.svc.ledger;
  const received = uid();
  const unknown = uid();
  const young = uid();
  const settled = uid();
  await ledger.claimPayment({ request: paymentRequest(received), contentHash: 'h1', leaseMs: AGES });
  const u = await ledger.claimPayment({ request: paymentRequest(unknown, { amountPaise: 250_000 }), contentHash: 'h2', leaseMs: AGES });
  expect(await ledger.markUnknown(unknown, u.payment.leaseToken, 'DIGIT timed out for 9876543210', AGES, undefined)).toBe(true);
  const s = await ledger.claimPayment({ request: paymentRequest(settled), contentHash: 'h3', leaseMs: AGES });
  expect(await ledger.complete(settled, s.payment.leaseToken, { status: 'FAILED', code: 'TEST', reason: 'test' })).toBe(true);

  now += 5 * 60_000;
  await ledger.claimPayment({ request: paymentRequest(young), contentHash: 'h4', leaseMs: AGES });
  const createdOf = async (t: string) => (await ledger.getPayment(t))!.createdAt;

  const res = await fetch(`${h.svc.url}/ops/unresolved`, { headers: opsAuth(h.svc) });
  expect(res.status).toBe(200);
  const text = await res.text();
  const json = JSON.parse(text) as { olderThanMs: number; items: Array<Record<string, unknown>> };
  expect(json.olderThanMs).toBe(60_000);
  const mine = json.items.filter((i) => [received, unknown, young, settled].includes(i.txnReferenceId as string));
  expect(mine.map((i) => i.txnReferenceId)).toEqual([received, unknown]);
  expect(mine[1]).toMatchObject({ state: 'UNKNOWN', billerId: 'PBMC00000PUN01', amountPaise: 250_000, attempts: expect.any(Number) });
  expect(mine[0]).toMatchObject({ state: 'RECEIVED', amountPaise: 150_000, note: null, ageMs: now - (await createdOf(received)) });
  expect(text).not.toContain('9876543210');
  expect(text).not.toContain('PB-PT-2024-01-01-000123');
});
