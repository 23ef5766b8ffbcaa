// Review finding: on PostgreSQL a claim can commit while its client sees an error (the connection drops
// after the server committed). The payment was then refused — a Failure Ack — and the sweeper posted it
// later. A claim whose fate is unknown is now answered PENDING, and posted once.
import { openPostgresLedger } from '../../../src/ledger/postgres/open';
import { startRig, sleep, tradeLicencePayment, type Rig } from '../../support/core-rig';
import { describePg, dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';
import { startPgDropProxy, type PgDropProxy } from '../../support/pg-drop-proxy';

let rig: Rig;
let proxy: PgDropProxy;
const schema = uniqueSchema('claim_lost');
afterEach(async () => {
  await rig?.stop();
  await proxy?.close();
});
afterAll(async () => dropSchema(schema));

describePg('a claim committed whose answer is lost (PostgreSQL)', () => {
  test('is answered PENDING, never refused, and the payment is posted exactly once', async () => {
    rig = await startRig({ leaseMs: 800 });
    proxy = await startPgDropProxy();
    const viaProxy = await rig.worker({}, { openLedger: (clock) => openPostgresLedger(proxy.url, { schema, poolSize: 2, clock }) });
    const other = await rig.worker({}, { openLedger: (clock) => openPostgresLedger(TEST_DATABASE_URL, { schema, poolSize: 2, clock }) });
    const req = tradeLicencePayment();

    const dropped = proxy.dropAfterCommitOf('claim_payment');
    const outcome = await viaProxy.payBill.execute(req, rig.clock.now() + 1000);
    await dropped; // the cut happened: the claim's own answer never arrived
    expect(outcome).toEqual({ status: 'PENDING' });
    // the server did commit it, leased to the instance that asked
    expect(await other.ledger.getPayment(req.txnReferenceId)).toMatchObject({ state: 'RECEIVED' });
    expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(0);

    // once its lease runs out, the sweeper (any instance) posts it; a repeat answers what it became
    await sleep(rig.leaseMs + 100);
    expect(await other.sweeper.sweepOnce()).toBe(1);
    expect(await other.ledger.getPayment(req.txnReferenceId)).toMatchObject({ state: 'SUCCESS' });
    const repeat = await viaProxy.payBill.execute(req, rig.clock.now() + 2000);
    expect(repeat).toMatchObject({ status: 'SUCCESS' });
    expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(1);
  });

  test('a claim that finds the payment and then loses the read is PENDING too, and a new one with a SQL error is still refused', async () => {
    rig = await startRig({ leaseMs: 800 });
    proxy = await startPgDropProxy();
    const viaProxy = await rig.worker({}, { openLedger: (clock) => openPostgresLedger(proxy.url, { schema, poolSize: 2, clock }) });
    const req = tradeLicencePayment();
    await viaProxy.ledger.claimPayment({ request: req, contentHash: 'x', leaseMs: 60_000 }); // another copy holds it
    const dropped = proxy.dropAfterCommitOf('get_payment');
    expect(await viaProxy.payBill.execute(req, rig.clock.now() + 300)).toEqual({ status: 'PENDING' });
    await dropped;

    // the server refused the statement (a SQLSTATE: text cannot hold NUL): nothing was claimed, the refusal stands
    const bad = tradeLicencePayment({ txnReferenceId: 'TXN\u0000NUL' });
    await expect(viaProxy.payBill.execute(bad, rig.clock.now() + 300)).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
  });
});
