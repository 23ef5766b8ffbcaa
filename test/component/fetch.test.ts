// BillFetchRequest over HTTP against the DIGIT sandbox (design §3.6, §3.8 "Fetch").
import { attr, allAttrs, fetchXml } from '../support/messages';
import { startHarness, type Harness } from '../support/harness';

const PT = 'PBMC00000PUN01';
const WATER = 'AMRW00000PUN01';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const fetchBill = (billerId: string, params: Record<string, string>, ids: { refId?: string; msgId?: string } = {}) =>
  h.post('/bbps/sync/BillFetchRequest', fetchXml({ billerId, params, ...ids }));

test('a due property tax bill: amount in paise, dates, bill number, echoed ids', async () => {
  const refId = 'FETCHOK0000000000000000000000000001';
  const msgId = 'MSGFETCHOK000000000000000000000001';
  const res = await fetchBill(PT, { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' }, { refId, msgId });
  expect(res.status).toBe(200);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  expect(attr(res.body, 'BillerResponse', 'amount')).toBe('150000');
  expect(attr(res.body, 'BillerResponse', 'customerName')).toBe('Ramesh Kumar');
  expect(attr(res.body, 'BillerResponse', 'billNumber')).toMatch(/^BILLNO-PT-\d{6}$/);
  expect(attr(res.body, 'BillerResponse', 'dueDate')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(attr(res.body, 'BillerResponse', 'billDate')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(attr(res.body, 'BillerResponse', 'billPeriod')).toBe('Yearly');
  expect(attr(res.body, 'Head', 'refId')).toBe(refId);
  expect(attr(res.body, 'Txn', 'msgId')).toBe(msgId);
  expect(res.body).toMatch(/^<\?xml[^>]*\?><ns2:BillFetchResponse xmlns:ns2="http:\/\/bbps.org\/schema"><Head /);
  const stored = await h.svc.ledger.getFetch(refId);
  expect(stored?.bills.map((b) => b.amountPaise)).toEqual([150000]);
});

test('the same bill is shown again until it is paid (DIGIT reuses the active bill)', async () => {
  const a = await fetchBill(PT, { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' });
  const b = await fetchBill(PT, { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000458' });
  expect(attr(a.body, 'BillerResponse', 'billNumber')).toBe(attr(b.body, 'BillerResponse', 'billNumber'));
});

test('a consumer who has paid everything: BFR004', async () => {
  const res = await fetchBill(PT, { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000457' });
  expect(res.status).toBe(200);
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('200');
  expect(attr(res.body, 'Reason', 'complianceRespCd')).toBe('BFR004');
  expect(attr(res.body, 'Reason', 'approvalRefNum')).toBe('');
  expect(attr(res.body, 'BillerResponse', 'amount')).toBe('0');
});

test('an unknown consumer: BFR001', async () => {
  const res = await fetchBill(PT, { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-999999' });
  expect(attr(res.body, 'Reason', 'complianceRespCd')).toBe('BFR001');
});

test.each([
  ['a value failing the regex', { City: 'Amritsar', 'Property ID': 'not-a-property' }],
  ['a city not configured', { City: 'Ludhiana', 'Property ID': 'PB-PT-2023-04-12-000456' }],
  ['no search parameter', { City: 'Amritsar' }],
  ['an empty search parameter', { City: 'Amritsar', 'Property ID': '' }],
  ['both search parameters', { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456', 'Registered Mobile Number': '9876543210' }],
  ['the tenant parameter missing', { 'Property ID': 'PB-PT-2023-04-12-000456' }],
])('%s: BFR002', async (_name, params) => {
  const res = await fetchBill(PT, params);
  expect(res.status).toBe(200);
  expect(attr(res.body, 'Reason', 'complianceRespCd')).toBe('BFR002');
});

test('a mobile number finds the bills of two services (one BillerResponse each)', async () => {
  const res = await fetchBill(WATER, { 'Registered Mobile Number': '9876543210' });
  expect(attr(res.body, 'Reason', 'responseCode')).toBe('000');
  expect(allAttrs(res.body, 'BillerResponse', 'amount').sort()).toEqual(['12000', '48000']);
  expect(allAttrs(res.body, 'BillerResponse', 'billNumber').map((n) => n.split('-')[1]).sort()).toEqual(['SW', 'WS']);
});

test('DIGIT down: BFR008, and DIGIT text never leaks', async () => {
  h.sandbox.setFault({ route: 'fetchbill', mode: 'down' });
  try {
    const res = await fetchBill(PT, { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' });
    expect(res.status).toBe(200);
    expect(attr(res.body, 'Reason', 'complianceRespCd')).toBe('BFR008');
  } finally {
    h.sandbox.clearFaults();
  }
});

test('DIGIT answering 5xx: BFR008', async () => {
  h.sandbox.setFault({ route: 'fetchbill', mode: 'error5xx', times: 5 });
  try {
    const res = await fetchBill(PT, { City: 'Jalandhar', 'Property ID': 'PB-PT-2023-05-01-000101' });
    expect(attr(res.body, 'Reason', 'complianceRespCd')).toBe('BFR008');
  } finally {
    h.sandbox.clearFaults();
  }
});
