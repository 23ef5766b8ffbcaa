// The token manager under a shared login guard (what two processes on one ledger share): a refusal
// seen by one stops the other's logins too, a second refusal in a row waits past DIGIT's 30-minute
// failure window, a login in flight elsewhere is waited for, and no guard means no login at all.
import { MemoryLoginGuard, type LoginGuardStore } from '../../../src/core/login-guard';
import { REPEATED_REFUSAL_WAIT_MS } from '../../../src/digit/token-manager';
import { FETCHBILL, FakeDigit, Q, billsAnswer, digitBill } from './fake-digit';

describe('DIGIT login under a shared login guard', () => {
  let fake: FakeDigit;
  let clock: number;
  const now = () => clock;

  beforeEach(async () => {
    clock = 1_700_000_000_000;
    fake = await new FakeDigit().on(FETCHBILL, billsAnswer([digitBill()])).start();
  });
  afterEach(() => fake.stop());

  it('a refusal by one process stops the next process from logging in until the wait is over', async () => {
    const guard = new MemoryLoginGuard(now);
    const first = fake.gateway({ now, password: 'wrong', loginCooldownMs: 60_000, loginGuard: guard });
    await expect(first.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringMatching(/Invalid login credentials/) });
    first.close();
    // a restarted process (a new client, same guard) does not try again
    for (let i = 0; i < 5; i++) {
      clock += 5_000;
      const again = fake.gateway({ now, password: 'wrong', loginCooldownMs: 60_000, loginGuard: guard });
      await expect(again.warmUp()).resolves.toBe(false);
      expect(again.loginStatus()).toEqual({
        state: 'waiting',
        reason: expect.stringContaining('Invalid login credentials'),
        nextLoginAt: 1_700_000_060_000,
      });
      again.close();
    }
    expect(fake.logins).toHaveLength(1);
  });

  it('a second refusal in a row waits longer than DIGIT counts failures (30 min); a success resets it', async () => {
    const guard = new MemoryLoginGuard(now);
    const gw = fake.gateway({ now, password: 'wrong', loginCooldownMs: 60_000, loginGuard: guard });
    try {
      await gw.warmUp();
      clock += 60_000;
      await gw.warmUp();
      expect(fake.logins).toHaveLength(2);
      expect(gw.loginStatus().nextLoginAt).toBe(clock + REPEATED_REFUSAL_WAIT_MS);
      expect(REPEATED_REFUSAL_WAIT_MS).toBeGreaterThan(30 * 60_000);
      clock += REPEATED_REFUSAL_WAIT_MS - 1;
      await gw.warmUp();
      expect(fake.logins).toHaveLength(2);
    } finally {
      gw.close();
    }
    clock += 1;
    const fixed = fake.gateway({ now, loginCooldownMs: 60_000, loginGuard: guard });
    try {
      await expect(fixed.warmUp()).resolves.toBe(true);
      expect(fixed.loginStatus()).toEqual({ state: 'ok' });
      expect(await guard.claim(`${fake.url}|pb|EMPLOYEE|COLL_AGG_01`, 'probe', 1)).toMatchObject({ granted: true, refusals: 0 });
    } finally {
      fixed.close();
    }
  });

  it('waits for another process whose login is in flight, then logs in itself', async () => {
    const guard = new MemoryLoginGuard(now);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const account = `${fake.url}|pb|EMPLOYEE|COLL_AGG_01`;
    expect(await guard.claim(account, 'other-process', 10_000)).toMatchObject({ granted: true });
    const gw = fake.gateway({ now, loginGuard: guard });
    try {
      const call = gw.fetchBills(Q);
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.logins).toHaveLength(0);
      void held.then(() => guard.release(account, 'other-process', true));
      release();
      await expect(call).resolves.toHaveLength(1);
      expect(fake.logins).toHaveLength(1);
    } finally {
      gw.close();
    }
  });

  it('sends no login when the guard cannot be read', async () => {
    const broken: LoginGuardStore = {
      claim: () => Promise.reject(new Error('ledger: cannot claim the DIGIT login: connection refused')),
      refused: () => Promise.reject(new Error('no')),
      release: () => Promise.reject(new Error('no')),
      close: async () => undefined,
    };
    const gw = fake.gateway({ now, loginGuard: broken });
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringMatching(/login guard/) });
      expect(gw.loginStatus()).toMatchObject({ state: 'failing', reason: expect.stringMatching(/login guard/) });
      expect(fake.logins).toHaveLength(0);
    } finally {
      gw.close();
    }
  });
});
