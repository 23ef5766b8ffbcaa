// The sandbox's `_create` hooks (fault simulations stop the caller at an exact moment) and its late
// persistence switch (validate at once, store later).
import { billFor, createPayment, onlinePayment, startSandbox, token, type Harness } from './harness';

const AMR = 'pb.amritsar';
const PT_DUE = 'PB-PT-2023-04-12-000456';

let h: Harness;
/** The error code of a call whose connection the sandbox dropped (undefined: it was answered). */
const dropped = (call: Promise<unknown>) => call.then(() => undefined, (e: { code?: string }) => e.code);
/** Stored payments of one bill (the demo seed holds payments of its own). */
const paymentsOf = (billId: string) =>
  h.sandbox.listPayments().filter((p) => (p.paymentDetails as Array<{ billId: string }>).some((d) => d.billId === billId));
afterEach(() => h.close());

test('received → drop: the caller loses the connection and nothing is stored', async () => {
  h = await startSandbox();
  const tok = await token(h);
  const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
  const seen: string[] = [];
  h.sandbox.onCreate({ received: () => (seen.push('received'), 'drop'), committed: () => void seen.push('committed') });
  expect(await dropped(createPayment(h, tok, onlinePayment(bill)))).toBe('ECONNRESET');
  expect(seen).toEqual(['received']);
  expect(paymentsOf(bill.id)).toEqual([]);
  expect(h.sandbox.stats()).toMatchObject({ createCalls: 1, createSucceeded: 0 });
});

test('committed → drop: the payment is stored, the caller never gets the answer; the hook sees the payment', async () => {
  h = await startSandbox();
  const tok = await token(h);
  const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
  const committed: Array<Record<string, unknown>> = [];
  h.sandbox.onCreate({ committed: (p) => (committed.push(p), 'drop') });
  expect(await dropped(createPayment(h, tok, onlinePayment(bill)))).toBe('ECONNRESET');
  const stored = paymentsOf(bill.id);
  expect(stored).toHaveLength(1);
  expect(committed.map((p) => p.id)).toEqual([stored[0]?.id]);
  expect(h.sandbox.stats()).toMatchObject({ createCalls: 1, createSucceeded: 1 });
});

test('a hook that returns nothing lets the call answer; onCreate({}) removes the hooks', async () => {
  h = await startSandbox();
  const tok = await token(h);
  const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
  let calls = 0;
  h.sandbox.onCreate({ received: () => void calls++, committed: () => void calls++ });
  expect((await createPayment(h, tok, onlinePayment(bill))).status).toBe(200);
  expect(calls).toBe(2);
  h.sandbox.onCreate({});
  const other = await billFor(h, tok, 'pb.jalandhar', 'PT', 'PB-PT-2023-05-01-000101');
  expect((await createPayment(h, tok, onlinePayment(other))).status).toBe(200);
  expect(calls).toBe(2);
});

test('setCreateCommitDelay: _create stores only after the delay (a search meanwhile finds nothing)', async () => {
  h = await startSandbox();
  const tok = await token(h);
  const bill = await billFor(h, tok, AMR, 'PT', PT_DUE);
  h.sandbox.setCreateCommitDelay(200);
  const creating = createPayment(h, tok, onlinePayment(bill));
  await new Promise((r) => setTimeout(r, 50));
  const meanwhile = paymentsOf(bill.id).length;
  expect((await creating).status).toBe(200);
  expect([meanwhile, paymentsOf(bill.id).length]).toEqual([0, 1]);
  expect(() => h.sandbox.setCreateCommitDelay(-1)).toThrow(/integer >= 0/);
});
