// Seeded fault simulation for DIGIT's late persistence: every `_create` is validated at once and
// committed after the client's timeout (so each attempt's outcome is uncertain), while the seed expires
// bills mid-payment, hangs creates, and sends reversals racing the forwards. Afterwards, with every
// commit landed: no payment twice in DIGIT, a reversal answered "not posted" is never in DIGIT, every
// ledger success is in DIGIT, and the money adds up. CHAOS_SEED=<n> replays another seed.
import type { ReversalResult } from '../../../src/core/reverse-payment';
import { newId } from '../../support/messages';
import { sleep, startRig, until, type Rig } from '../../support/core-rig';

const SEED = Number(process.env.CHAOS_SEED ?? 20261202);
const PAYMENTS = 12;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let rig: Rig;
afterAll(async () => rig?.stop());

test(`seed ${SEED}: late commits, expiring bills and racing reversals never post twice or after "not posted"`, async () => {
  const rand = prng(SEED);
  rig = await startRig({ createCommitDelayMs: 400, timeoutMs: 250, persistBoundMs: 1500, leaseMs: 2000 });
  const w = await rig.worker();
  const codes = rig.sandbox.addBulkPtConsumers({ count: PAYMENTS, amount: 700, start: 900 });
  const reversals = new Map<string, ReversalResult>();
  const txns: string[] = [];
  await Promise.all(codes.map(async (code, i) => {
    const txn = newId(20);
    txns.push(txn);
    const req = {
      refId: newId(), msgId: newId(), origInst: 'OU01', agentId: 'AGT0001', channel: 'INT', billerId: 'PBMC00000PUN01',
      params: [{ name: 'City', value: 'Amritsar' }, { name: 'Property ID', value: code }], txnReferenceId: txn, amountPaise: 70_000,
      custConvFeePaise: 0, paymentMode: 'UPI', quickPay: true, billsNamed: [], customerName: 'Asha Rani', reversal: false,
    };
    await sleep(Math.floor(rand() * 200) + i * 5);
    const paying = w.payBill.execute(req, Date.now() + 200 + Math.floor(rand() * 1500));
    if (rand() < 0.3) {
      await sleep(Math.floor(rand() * 100));
      rig.sandbox.expireBill({ tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: code });
    }
    if (rand() < 0.5) {
      await sleep(Math.floor(rand() * 600));
      reversals.set(txn, await w.reverse.execute({ ...req, reversal: true }));
    }
    await paying;
    // the network keeps asking until it gets an answer
    if (reversals.has(txn)) {
      await until(`reversal of ${txn} settled`, async () => {
        const r = await w.reverse.execute({ ...req, reversal: true });
        reversals.set(txn, r);
        return r.kind !== 'PENDING';
      }, 20_000);
    }
  }));
  // the sweeper resolves everything left; every commit on its way lands
  await until('nothing unresolved', async () => {
    await w.sweeper.sweepOnce();
    return (await w.ledger.listUnresolved(Date.now() + 60_000)).length === 0;
  }, 30_000);
  await sleep(600);

  let count = 0;
  let sum = 0;
  for (const txn of txns) {
    const inDigit = rig.paymentsFor(txn);
    const row = await w.ledger.getPayment(txn);
    expect(inDigit.length).toBeLessThanOrEqual(1);
    if (reversals.get(txn)?.kind === 'NOT_POSTED') expect(inDigit).toHaveLength(0);
    expect(row?.state === 'SUCCESS').toBe(inDigit.length === 1);
    if (inDigit.length === 1) {
      count++;
      sum += Math.round(Number(inDigit[0].totalAmountPaid) * 100);
    }
  }
  expect(await w.ledger.successTotals()).toEqual({ count, sumPaise: sum });
}, 90_000);
