// IdempotentPayment with two instances over one store (two processes behind a load balancer): the
// first request holds the key, another instance answers 409 meanwhile and the stored answer after;
// an unknown outcome leaves the key free for a repeat; a holder that died frees it after its lock.
import type { ApiStore } from '../../../src/core/api-store';
import { IdempotentPayment } from '../../../src/core/idempotent-payment';
import { silentLogger } from '../../../src/core/logger';
import type { PayBill } from '../../../src/core/pay-bill';
import type { PaymentOutcome, PaymentRequest } from '../../../src/core/types';
import { openSqliteApiStore } from '../../../src/ledger/api-store';

/** PayBill's part IdempotentPayment uses: each call's outcome is released by the test. */
class ControlledPayer {
  calls: PaymentRequest[] = [];
  private waiting: Array<(o: PaymentOutcome | Error) => void> = [];
  execute(req: PaymentRequest): Promise<PaymentOutcome> {
    this.calls.push(req);
    return new Promise((resolve, reject) => this.waiting.push((o) => (o instanceof Error ? reject(o) : resolve(o))));
  }
  async settle(o: PaymentOutcome | Error) {
    for (let i = 0; i < 100 && this.waiting.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const next = this.waiting.shift();
    if (!next) throw new Error('no payment call to settle');
    next(o);
  }
}

const SUCCESS: PaymentOutcome = { status: 'SUCCESS', receipts: [{ billId: 'b1', billNumber: 'N1', businessService: 'PT', receiptNumber: 'PT/1', amountPaise: 100 }] };
let now = 1_000_000;
const clock = { now: () => now };
let store: ApiStore;
let payer: ControlledPayer;
let a: IdempotentPayment;
let b: IdempotentPayment;
let seq = 0;

beforeEach(() => {
  store = openSqliteApiStore(':memory:', clock.now);
  payer = new ControlledPayer();
  const deps = { store, payBill: payer as unknown as PayBill, clock, log: silentLogger, lockMs: 30_000 };
  a = new IdempotentPayment(deps);
  b = new IdempotentPayment(deps);
});
afterEach(() => store.close());

function command(hash = 'h1') {
  const ref = `R${seq++}`;
  const request = { txnReferenceId: `JSON:c1:${ref}`, billerId: 'B1' } as PaymentRequest;
  return { clientId: 'c1', key: `k-${ref}`, requestHash: hash, clientReference: ref, request };
}

test('another instance gets 409 while the first is in flight, then the stored answer', async () => {
  const cmd = command();
  const first = a.execute(cmd, now + 1000);
  await new Promise((r) => setTimeout(r, 10));
  expect(await b.execute(cmd, now + 1000)).toEqual({ replayed: false, answer: expect.objectContaining({ kind: 'refused', code: 'IDEMPOTENCY_KEY_IN_FLIGHT' }) });
  await payer.settle(SUCCESS);
  expect(await first).toEqual({ replayed: false, answer: { kind: 'outcome', outcome: SUCCESS, createdAt: now } });
  expect(await b.execute(cmd, now + 1000)).toEqual({ replayed: true, answer: { kind: 'outcome', outcome: SUCCESS, createdAt: now } });
  expect(payer.calls).toHaveLength(1);
});

test('copies on the same instance share the one answer', async () => {
  const cmd = command();
  const copies = [a.execute(cmd, now + 1000), a.execute(cmd, now + 1000), a.execute(cmd, now + 1000)];
  await payer.settle(SUCCESS);
  const results = await Promise.all(copies);
  expect(results.map((r) => r.replayed)).toEqual([false, true, true]);
  for (const r of results) expect(r.answer).toEqual({ kind: 'outcome', outcome: SUCCESS, createdAt: now });
  expect(payer.calls).toHaveLength(1);
});

test('another body under the key is refused without paying', async () => {
  const cmd = command();
  const first = a.execute(cmd, now + 1000);
  await payer.settle(SUCCESS);
  await first;
  expect((await b.execute({ ...cmd, requestHash: 'h2' }, now + 1000)).answer).toMatchObject({ kind: 'refused', code: 'IDEMPOTENCY_KEY_REUSED' });
  expect(payer.calls).toHaveLength(1);
});

test('PENDING is not stored: the key is free at once and a repeat asks again, then keeps the final answer', async () => {
  const cmd = command();
  const first = a.execute(cmd, now + 1000);
  await payer.settle({ status: 'PENDING' });
  expect((await first).answer).toMatchObject({ outcome: { status: 'PENDING' } });
  const repeat = b.execute(cmd, now + 1000);
  await payer.settle(SUCCESS);
  expect(await repeat).toEqual({ replayed: true, answer: { kind: 'outcome', outcome: SUCCESS, createdAt: now } });
  expect(payer.calls).toHaveLength(2);
  expect((await a.execute(cmd, now + 1000)).answer).toMatchObject({ outcome: SUCCESS });
  expect(payer.calls).toHaveLength(2);
});

test('a holder that died frees the key after its lock; an error frees it at once', async () => {
  const cmd = command();
  // the holder's process died: its key stays locked, nobody answers
  await store.claimKey({ clientId: cmd.clientId, key: cmd.key, requestHash: cmd.requestHash, clientReference: cmd.clientReference, lockedUntil: now + 30_000, createdAt: now });
  expect((await b.execute(cmd, now + 1000)).answer).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_FLIGHT' });
  now += 30_001;
  const takeover = b.execute(cmd, now + 1000);
  await payer.settle(new Error('ledger unavailable'));
  await expect(takeover).rejects.toThrow('ledger unavailable');
  const retry = a.execute(cmd, now + 1000);
  await payer.settle(SUCCESS);
  expect((await retry).answer).toMatchObject({ outcome: SUCCESS });
});

test('a clientReference naming another transaction is refused and that refusal is the key\'s answer', async () => {
  const cmd = command();
  const first = a.execute(cmd, now + 1000);
  await payer.settle(SUCCESS);
  await first;
  const other = { ...cmd, key: 'another-key', request: { ...cmd.request, txnReferenceId: 'XX01BBPS0000000000AA' } };
  const refused = await b.execute(other, now + 1000);
  expect(refused.answer).toMatchObject({ kind: 'refused', code: 'CLIENT_REFERENCE_REUSED' });
  expect((await a.execute(other, now + 1000))).toEqual({ replayed: true, answer: refused.answer });
  expect(payer.calls).toHaveLength(1);
});
