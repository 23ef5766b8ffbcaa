import { DigitCallError } from '../../../src/core/ports';
import { CircuitBreaker } from '../../../src/digit/circuit-breaker';
import { silentLogger } from '../../../src/digit/config';
import { isOutage, outage } from '../../../src/digit/errors';
import { FETCHBILL, FakeDigit, Q, billsAnswer, digitBill } from './fake-digit';

describe('CircuitBreaker', () => {
  let clock = 0;
  const breaker = () => new CircuitBreaker({ failureThreshold: 3, openMs: 1000 }, isOutage, () => clock, silentLogger);
  const down = () => Promise.reject(outage('UNKNOWN', 'timeout'));
  const refused = () => Promise.reject(new DigitCallError('REJECTED', 'no', ['X']));
  const ok = () => Promise.resolve('ok');
  beforeEach(() => {
    clock = 0;
  });

  it('opens after consecutive outages and fails fast with UNAVAILABLE', async () => {
    const b = breaker();
    let calls = 0;
    const counted = () => {
      calls++;
      return down();
    };
    for (let i = 0; i < 3; i++) await expect(b.run(counted)).rejects.toMatchObject({ kind: 'UNKNOWN' });
    expect(b.state()).toBe('open');
    await expect(b.run(counted)).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringMatching(/circuit open/) });
    expect(calls).toBe(3);
  });

  it('answers from a working DIGIT (refusals) reset the count', async () => {
    const b = breaker();
    await expect(b.run(down)).rejects.toBeDefined();
    await expect(b.run(down)).rejects.toBeDefined();
    await expect(b.run(refused)).rejects.toMatchObject({ kind: 'REJECTED' });
    await expect(b.run(down)).rejects.toBeDefined();
    await expect(b.run(down)).rejects.toBeDefined();
    expect(b.state()).toBe('closed');
  });

  it('after openMs lets one probe through: success closes, an outage reopens', async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) await b.run(down).catch(() => undefined);
    clock = 1000;
    expect(b.state()).toBe('half-open');
    let release!: (v: string) => void;
    const probe = b.run(() => new Promise<string>((r) => (release = r)));
    // while the probe is out, everyone else still fails fast
    await expect(b.run(ok)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    release('ok');
    await expect(probe).resolves.toBe('ok');
    expect(b.state()).toBe('closed');
    for (let i = 0; i < 3; i++) await b.run(down).catch(() => undefined);
    clock = 2500;
    await expect(b.run(down)).rejects.toMatchObject({ kind: 'UNKNOWN' });
    expect(b.state()).toBe('open');
    clock = 3499;
    await expect(b.run(ok)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    clock = 3500;
    await expect(b.run(ok)).resolves.toBe('ok');
  });
});

describe('circuit breaker in the gateway', () => {
  let fake: FakeDigit;
  beforeEach(async () => {
    fake = await new FakeDigit().start();
  });
  afterEach(() => fake.stop());

  it('5xx outages open it; refusals and auth problems do not; it closes after a good probe', async () => {
    let clock = 1_700_000_000_000;
    let status = 503;
    fake.on(FETCHBILL, (c, res, req) => (status === 201 ? billsAnswer([digitBill()])(c, res, req) : void res.status(status).send('down')));
    const gw = fake.gateway({ now: () => clock, circuit: { failureThreshold: 3, openMs: 5000 } });
    try {
      for (let i = 0; i < 3; i++) await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNKNOWN' });
      expect(gw.circuitState()).toBe('open');
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      expect(fake.calls).toHaveLength(3);
      clock += 5000;
      status = 201;
      await expect(gw.fetchBills(Q)).resolves.toHaveLength(1);
      expect(gw.circuitState()).toBe('closed');
      status = 404;
      for (let i = 0; i < 5; i++) await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'REJECTED' });
      status = 403;
      for (let i = 0; i < 5; i++) await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE', httpStatus: 403 });
      expect(gw.circuitState()).toBe('closed');
    } finally {
      gw.close();
    }
  });

  it('circuit: false turns it off', async () => {
    fake.on(FETCHBILL, (_c, res) => void res.status(500).send('x'));
    const gw = fake.gateway({ circuit: false });
    try {
      for (let i = 0; i < 15; i++) await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNKNOWN' });
      expect(fake.calls).toHaveLength(15);
    } finally {
      gw.close();
    }
  });
});
