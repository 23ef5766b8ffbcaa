// Review finding: paymentLeaseMs(T) = 4T + 5 s assumes a `_create` call path of at most four timeouts
// (login, call, 401, re-login, call), and DIGIT_PERSIST_BOUND_MS ≥ that lease relies on it ("a _create may
// still be on its way to DIGIT that long"). But each login first waits for the shared login slot while
// another process holds it (up to holdMs = T + 5 s, polled every 200 ms), so a `_create` can be *sent*
// long after the lease that markPosting wrote has run out — when another instance may have taken the
// payment over, searched, found nothing and posted it itself.
//
// The clock here is the model of the time spent: each login and the 401 take just under T, each poll of
// the held login slot its 200 ms.
import { MemoryLoginGuard } from '../../../src/core/login-guard';
import { paymentLeaseMs } from '../../../src/digit';
import { CREATE, FakeDigit, ONE_BILL_PLAN } from './fake-digit';

const T = 500;
const plan = ONE_BILL_PLAN;

test('no `_create` is sent later than the payment lease after the call began', async () => {
  let clock = 1_700_000_000_000;
  const now = () => clock;
  const inner = new MemoryLoginGuard(now);
  const guard: typeof inner = Object.assign(Object.create(inner) as typeof inner, {
    claim: async (account: string, owner: string, holdMs: number) => {
      const slot = await inner.claim(account, owner, holdMs);
      if (!slot.granted) clock += 200; // the token manager now waits SLOT_POLL_MS before asking again
      return slot;
    },
  });
  const fake = await new FakeDigit().start();
  const account = `${fake.url}|pb|EMPLOYEE|COLL_AGG_01`;
  const sentAt: number[] = [];
  let n = 0;
  fake.loginAnswer = (i, res) => {
    clock += T - 1; // a slow login, inside its timeout
    fake.valid.add(`tok-${i}`);
    res.status(200).json({ access_token: `tok-${i}`, token_type: 'bearer', expires_in: 600, scope: 'read' });
  };
  fake.on(CREATE, (c, res) => {
    sentAt.push(clock);
    if (n++ === 0) {
      clock += T - 1;
      // DIGIT revoked the tokens: another instance is logging in again as well, and holds the slot
      void inner.claim(account, 'other-process', T + 5_000);
      res.status(401).json({ Errors: [{ code: 'InvalidAccessTokenException', message: 'expired' }] });
      return;
    }
    const Payment = c.body.Payment as { paymentDetails: Array<{ billId: string }> };
    res.status(200).json({ Payments: [{ id: 'p1', paymentDetails: Payment.paymentDetails.map((d) => ({ ...d, receiptNumber: `R/${d.billId}` })) }] });
  });
  // another process is logging in when this payment's _create begins (just after markPosting)
  await inner.claim(account, 'other-process', T + 5_000);
  const gw = fake.gateway({ now, loginGuard: guard, timeoutMs: T });
  try {
    const started = clock;
    const outcome = await gw.createPayment('TXN1', 'TXN1', plan).then(() => 'posted', (e: { kind?: string }) => e.kind);
    for (const at of sentAt) expect(at - started).toBeLessThan(paymentLeaseMs(T) - T); // each send still ends inside the lease
    // not sent: a safe refusal (the one that was sent met a 401 before any service saw it)
    if (sentAt.length < 2) expect(outcome).toBe('UNAVAILABLE');
  } finally {
    gw.close();
    await fake.stop();
  }
}, 30_000);
