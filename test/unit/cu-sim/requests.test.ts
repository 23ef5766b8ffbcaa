// The simulator's requests read as the adapter's codec reads BBPS traffic; its CLI arguments; its
// misbehaviour countdown.
import { parseBbps, toAck, toDiagnostic, toFetchRequest, toPaymentRequest, toTxnStatusRequest, toValidationRequest } from '../../../src/bbps';
import { paramsOf, parseArgs } from '../../../src/simulators/bbps-cu/cli';
import { MisbehaviourQueue } from '../../../src/simulators/bbps-cu/misbehaviour';
import { cuRequests } from '../../../src/simulators/bbps-cu';

const base = { refId: cuRequests.cuId(), msgId: cuRequests.cuId(), billerId: 'PBMC00000PUN01', params: [['City', 'Amritsar'], ['Property ID', 'A&B "x"']] as Array<[string, string]>, origInst: 'BBCU' };

test('ids: 35 upper-case letters and digits; IST timestamps', () => {
  expect(cuRequests.cuId()).toMatch(/^[A-Z0-9]{35}$/);
  expect(cuRequests.cuId(20)).toMatch(/^[A-Z0-9]{20}$/);
  expect(cuRequests.istNow(Date.UTC(2026, 2, 23, 6, 30))).toBe('2026-03-23T12:00:00+05:30');
});

test('fetch, payment, reversal, validation and status requests parse with the values given', () => {
  const fetch = toFetchRequest(parseBbps(cuRequests.fetchRequest(base))).request;
  expect(fetch).toMatchObject({ refId: base.refId, msgId: base.msgId, billerId: base.billerId, params: [{ name: 'City', value: 'Amritsar' }, { name: 'Property ID', value: 'A&B "x"' }] });

  const spec = { ...base, txnReferenceId: 'T'.repeat(20), amountPaise: 150000, bills: [{ billNumber: 'B-1', amountPaise: 150000 }], paymentMode: 'UPI', reversal: false };
  expect(toPaymentRequest(parseBbps(cuRequests.paymentRequest(spec))).request).toMatchObject({ txnReferenceId: spec.txnReferenceId, amountPaise: 150000, reversal: false, quickPay: false, billsNamed: [{ billNumber: 'B-1', amountPaise: 150000 }] });
  expect(toPaymentRequest(parseBbps(cuRequests.paymentRequest({ ...spec, reversal: true, bills: [] }))).request).toMatchObject({ reversal: true, quickPay: true });

  expect(toValidationRequest(parseBbps(cuRequests.validationRequest({ ...base, amountPaise: 5000 }))).request).toMatchObject({ billerId: base.billerId, amountPaise: 5000 });
  expect(toTxnStatusRequest(parseBbps(cuRequests.statusRequest({ refId: base.refId, origInst: 'BBCU', txnReferenceId: 'X1' }))).query).toMatchObject({ refId: base.refId, txnReferenceId: 'X1' });
  expect(toDiagnostic(parseBbps(cuRequests.resDiagnostic(base.refId, 'BBCU')))).toMatchObject({ kind: 'ResDiagnostic', head: { refId: base.refId } });
  expect(toAck(parseBbps(cuRequests.ack('PAYMENT_RESPONSE', base.refId, false, [{ code: 'E1', detail: 'd<' }])))).toMatchObject({ ok: false, rspCd: 'Failure', errors: [{ code: 'E1', detail: 'd<' }] });
});

test('CLI arguments: repeated --param, values with "=", missing values refused', () => {
  const { command, options } = parseArgs(['fetch', '--biller', 'X', '--param', 'City=Amritsar', '--param', 'Property ID=a=b']);
  expect(command).toBe('fetch');
  expect(paramsOf(options.get('param') ?? [])).toEqual({ City: 'Amritsar', 'Property ID': 'a=b' });
  expect(() => parseArgs(['fetch', '--biller'])).toThrow(/needs a value/);
  expect(() => paramsOf(['novalue'])).toThrow(/Name=Value/);
});

test('misbehaviour counts down, then answers normally', () => {
  const q = new MisbehaviourQueue();
  expect(q.take()).toBeUndefined();
  q.set({ mode: 'error', times: 2 });
  expect(q.take()?.mode).toBe('error');
  expect(q.take()?.mode).toBe('error');
  expect(q.take()).toBeUndefined();
  q.set({ mode: 'drop' });
  for (let i = 0; i < 5; i++) expect(q.take()?.mode).toBe('drop');
  q.clear();
  expect(q.take()).toBeUndefined();
});
