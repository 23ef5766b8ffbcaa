// Cold review finding: a settled listener (network mode's dispatcher.hasten) that throws made
// execute reject after the payment was posted, and the sync route answered a Failure for a payment
// DIGIT holds. The outcome stands; the listener's failure is only logged.
import { startRig, tradeLicencePayment, type Rig } from '../../support/core-rig';

let rig: Rig;
beforeAll(async () => (rig = await startRig()));
afterAll(() => rig.stop());

test('a listener that throws does not turn a posted payment into a rejection', async () => {
  const w = await rig.worker();
  const heard: string[] = [];
  w.payBill.onSettled(() => {
    throw new Error('listener broke');
  });
  w.payBill.onSettled((p) => heard.push(p.txnReferenceId));
  const req = tradeLicencePayment();
  const outcome = await w.payBill.execute(req, Date.now() + 5000);
  expect(outcome.status).toBe('SUCCESS');
  expect(heard).toEqual([req.txnReferenceId]); // the listeners after it still hear
  expect(rig.paymentsFor(req.txnReferenceId)).toHaveLength(1);
});
