import { DigitCallError } from '../../../src/core/ports';
import { FETCHBILL, FakeDigit, Q, USER, billsAnswer, digitBill } from './fake-digit';

describe('DIGIT login (token manager)', () => {
  let fake: FakeDigit;
  let clock: number;
  const now = () => clock;

  beforeEach(async () => {
    clock = 1_700_000_000_000;
    fake = await new FakeDigit().on(FETCHBILL, billsAnswer([digitBill()])).start();
  });
  afterEach(() => fake.stop());

  it('logs in form-encoded with the egov-user-client Basic header and sends the token in RequestInfo', async () => {
    const gw = fake.gateway({ now });
    try {
      await gw.fetchBills(Q);
      expect(fake.logins).toHaveLength(1);
      const login = fake.logins[0];
      expect(login.headers.authorization).toBe('Basic ZWdvdi11c2VyLWNsaWVudDo=');
      expect(login.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(login.form).toEqual({
        grant_type: 'password',
        scope: 'read',
        username: USER.username,
        password: USER.password,
        tenantId: 'pb',
        userType: 'EMPLOYEE',
      });
      const call = fake.calls[0];
      expect(call.headers.authorization).toBeUndefined();
      expect(call.body.RequestInfo).toEqual({
        apiId: 'Rainmaker',
        ver: '1.0',
        ts: clock,
        msgId: `${clock}|en_IN`,
        authToken: 'tok-1',
      });
    } finally {
      gw.close();
    }
  });

  it('shares one login among 20 concurrent calls', async () => {
    const gw = fake.gateway({ now });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => gw.fetchBills(Q)));
      expect(results.every((r) => r.length === 1)).toBe(true);
      expect(fake.logins).toHaveLength(1);
      expect(fake.calls).toHaveLength(20);
      expect(new Set(fake.calls.map((c) => c.body.RequestInfo?.authToken))).toEqual(new Set(['tok-1']));
    } finally {
      gw.close();
    }
  });

  it('reuses the token until shortly before expiry, then logs in once again', async () => {
    fake.expiresIn = 1000; // margin = min(60 s, 10%) = 60 s → refresh at 940 s
    const gw = fake.gateway({ now });
    try {
      await gw.fetchBills(Q);
      clock += 939_000;
      await gw.fetchBills(Q);
      expect(fake.logins).toHaveLength(1);
      clock += 2_000;
      await Promise.all([gw.fetchBills(Q), gw.fetchBills(Q), gw.fetchBills(Q)]);
      expect(fake.logins).toHaveLength(2);
      expect(fake.calls.slice(2).map((c) => c.body.RequestInfo?.authToken)).toEqual(['tok-2', 'tok-2', 'tok-2']);
    } finally {
      gw.close();
    }
  });

  it('uses a 10% margin for short-lived tokens', async () => {
    fake.expiresIn = 100; // margin 10 s
    const gw = fake.gateway({ now });
    try {
      await gw.fetchBills(Q);
      clock += 89_000;
      await gw.fetchBills(Q);
      expect(fake.logins).toHaveLength(1);
      clock += 2_000;
      await gw.fetchBills(Q);
      expect(fake.logins).toHaveLength(2);
    } finally {
      gw.close();
    }
  });

  it('after refused credentials: one login attempt, fast UNAVAILABLE failures for the cool-down, then one new attempt', async () => {
    const gw = fake.gateway({ now, password: 'wrong', loginCooldownMs: 60_000 });
    try {
      const first = await gw.fetchBills(Q).catch((e: unknown) => e);
      expect(first).toBeInstanceOf(DigitCallError);
      expect((first as DigitCallError).kind).toBe('UNAVAILABLE');
      expect((first as DigitCallError).message).toMatch(/Invalid login credentials/);
      for (let i = 0; i < 10; i++) {
        clock += 5_000; // 50 s in all: still inside the cool-down
        await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      }
      await expect(Promise.all(Array.from({ length: 10 }, () => gw.fetchBills(Q)))).rejects.toMatchObject({
        kind: 'UNAVAILABLE',
      });
      expect(fake.logins).toHaveLength(1);
      expect(fake.calls).toHaveLength(0);
      clock = 1_700_000_060_001;
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      expect(fake.logins).toHaveLength(2);
    } finally {
      gw.close();
    }
  });

  it('treats "Account locked" like any refused login', async () => {
    fake.loginAnswer = (_n, res) => void res.status(400).json({ error: 'invalid_request', error_description: 'Account locked' });
    const gw = fake.gateway({ now });
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringMatching(/Account locked/) });
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      expect(fake.logins).toHaveLength(1);
    } finally {
      gw.close();
    }
  });

  it('a login answered 5xx is UNAVAILABLE without a cool-down', async () => {
    fake.loginAnswer = (n, res) => {
      if (n === 1) res.status(503).send('busy');
      else res.status(200).json({ access_token: 'tok-x', expires_in: 600 });
    };
    fake.valid.add('tok-x');
    const gw = fake.gateway({ now });
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      expect(gw.healthy()).toBe(false);
      await expect(gw.fetchBills(Q)).resolves.toHaveLength(1);
      expect(fake.logins).toHaveLength(2);
    } finally {
      gw.close();
    }
  });

  it('an unreadable login answer is UNAVAILABLE', async () => {
    fake.loginAnswer = (_n, res) => void res.status(200).type('text/html').send('<html>portal</html>');
    const gw = fake.gateway({ now });
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      expect(fake.calls).toHaveLength(0);
    } finally {
      gw.close();
    }
  });

  it('a login that cannot connect is UNAVAILABLE', async () => {
    const url = fake.url;
    await fake.stop();
    const gw = fake.gateway({ now, baseUrl: url });
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      expect(gw.healthy()).toBe(false);
    } finally {
      gw.close();
    }
  });

  describe('healthy()', () => {
    it('is false before any login and never logs in by itself', async () => {
      const gw = fake.gateway({ now });
      try {
        expect(gw.healthy()).toBe(false);
        expect(gw.healthy()).toBe(false);
        expect(fake.logins).toHaveLength(0);
      } finally {
        gw.close();
      }
    });

    it('is true after a login, stays true past expiry (last login succeeded), false after a failed login', async () => {
      fake.expiresIn = 100;
      const gw = fake.gateway({ now });
      try {
        await gw.fetchBills(Q);
        expect(gw.healthy()).toBe(true);
        clock += 200_000;
        expect(gw.healthy()).toBe(true);
        expect(fake.logins).toHaveLength(1);
        fake.loginAnswer = (_n, res) => void res.status(400).json({ error: 'invalid_request', error_description: 'Invalid login credentials' });
        await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
        expect(gw.healthy()).toBe(false);
      } finally {
        gw.close();
      }
    });

    it('warmUp() logs in once and makes the client healthy', async () => {
      const gw = fake.gateway({ now });
      try {
        await expect(gw.warmUp()).resolves.toBe(true);
        await expect(gw.warmUp()).resolves.toBe(true);
        expect(fake.logins).toHaveLength(1);
        expect(gw.healthy()).toBe(true);
      } finally {
        gw.close();
      }
    });
  });
});
