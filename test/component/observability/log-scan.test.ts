// Every log line of a full run at debug level, scanned for personal data: a fetch by mobile, a payment
// naming the payer, with VPA and card-ish PaymentInformation, the same over the async routes with
// callbacks, the JSON API, and refused requests. No full mobile, name, VPA or card number may appear.
import { SEED_CONSUMERS } from '../../../src/simulators/digit';
import { startNetwork, type Network } from '../network/network-harness';
import { attr, fetchXml, newId, paymentXml } from '../../support/messages';
import { capturedLogger, eventually } from './support';

const MOBILE = '9876543210';
const NAME = 'Ramesh Kumar';
const VPA = 'ramesh.kumar@okaxis';
const CARD = '4111111111111111';
const RAW = [MOBILE, NAME, 'Ramesh', VPA, CARD, 'Mall Road'];
const PT = 'PBMC00000PUN01';
const WS = 'AMRW00000PUN01';

/** A payment naming the payer, with a real mobile and VPA/card fields in PaymentInformation. */
function personalPayment(o: { billerId?: string; refId: string; params: Record<string, string>; amountPaise: number; bills: Array<{ billNumber: string; amountPaise: number }> }): string {
  return paymentXml({ mobile: MOBILE, ...o, billerId: o.billerId ?? PT, bills: o.bills.map((b) => ({ ...b, customerName: NAME })) }).replace(
    /<PaymentInformation>.*<\/PaymentInformation>/,
    `<PaymentInformation><Tag name="VPA" value="${VPA}"/><Tag name="CardNum" value="${CARD}"/><Tag name="Remarks" value="paid by ${NAME} ${MOBILE}"/></PaymentInformation>`,
  );
}

let n: Network;
const logs = capturedLogger('debug');
beforeAll(async () => {
  n = await startNetwork({ signed: false, logger: logs.log, env: { LOG_LEVEL: 'debug' } });
});
afterAll(() => n.stop());

test('a full run logs no mobile number, name, VPA or card number', async () => {
  const { h } = n;
  const byMobile = { City: 'Amritsar', 'Registered Mobile Number': MOBILE };
  // sync: fetch by mobile, then pay with personal data
  const fetched = await h.post('/bbps/sync/BillFetchRequest', fetchXml({ billerId: PT, params: byMobile, mobile: MOBILE }));
  expect(attr(fetched.body, 'Reason', 'responseCode')).toBe('000');
  const refId = attr(fetched.body, 'Head', 'refId')!;
  const billNumber = attr(fetched.body, 'BillerResponse', 'billNumber')!;
  const amount = Number(attr(fetched.body, 'BillerResponse', 'amount'));
  const paid = await h.post('/bbps/sync/BillPaymentRequest', personalPayment({ refId, params: byMobile, amountPaise: amount, bills: [{ billNumber, amountPaise: amount }] }));
  expect(attr(paid.body, 'Reason', 'responseCode')).toBe('000');

  // async: a fetch and a payment with callbacks to the CU
  const asyncRef = newId();
  // another consumer than the sync payment's (the mobile fetch may have offered it)
  const params = { 'Connection Number': SEED_CONSUMERS.ws };
  const post = (api: string, ref: string, xml: string) => h.post(`/bbps/${api}/1.0/urn:referenceId:${ref}`, xml);
  expect((await post('BillFetchRequest', asyncRef, fetchXml({ billerId: WS, params, refId: asyncRef, mobile: MOBILE }))).status).toBe(200);
  const fetchCb = await n.cu.waitFor('BillFetchResponse', asyncRef);
  const bill = fetchCb.message!.billerResponses[0]!;
  expect((await post('BillPaymentRequest', asyncRef, personalPayment({ billerId: WS, refId: asyncRef, params, amountPaise: Number(bill.amount), bills: [{ billNumber: bill.billNumber!, amountPaise: Number(bill.amount) }] }))).status).toBe(200);
  const payCb = await n.cu.waitFor('BillPaymentResponse', asyncRef);
  expect(payCb.message?.reason.responseCode).toBe('000');

  // the JSON API, a fetch by mobile and a refused payment
  const key = h.svc.demoApiKey!;
  const api = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.svc.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const apiFetch = await api('/bills/fetch', { billerId: PT, customerParams: byMobile });
  // answered either way (its bills may be the one the sync payment just took): what it logs is the point
  expect([200, 422]).toContain(apiFetch.status);
  const refused = await api('/payments', { billerId: PT, customerParams: { ...byMobile, 'Registered Mobile Number': `${MOBILE}x` }, clientReference: 'c-1', paymentMode: 'UPI', bills: [{ billNumber: 'nope', amountPaise: 100 }] }, { 'Idempotency-Key': 'k1' });
  expect(refused.status).toBeGreaterThanOrEqual(400);

  // refusals: a bad parameter value, a malformed body that quotes the personal data
  await h.post('/bbps/sync/BillFetchRequest', fetchXml({ billerId: PT, params: { City: 'Amritsar', 'Registered Mobile Number': `0${MOBILE}${NAME}` } }));
  await h.post('/bbps/sync/BillPaymentRequest', `<x>${NAME} ${MOBILE} ${VPA} ${CARD}`);

  const lines = await eventually(() => logs.text(), (t) => t.includes('callback delivered'));
  expect(lines.split('\n').filter(Boolean).length).toBeGreaterThan(10);
  for (const raw of RAW) expect([raw, lines.includes(raw)]).toEqual([raw, false]);
  // and the async work logged under the request's trace
  const delivered = logs.lines().filter((l) => l.message === 'callback delivered');
  expect(delivered.every((l) => typeof l.traceId === 'string')).toBe(true);
});
