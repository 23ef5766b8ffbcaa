// Three adapter processes on one PostgreSQL schema and one DIGIT sandbox (issue 5): the same payment
// sent to all of them at once is posted once and answered alike; an instance killed while it owns a
// payment leaves it to the others, whose sweepers take it over once its lease runs out.
import { openLedger } from '../../../src/ledger';
import type { Ledger } from '../../../src/core/ports';
import { createDigitSandbox, type DigitSandbox } from '../../../src/simulators/digit';
import { attr, newId, paymentXml } from '../../support/messages';
import { describePg, dropSchema, pgExec, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';
import { killAdapter, sandboxEnv, startAdapter, type AdapterProcess } from './adapter-process';
import { schemaUrl } from './schema-url';

const PT = 'PBMC00000PUN01';
// lease = deadline + DIGIT timeout + 5 s (service.ts): 9 s, so a takeover fits well inside the test.
// The DIGIT latency faults below stay far under DIGIT_TIMEOUT_MS even on a loaded machine: a timed-out
// _create would be searched for and re-posted, and these tests count _create calls.
const TIMING = { BBPS_SYNC_DEADLINE_MS: '2500', DIGIT_TIMEOUT_MS: '1500', SWEEP_INTERVAL_MS: '250' };

async function post(url: string, xml: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/bbps/sync/BillPaymentRequest`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
  return { status: res.status, body: await res.text() };
}

type DigitPayment = { transactionNumber: string; paymentDetails: Array<{ receiptNumber: string }> };
const digitPayments = (sandbox: DigitSandbox, txn: string) =>
  (sandbox.listPayments() as unknown as DigitPayment[]).filter((p) => p.transactionNumber === txn);

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describePg('several adapter instances on one PostgreSQL database', () => {
  const schema = uniqueSchema('multi');
  const databaseUrl = schemaUrl(TEST_DATABASE_URL, schema);
  let sandbox: DigitSandbox;
  let sandboxServer: { url: string; close(): Promise<void> };
  let ledger: Ledger;
  let instances: AdapterProcess[] = [];
  let seq = 0;

  /** A PT consumer of its own (quick pay: no fetch needed), ₹1,500 due. */
  const newConsumer = () => {
    const [code] = sandbox.addBulkPtConsumers({ count: 1, amount: 1500, start: 900_000 + seq++ });
    return { City: 'Amritsar', 'Property ID': code };
  };

  beforeAll(async () => {
    sandbox = createDigitSandbox();
    sandboxServer = await sandbox.listen(0, '127.0.0.1');
    await pgExec(`CREATE SCHEMA ${schema}`);
    // started together: their migrations meet on the advisory lock, and all must come up
    instances = await Promise.all(
      [1, 2, 3].map(() => startAdapter({ ...TIMING, DATABASE_URL: databaseUrl, ...sandboxEnv(sandboxServer.url) })),
    );
    ledger = await openLedger(databaseUrl);
  }, 40_000);

  afterAll(async () => {
    await Promise.all(instances.map(killAdapter));
    await ledger?.close();
    await sandboxServer?.close();
    await dropSchema(schema);
  });

  test('50 copies of one payment across three instances: one DIGIT _create, one answer everywhere', async () => {
    const params = newConsumer();
    const txn = newId(20);
    const xml = paymentXml({ billerId: PT, params, amountPaise: 150000, txnReferenceId: txn, quickPay: true });
    // DIGIT takes a while, so most copies arrive while the first is still being posted
    sandbox.setFault({ route: 'create', mode: 'latency', latencyMs: 300 });
    const before = sandbox.stats().createCalls;
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post(instances[i % 3].url, xml)));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      const receipts = new Set(answers.map((a) => attr(a.body, 'Reason', 'approvalRefNum')));
      expect(receipts.size).toBe(1);
      const [receipt] = [...receipts];
      expect(receipt).toMatch(/^PT\/107\/\d{4}-\d{2}\/\d{6}$/);
      expect(answers.every((a) => attr(a.body, 'Reason', 'responseCode') === '000')).toBe(true);

      expect(sandbox.stats().createCalls - before).toBe(1);
      const inDigit = digitPayments(sandbox, txn);
      expect(inDigit).toHaveLength(1);
      expect((await ledger.getPayment(txn))?.outcome).toEqual({
        status: 'SUCCESS',
        receipts: [expect.objectContaining({ receiptNumber: receipt, amountPaise: 150000 })],
      });
    } finally {
      sandbox.clearFaults();
    }
  }, 30_000);

  test('an instance killed while DIGIT holds its payment: another finishes it, still one DIGIT payment', async () => {
    const params = newConsumer();
    const txn = newId(20);
    const xml = paymentXml({ billerId: PT, params, amountPaise: 150000, txnReferenceId: txn, quickPay: true });
    // DIGIT stores the payment, then the answer never comes: the owner is stuck mid-call
    sandbox.setFault({ route: 'create', mode: 'commitThenHang', times: 1 });
    const before = sandbox.stats().createCalls;
    const [victim, ...survivors] = instances;
    const lost = post(victim.url, xml).catch((e: unknown) => e);
    await until('the _create to reach DIGIT', () => (sandbox.stats().createCalls > before ? true : undefined), 5000);
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await lost).toMatchObject({ message: 'fetch failed' }); // the connection dropped: no answer
    expect((await ledger.getPayment(txn))?.state).toBe('POSTING');

    // the dead owner stops beating: its lease (4 × 1.5 s + 5 s = 11 s) is free once its heartbeat is
    // 5 s old; a survivor's sweeper claims it, searches DIGIT first and finds the committed payment,
    // so there is no second _create
    const done = await until('the payment to be resolved', async () => {
      const row = await ledger.getPayment(txn);
      return row?.state === 'SUCCESS' || row?.state === 'FAILED' ? row : undefined;
    }, 20_000);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    const inDigit = digitPayments(sandbox, txn);
    expect(inDigit).toHaveLength(1);
    expect(done.outcome).toEqual({ status: 'SUCCESS', receipts: [expect.objectContaining({ receiptNumber: inDigit[0].paymentDetails[0].receiptNumber })] });
    expect(sandbox.stats().createCalls - before).toBe(1);

    // the network's retry, to either survivor, gets that receipt
    for (const s of survivors) {
      const again = await post(s.url, xml);
      expect(again.status).toBe(200);
      expect(attr(again.body, 'Reason', 'approvalRefNum')).toBe(inDigit[0].paymentDetails[0].receiptNumber);
    }
    expect(sandbox.stats().createCalls - before).toBe(1);
  }, 40_000);

  test('SIGTERM to an instance with a payment in flight: it answers, records, and exits 0; the others go on', async () => {
    const params = newConsumer();
    const txn = newId(20);
    const refId = newId();
    const xml = paymentXml({ billerId: PT, params, amountPaise: 150000, txnReferenceId: txn, refId, quickPay: true });
    sandbox.setFault({ route: 'create', mode: 'latency', latencyMs: 350, times: 1 });
    const before = sandbox.stats().createCalls;
    const leaving = instances[instances.length - 1];
    const answer = post(leaving.url, xml);
    answer.catch(() => undefined); // awaited below
    await until('the _create to reach DIGIT', () => (sandbox.stats().createCalls > before ? true : undefined), 5000);
    leaving.child.kill('SIGTERM');

    const res = await answer;
    expect(res.status).toBe(200);
    const receipt = attr(res.body, 'Reason', 'approvalRefNum');
    expect(receipt).toBe(digitPayments(sandbox, txn)[0].paymentDetails[0].receiptNumber);
    expect(await leaving.exited).toEqual({ code: 0, signal: null });
    expect(leaving.output()).not.toMatch(/shutdown failed|"level":"error"/);
    expect((await ledger.getPayment(txn))?.state).toBe('SUCCESS');
    // the answer's copy is written after it is sent: the pool was not ended under it
    expect((await ledger.findMessages({ refId, direction: 'OUT' })).map((m) => m.api)).toEqual(['BillPaymentResponse']);

    const other = instances.find((i) => i.child.exitCode === null && i.child.signalCode === null) as AdapterProcess;
    const again = await post(other.url, xml);
    expect(attr(again.body, 'Reason', 'approvalRefNum')).toBe(receipt);
    expect(sandbox.stats().createCalls - before).toBe(1);
  }, 30_000);
});
