import type { Socket } from 'node:net';
import { DigitCallError } from '../../../src/core/ports';
import type { PostingPlan } from '../../../src/core/types';
import { CREATE, FETCHBILL, FakeDigit, Q, type Responder, billsAnswer, digitBill, recordingLogger } from './fake-digit';

const plan: PostingPlan = {
  tenantId: 'pb.amritsar',
  paidBy: 'Ramesh Kumar',
  paymentMode: 'ONLINE',
  bills: [{ billId: 'b1', billNumber: 'BILLNO-PT-000123', businessService: 'PT', consumerCode: 'C1', amountPaise: 150000 }],
  additionalDetails: {},
};
const paid: Responder = (_c, res) =>
  void res.status(200).json({ Payments: [{ paymentDetails: [{ billId: 'b1', totalAmountPaid: 1500, receiptNumber: 'R1' }] }] });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('error classification', () => {
  let fake: FakeDigit;
  beforeEach(async () => {
    fake = await new FakeDigit().start();
  });
  afterEach(() => fake.stop());

  const failureOf = async (p: Promise<unknown>): Promise<DigitCallError> => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DigitCallError);
    return e as DigitCallError;
  };

  it('400 with DIGIT\'s error envelope → REJECTED with every code; messages only logged', async () => {
    fake.on(CREATE, (_c, res) =>
      void res.status(400).json({
        ResponseInfo: null,
        Errors: [
          { code: 'BILL_EXPIRED', message: 'Bill expired or invalid, regenerate bill!', description: null, params: null },
          { code: 'INVALID_PAYMENTDETAIL', message: 'The amount to be paid is more than amount due', description: null, params: null },
        ],
      }),
    );
    const { lines, logger } = recordingLogger();
    const gw = fake.gateway({ logger });
    try {
      const e = await failureOf(gw.createPayment('T1', 'T1', plan));
      expect(e).toMatchObject({ kind: 'REJECTED', digitCodes: ['BILL_EXPIRED', 'INVALID_PAYMENTDETAIL'], httpStatus: 400, code: 'DIGIT_REJECTED' });
      expect(e.message).not.toMatch(/regenerate/);
      expect(JSON.stringify(lines)).toMatch(/The amount to be paid is more than amount due/);
    } finally {
      gw.close();
    }
  });

  it.each([
    [400, 'text/plain', 'Bad Request', 'REJECTED', ['HTTP_400']],
    [404, 'application/json', '{"ResponseInfo":null,"Errors":[{"code":"ResourceNotFoundException"}]}', 'REJECTED', ['ResourceNotFoundException']],
    [404, 'text/html', '<h1>Not Found</h1>', 'REJECTED', ['HTTP_404']],
    [409, 'text/plain', 'conflict', 'REJECTED', ['HTTP_409']],
    [302, 'text/plain', 'moved', 'REJECTED', ['HTTP_302']],
    [429, 'application/json', '{"ResponseInfo":null,"Errors":[{"code":"RateLimitExceededException"}]}', 'UNAVAILABLE', ['RateLimitExceededException']],
    [500, 'application/json', '{"ResponseInfo":null,"Errors":[{"code":"NullPointerException"}]}', 'UNKNOWN', ['NullPointerException']],
    [502, 'application/json', '{"ResponseInfo":null,"Errors":[{"code":"HttpHostConnectException"}]}', 'UNKNOWN', ['HttpHostConnectException']],
    [503, 'text/html', 'Service Unavailable', 'UNKNOWN', []],
    [504, 'text/html', 'Gateway Timeout', 'UNKNOWN', []],
  ])('HTTP %i (%s) → %s', async (status, type, body, kind, codes) => {
    fake.on(CREATE, (_c, res) => {
      if (status === 302) res.setHeader('Location', '/elsewhere');
      res.status(status).type(type).send(body);
    });
    fake.on('/elsewhere', paid);
    const gw = fake.gateway({ circuit: false });
    try {
      const e = await failureOf(gw.createPayment('T1', 'T1', plan));
      expect(e).toMatchObject({ kind, digitCodes: codes, httpStatus: status });
      expect(fake.calls.map((c) => c.path)).toEqual([CREATE]);
    } finally {
      gw.close();
    }
  });

  it('a server that accepts and never answers → UNKNOWN after timeoutMs', async () => {
    fake.on(CREATE, () => undefined);
    fake.on(FETCHBILL, () => undefined);
    const gw = fake.gateway({ timeoutMs: 200 });
    try {
      await gw.warmUp();
      const t0 = Date.now();
      const e = await failureOf(gw.createPayment('T1', 'T1', plan));
      const elapsed = Date.now() - t0;
      expect(e.kind).toBe('UNKNOWN');
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(1500);
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNKNOWN' });
    } finally {
      gw.close();
    }
  });

  it('a login that never answers → UNAVAILABLE after timeoutMs (nothing reached the services)', async () => {
    fake.loginAnswer = () => undefined;
    const gw = fake.gateway({ timeoutMs: 200 });
    try {
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    } finally {
      gw.close();
    }
  });

  it('connection refused (closed port) → UNAVAILABLE, for reads and for _create', async () => {
    fake.on(FETCHBILL, billsAnswer([digitBill()]));
    const gw = fake.gateway();
    try {
      await gw.fetchBills(Q); // logged in, token held
      await fake.stop();
      await sleep(50); // let the pooled socket's close reach the agent
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringMatching(/ECONNREFUSED/) });
      await expect(gw.createPayment('T1', 'T1', plan)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    } finally {
      gw.close();
    }
  });

  it('socket destroyed mid-request → UNKNOWN; _create is sent once', async () => {
    const kill: Responder = (_c, _res, req) => void req.socket.destroy();
    fake.on(CREATE, kill).on(FETCHBILL, kill);
    const gw = fake.gateway();
    try {
      await gw.warmUp();
      await expect(gw.createPayment('T1', 'T1', plan)).rejects.toMatchObject({ kind: 'UNKNOWN' });
      expect(fake.calls.filter((c) => c.path === CREATE)).toHaveLength(1);
      await expect(gw.fetchBills(Q)).rejects.toMatchObject({ kind: 'UNKNOWN' });
    } finally {
      gw.close();
    }
  });

  describe('a pooled keep-alive socket closed under a request', () => {
    // the server drops a connection on its second business request, as a DIGIT gateway that
    // closed an idle keep-alive connection at the moment we reused it
    const dropReused = (ok: Responder): Responder => {
      const served = new WeakSet<Socket>();
      return (c, res, req) => {
        if (served.has(req.socket)) return void req.socket.destroy();
        served.add(req.socket);
        ok(c, res, req);
      };
    };

    it('a read is repeated once on a fresh connection', async () => {
      fake.on(FETCHBILL, dropReused(billsAnswer([digitBill()])));
      const gw = fake.gateway();
      try {
        await gw.fetchBills(Q);
        await expect(gw.fetchBills(Q)).resolves.toHaveLength(1);
        expect(fake.calls).toHaveLength(3);
      } finally {
        gw.close();
      }
    });

    it('_create is not repeated: UNKNOWN', async () => {
      fake.on(CREATE, dropReused(paid));
      const gw = fake.gateway();
      try {
        await gw.createPayment('T1', 'T1', plan);
        await expect(gw.createPayment('T2', 'T2', plan)).rejects.toMatchObject({ kind: 'UNKNOWN' });
        expect(fake.calls).toHaveLength(2);
      } finally {
        gw.close();
      }
    });
  });
});
