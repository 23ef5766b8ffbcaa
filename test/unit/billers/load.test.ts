// BILLERS_FILE is checked at boot: an invalid or incoherent file stops the process with a message
// naming the biller and the field.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBillersFile, parseBillers } from '../../../src/billers/load';
import { resolveParams } from '../../../src/billers/resolve';

const base = () => ({
  billerId: 'TEST00000PUN01',
  name: 'Test',
  tenant: { fixed: 'pb.amritsar' },
  services: [{ businessService: 'PT' }],
  customerParams: [{ name: 'Property ID', role: 'consumerCode' }],
  paymentAmountExactness: 'EXACT',
  partPaymentAllowed: false,
  advanceAllowed: false,
});
const refused = (b: object) => () => parseBillers({ billers: [b] });

test('the shipped demo file loads', () => {
  const billers = loadBillersFile('config/billers.json');
  expect(billers.map((b) => b.billerId)).toEqual(['PBMC00000PUN01', 'AMRW00000PUN01', 'PBTL00000PUN01', 'PBCH00000PUN01']);
  expect(billers[1].businessServices).toEqual(['WS', 'SW']);
});

test.each([
  ['EXACT with part payment', { partPaymentAllowed: true }, /biller TEST00000PUN01, field paymentAmountExactness: EXACT requires partPaymentAllowed=false/],
  ['EXACT_AND_BELOW without part payment', { paymentAmountExactness: 'EXACT_AND_BELOW' }, /paymentAmountExactness/],
  ['ADHOC without advance', { paymentAmountExactness: 'ADHOC', partPaymentAllowed: true }, /advanceAllowed=true/],
  ['unknown exactness', { paymentAmountExactness: 'SOMETIMES' }, /biller TEST00000PUN01, field paymentAmountExactness/],
  ['no services', { services: [] }, /field services/],
  ['bad regex', { customerParams: [{ name: 'P', role: 'consumerCode', regex: '([' }] }, /customerParams\[0\]\.regex/],
  ['no search parameter', { customerParams: [{ name: 'P', role: 'info' }] }, /needs a consumerCode or mobileNumber/],
  ['two required search parameters', { customerParams: [{ name: 'P', role: 'consumerCode' }, { name: 'M', role: 'mobileNumber' }] }, /alternatives/],
  // design's example with the mobile left optional: a mobile fetch would answer BFR002 with no reason given
  ['a mandatory search parameter beside an optional one', { customerParams: [{ name: 'Property ID', role: 'consumerCode' }, { name: 'Registered Mobile Number', role: 'mobileNumber', optional: true }] }, /biller TEST00000PUN01, field customerParams: "Property ID" is mandatory beside the search parameter "Registered Mobile Number"/],
  ['a mandatory search parameter listed after an optional one', { customerParams: [{ name: 'Connection Number', role: 'consumerCode', optional: true }, { name: 'Registered Mobile Number', role: 'mobileNumber' }] }, /biller TEST00000PUN01, field customerParams: "Registered Mobile Number" is mandatory beside the search parameter "Connection Number"/],
  ['tenant from an unknown parameter', { tenant: { fromParam: 'City', values: { A: 'pb.amritsar' } } }, /tenant.fromParam: "City"/],
  ['fixed tenant and a tenant parameter', { customerParams: [{ name: 'P', role: 'consumerCode' }, { name: 'City', role: 'tenant' }] }, /fixed tenant/],
  ['repeated parameter name', { customerParams: [{ name: 'P', role: 'consumerCode' }, { name: 'P', role: 'info' }] }, /"P" is repeated/],
  ['bad tenant id', { tenant: { fixed: 'Amritsar' } }, /field tenant/],
  ['a dot-segment business service (a DIGIT path would resolve elsewhere)', { services: [{ businessService: '..' }] }, /field services.0.businessService: .*value "\.\." fails to match the business-service code/],
  ['a business service with an empty part', { services: [{ businessService: 'OTHER..X' }] }, /businessService/],
  ['a business service ending in a dot', { services: [{ businessService: 'PT.' }] }, /businessService/],
  ['unknown DIGIT payment mode', { digitPaymentMode: 'BARTER' }, /digitPaymentMode/],
  ['CASH (DIGIT replaces our transactionNumber)', { digitPaymentMode: 'CASH' }, /biller TEST00000PUN01, field digitPaymentMode: CASH is refused: DIGIT replaces the transactionNumber.*exactly-once/],
  ['CHEQUE (needs cheque details)', { digitPaymentMode: 'CHEQUE' }, /field digitPaymentMode: CHEQUE is refused: .*cheque details/],
  ['DD', { digitPaymentMode: 'DD' }, /field digitPaymentMode: DD is refused/],
  ['POSTAL_ORDER', { digitPaymentMode: 'POSTAL_ORDER' }, /field digitPaymentMode: POSTAL_ORDER is refused/],
])('%s is refused', (_name, change, message) => {
  expect(refused({ ...base(), ...change })).toThrow(message);
});

test.each(['ONLINE', 'CARD', 'ONLINE_NEFT', 'ONLINE_RTGS', 'OFFLINE_NEFT', 'OFFLINE_RTGS'])('payment mode %s is accepted', (mode) => {
  expect(parseBillers({ billers: [{ ...base(), digitPaymentMode: mode }] })[0].digitPaymentMode).toBe(mode);
});

test('dotted mCollect business services are accepted', () => {
  expect(parseBillers({ billers: [{ ...base(), services: [{ businessService: 'OTHER.Misc_Challans' }] }] })[0].businessServices).toEqual(['OTHER.Misc_Challans']);
});

test('the payment mode defaults to ONLINE', () => {
  expect(parseBillers({ billers: [base()] })[0].digitPaymentMode).toBe('ONLINE');
});

test('a repeated biller id is refused', () => {
  expect(() => parseBillers({ billers: [base(), base()] })).toThrow(/TEST00000PUN01: billerId is repeated/);
});

test('unreadable and non-JSON files name the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'billers-'));
  writeFileSync(join(dir, 'bad.json'), '{ not json');
  expect(() => loadBillersFile(join(dir, 'bad.json'))).toThrow(/bad.json\): is not valid JSON/);
  expect(() => loadBillersFile(join(dir, 'missing.json'))).toThrow(/missing.json\): cannot be read/);
});

test('the process stops at boot with the biller and field named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'billers-'));
  const file = join(dir, 'billers.json');
  writeFileSync(file, JSON.stringify({ billers: [{ ...base(), partPaymentAllowed: true }] }));
  let out = '';
  let status: number | null = 0;
  // the built output (npm test runs tsc -b first)
  try {
    execFileSync(process.execPath, ['dist/src/main.js'], {
      env: { ...process.env, BILLERS_FILE: file, PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'l.db')}` },
      stdio: 'pipe',
      timeout: 20000,
    });
  } catch (e) {
    const err = e as { status: number; stderr: Buffer };
    status = err.status;
    out = err.stderr.toString();
  }
  expect(status).toBe(1);
  expect(out).toMatch(/CONFIG_INVALID: BILLERS_FILE \(.*billers.json\): biller TEST00000PUN01, field paymentAmountExactness/);
});

describe('resolving customer parameters', () => {
  const [pt, water] = loadBillersFile('config/billers.json');
  test('tenant from the City parameter and the property id as consumer code', () => {
    expect(resolveParams(pt, [{ name: 'City', value: 'Jalandhar' }, { name: 'Property ID', value: 'PB-PT-2023-05-01-000101' }])).toEqual({
      ok: true, tenantId: 'pb.jalandhar', search: { by: 'consumerCode', value: 'PB-PT-2023-05-01-000101' },
    });
  });
  test('a mobile number with a fixed tenant', () => {
    expect(resolveParams(water, [{ name: 'Registered Mobile Number', value: '9876543210' }])).toMatchObject({ ok: true, search: { by: 'mobileNumber' } });
  });
  test('a City value that is an Object.prototype key is not a tenant', () => {
    expect(resolveParams(pt, [{ name: 'City', value: 'constructor' }, { name: 'Property ID', value: 'PB-PT-2023-05-01-000101' }]).ok).toBe(false);
  });
});
