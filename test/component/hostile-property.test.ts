// Arbitrary bytes and arbitrary element trees through the HTTP routes (fast-check, a bounded number of
// runs): on every BBPS route, sync and network mode, each body gets a Failure Ack (400/413/415), never a
// crash (5xx) nor a Successful Ack; none reaches DIGIT, pays, leaves a work item or a callback behind,
// or pollutes Object.prototype. The names used can never make a complete request (no BillDetails,
// Biller or TxnStatusReq), so every body must be refused.
import fc from 'fast-check';
import { attr, newId } from '../support/messages';
import { treeOf } from '../support/arbitraries';
import { startNetwork, type Network } from './network/network-harness';

let n: Network;
beforeAll(async () => {
  n = await startNetwork({ signed: false });
});
afterAll(async () => n?.stop());

const ROUTES = [
  () => '/bbps/sync/BillFetchRequest',
  () => '/bbps/sync/BillPaymentRequest',
  ...['BillFetchRequest', 'BillPaymentRequest', 'BillValidationRequest', 'TxnStatusRequest', 'ResDiagnostic'].map((api) => () => `/bbps/${api}/1.0/urn:referenceId:${newId()}`),
];
const names = fc.constantFrom('ns2:BillPaymentRequest', 'ns2:BillFetchRequest', 'BillValidationRequest', 'bbps:TxnStatusRequest', 'Head', 'Txn', 'Tag', 'Amt', 'Amount', 'CustomerParams', '__proto__', 'constructor', 'prototype', 'x:y');
const body = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
  treeOf(names).map((t) => `<?xml version="1.0" encoding="UTF-8"?>${t}`),
  treeOf(names).map((t) => `\uFEFF${t}`),
);

test('arbitrary bodies on every BBPS route: a Failure Ack each, nothing reaches DIGIT or is kept as accepted', async () => {
  const digitWork = () => n.h.sandbox.receivedCalls().filter((c) => c.route !== 'login').length;
  const state = async () => ({
    digit: digitWork(),
    creates: n.h.sandbox.stats().createCalls,
    paid: await n.h.svc.ledger.successTotals(),
    pending: await n.h.svc.ledger.countOutbox('PENDING'),
    parked: await n.h.svc.ledger.countOutbox('PARKED'),
    callbacks: n.cu.received.length,
  });
  const before = await state();
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: ROUTES.length - 1 }), body, async (route, b) => {
      const res = await n.h.post(ROUTES[route]!(), b);
      expect([400, 413, 415]).toContain(res.status);
      expect(attr(res.body, 'Ack', 'RspCd')).toBe('Failure');
      expect(Object.keys(Object.prototype)).toEqual([]);
    }),
    { numRuns: 150 },
  );
  expect(await state()).toEqual(before);
});
