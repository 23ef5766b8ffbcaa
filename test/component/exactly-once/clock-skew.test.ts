// Review finding: lastPostAt was stamped in the posting instance's clock and the persistence bound
// judged in the judging instance's: with PostgreSQL, an instance whose clock runs behind made another
// answer a reversal "not posted" while its `_create` could still land. Both now read the database's clock.
import { openPostgresLedger } from '../../../src/ledger/postgres/open';
import { startRig, tradeLicencePayment, until, type Rig } from '../../support/core-rig';
import { describePg, dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';

let rig: Rig;
const schema = uniqueSchema('clock_skew');
afterEach(async () => rig?.stop());
afterAll(async () => dropSchema(schema));

describePg('instances whose clocks differ (PostgreSQL)', () => {
  test('a reversal on an instance whose clock runs ahead of the poster is pending while the _create may land, never "not posted"', async () => {
    rig = await startRig({ createCommitDelayMs: 1500, timeoutMs: 400, persistBoundMs: 5000 });
    const openLedger = (clock: { now(): number }) => openPostgresLedger(TEST_DATABASE_URL, { schema, poolSize: 2, clock });
    const behindMs = 10_000; // more than the bound: the poster's own clock says the _create began long ago
    const poster = await rig.worker({}, { clockOffsetMs: -behindMs, openLedger });
    const judge = await rig.worker({}, { openLedger });
    const req = tradeLicencePayment();
    // the poster's deadline passes before its _create times out: left UNKNOWN, DIGIT persists it later
    expect((await poster.payBill.execute(req, rig.clock.now() - behindMs + 300)).status).toBe('PENDING');
    expect((await judge.reverse.execute({ ...req, reversal: true })).kind).toBe('PENDING');
    await until('DIGIT persisted the first _create', () => rig.paymentsFor(req.txnReferenceId).length === 1);
    expect((await judge.reverse.execute({ ...req, reversal: true })).kind).toBe('POSTED');
    expect(await judge.ledger.getPayment(req.txnReferenceId)).toMatchObject({ state: 'SUCCESS' });
    expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(1);
  });
});
