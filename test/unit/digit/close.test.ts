import { FETCHBILL, FakeDigit, Q, billsAnswer, digitBill } from './fake-digit';

describe('close()', () => {
  let fake: FakeDigit;
  beforeEach(async () => {
    fake = await new FakeDigit().on(FETCHBILL, billsAnswer([digitBill()])).start();
  });
  afterEach(() => fake.stop());

  it('keeps connections alive between calls, releases them on close, and refuses calls afterwards', async () => {
    const gw = fake.gateway();
    await Promise.all(Array.from({ length: 5 }, () => gw.fetchBills(Q)));
    await gw.fetchBills(Q);
    expect(await fake.connections()).toBeGreaterThan(0);
    gw.close();
    // the server sees the pooled sockets go away
    for (let i = 0; i < 50 && (await fake.connections()) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await fake.connections()).toBe(0);
    const callsBefore = fake.calls.length;
    await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    expect(fake.calls).toHaveLength(callsBefore);
  });

  it('reuses keep-alive sockets: sequential calls ride one connection', async () => {
    const gw = fake.gateway();
    try {
      const ports = new Set<number>();
      fake.on(FETCHBILL, (c, res, req) => {
        ports.add(req.socket.remotePort ?? -1);
        billsAnswer([digitBill()])(c, res, req);
      });
      for (let i = 0; i < 5; i++) await gw.fetchBills(Q);
      expect(ports.size).toBe(1);
    } finally {
      gw.close();
    }
  });
});
