// Builders: exact golden output for fixed inputs (protocol §10.2-§10.6), and every output read back by
// our own parser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildAck,
  buildFetchResponse,
  buildPaymentResponse,
  parseBbps,
  toAck,
  toFetchRequest,
  toPaymentRequest,
  toResponseMessage,
} from '../../../src/bbps';
import type { Bill, Receipt } from '../../../src/core/types';
import { expectAppError } from './support';

const protocolFixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'bbps', 'protocol', name));
const fetchEcho = toFetchRequest(parseBbps(protocolFixture('10.1-BillFetchRequest.xml'))).echo;
const payment = toPaymentRequest(parseBbps(protocolFixture('10.5-BillPaymentRequest.xml')));
const at = (ts: string) => Date.parse(ts);
const OU = 'XX01';

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const REF = 'PP01BB120000466OKME6916002R60821200';
const BILL_DETAILS = '<BillDetails><Biller id="MUNI00000KAR01"/><CustomerParams><Tag name="Property ID" value="1234567890"/></CustomerParams></BillDetails>';

const bill: Bill = {
  billId: 'b-1',
  billNumber: 'PT/2025-26/000123',
  consumerCode: 'PB-PT-2024-01-01-000123',
  businessService: 'PT',
  tenantId: 'pb.amritsar',
  amountPaise: 1250000,
  fractional: false,
  customerName: 'A K SHARMA',
  billDate: '2026-03-01',
  dueDate: '2026-04-30',
  billPeriod: 'Yearly',
  expiresAt: 0,
};
const receipt: Receipt = { billId: 'b-1', billNumber: 'PT/2025-26/000123', businessService: 'PT', receiptNumber: 'MUNRCPT2026000987', amountPaise: 1187500 };

describe('buildAck (§10.2)', () => {
  it('writes a successful Ack', () => {
    const xml = buildAck({ api: 'FETCH_REQUEST', refId: REF, msgId: 'PP01BB120000466NHAA6916885M60821200', ok: true, ts: at('2026-03-23T12:00:01+05:30') });
    expect(xml).toBe(
      `${DECL}<ns2:Ack xmlns:ns2="http://bbps.org/schema" api="FETCH_REQUEST" refId="${REF}" msgId="PP01BB120000466NHAA6916885M60821200" RspCd="Successful" ts="2026-03-23T12:00:01+05:30"/>`,
    );
    expect(toAck(parseBbps(xml, { expect: 'Ack' }))).toEqual({
      api: 'FETCH_REQUEST', refId: REF, msgId: 'PP01BB120000466NHAA6916885M60821200', rspCd: 'Successful', ok: true, ts: '2026-03-23T12:00:01+05:30', errors: [],
    });
  });

  it('writes a Failure Ack with error messages, no msgId when unknown', () => {
    const xml = buildAck({ api: 'PAYMENT_REQUEST', refId: REF, ok: false, errors: [{ code: 'G27', detail: 'SIGNATURE-MISMATCH' }, { code: 'REQUEST_INVALID', detail: 'a < b & "c"' }], ts: at('2026-03-23T12:00:01+05:30') });
    expect(xml).toBe(
      `${DECL}<ns2:Ack xmlns:ns2="http://bbps.org/schema" api="PAYMENT_REQUEST" refId="${REF}" RspCd="Failure" ts="2026-03-23T12:00:01+05:30">` +
        '<errorMessages><errorCd>G27</errorCd><errorDtl>SIGNATURE-MISMATCH</errorDtl></errorMessages>' +
        '<errorMessages><errorCd>REQUEST_INVALID</errorCd><errorDtl>a &lt; b &amp; &quot;c&quot;</errorDtl></errorMessages></ns2:Ack>',
    );
    const back = toAck(parseBbps(xml));
    expect(back.ok).toBe(false);
    expect(back.msgId).toBeUndefined();
    expect(back.errors).toEqual([{ code: 'G27', detail: 'SIGNATURE-MISMATCH' }, { code: 'REQUEST_INVALID', detail: 'a < b & "c"' }]);
  });

  it('reads the older rspCd spelling, but not both at once', () => {
    const ack = (attrs: string) => `<bbps:Ack xmlns:bbps="http://bbps.org/schema" api="FETCH_RESPONSE" refId="R" ${attrs} ts="t"/>`;
    expect(toAck(parseBbps(ack('rspCd="Successful"'))).ok).toBe(true);
    expectAppError(() => toAck(parseBbps(ack('rspCd="Successful" RspCd="Failure"'))), 'REQUEST_INVALID');
  });
});

describe('buildFetchResponse', () => {
  const now = at('2026-03-23T12:00:02+05:30');
  const head = `<Head ver="1.0" ts="2026-03-23T12:00:02+05:30" origInst="XX01" refId="${REF}"/>`;
  const txn = '<Txn ts="2026-03-23T12:00:00+05:30" msgId="PP01BB120000466NHAA6916885M60821200"/>';

  it('answers §10.1 with §10.3 (success; approvalRefNum = the first bill number)', () => {
    const xml = buildFetchResponse(fetchEcho, { ok: true, bills: [bill] }, { ouId: OU, now });
    expect(xml).toBe(
      `${DECL}<ns2:BillFetchResponse xmlns:ns2="http://bbps.org/schema">${head}` +
        '<Reason approvalRefNum="PT/2025-26/000123" responseCode="000" responseReason="Successful" complianceRespCd="" complianceReason=""/>' +
        txn + BILL_DETAILS +
        '<BillerResponse customerName="A K SHARMA" amount="1250000" dueDate="2026-04-30" billDate="2026-03-01" billNumber="PT/2025-26/000123" billPeriod="Yearly"/>' +
        '</ns2:BillFetchResponse>',
    );
  });

  it('answers §10.1 with §10.4 (failure with the placeholder BillerResponse)', () => {
    const xml = buildFetchResponse(fetchEcho, { ok: false, code: 'BFR004', reason: 'no dues' }, { ouId: OU, now });
    expect(xml).toBe(
      `${DECL}<ns2:BillFetchResponse xmlns:ns2="http://bbps.org/schema">${head}` +
        '<Reason approvalRefNum="" responseCode="200" responseReason="Failure" complianceRespCd="BFR004" complianceReason="Payment received for the billing period - no bill due"/>' +
        txn + BILL_DETAILS +
        '<BillerResponse amount="0" customerName="NA" billNumber="NA" billPeriod="NA" billDate="0001-01-01" dueDate="0001-01-01"/>' +
        '</ns2:BillFetchResponse>',
    );
  });

  it('writes one BillerResponse per bill and round-trips through the parser', () => {
    const second: Bill = { ...bill, billId: 'b-2', billNumber: 'WS/7', amountPaise: 50000, customerName: 'R & S "Sons" <Ltd>', billPeriod: 'Monthly' };
    const xml = buildFetchResponse(fetchEcho, { ok: true, bills: [bill, second] }, { ouId: OU, now });
    expect(xml).toContain('customerName="R &amp; S &quot;Sons&quot; &lt;Ltd&gt;"');
    const back = toResponseMessage(parseBbps(xml, { expect: 'BillFetchResponse' }));
    expect(back.head).toEqual({ ver: '1.0', ts: '2026-03-23T12:00:02+05:30', origInst: OU, refId: REF });
    expect(back.txn).toEqual({ ts: '2026-03-23T12:00:00+05:30', msgId: 'PP01BB120000466NHAA6916885M60821200' });
    expect(back.billDetails).toEqual(fetchEcho.billDetails);
    expect(back.billerResponses.map((b) => [b.billNumber, b.amount, b.customerName])).toEqual([
      ['PT/2025-26/000123', '1250000', 'A K SHARMA'],
      ['WS/7', '50000', 'R & S "Sons" <Ltd>'],
    ]);
  });

  it('uses the core reason for a code outside the tables, and echoes parameters exactly', () => {
    const echo = toFetchRequest(parseBbps(protocolFixture('10.1-BillFetchRequest.xml'))).echo;
    echo.billDetails.params = [{ name: "O'Brien & Co", value: ' a ' }, { name: 'Empty', value: '' }];
    const xml = buildFetchResponse(echo, { ok: false, code: 'BFR099', reason: 'custom' }, { ouId: OU, now });
    expect(xml).toContain('complianceRespCd="BFR099" complianceReason="custom"');
    expect(xml).toContain('<Tag name="O&apos;Brien &amp; Co" value=" a "/><Tag name="Empty" value=""/>');
    expect(toResponseMessage(parseBbps(xml)).billDetails?.params).toEqual(echo.billDetails.params);
  });

  it('writes U+2028/U+2029 from DIGIT as references: the answer can be signed and reads back the same', () => {
    const named: Bill = { ...bill, customerName: 'A\u2028B\u2029C' };
    const xml = buildFetchResponse(fetchEcho, { ok: true, bills: [named] }, { ouId: OU, now });
    expect(xml).not.toMatch(/[\u2028\u2029]/);
    expect(xml).toContain('customerName="A&#x2028;B&#x2029;C"');
    expect(toResponseMessage(parseBbps(xml)).billerResponses[0]?.customerName).toBe('A\u2028B\u2029C');
  });

  it('refuses a success without bills and values holding control characters', () => {
    expectAppError(() => buildFetchResponse(fetchEcho, { ok: true, bills: [] }, { ouId: OU, now }), 'INTERNAL');
    expectAppError(() => buildFetchResponse(fetchEcho, { ok: true, bills: [{ ...bill, customerName: 'A\tB' }] }, { ouId: OU, now }), 'INTERNAL', /customerName/);
    expectAppError(() => buildFetchResponse(fetchEcho, { ok: true, bills: [{ ...bill, customerName: 'A\u0000B' }] }, { ouId: OU, now }), 'INTERNAL');
    expectAppError(() => buildFetchResponse(fetchEcho, { ok: true, bills: [{ ...bill, customerName: 'A\uD800B' }] }, { ouId: OU, now }), 'INTERNAL');
  });
});

describe('buildPaymentResponse', () => {
  const now = at('2026-03-23T12:03:12+05:30');
  const head = `<Head ver="1.0" ts="2026-03-23T12:03:12+05:30" origInst="XX01" refId="${REF}"/>`;
  const txn = (type: string) =>
    `<Txn ts="2026-03-23T12:03:10+05:30" type="${type}" msgId="PP01BB120000466QWE6916885M60821203" txnReferenceId="PP016082BAKAAAHT0IRC"/>`;
  const echoedBill =
    '<BillerResponse customerName="A K SHARMA" amount="1250000" dueDate="2026-04-30" billDate="2026-03-01" billNumber="PT/2025-26/000123" billPeriod="Yearly" custConvFee="0"/>';

  it('answers §10.5 with §10.6 (success echoes the request BillerResponse, approvalRefNum = receipt)', () => {
    const xml = buildPaymentResponse(payment.echo, { status: 'SUCCESS', receipts: [receipt] }, { ouId: OU, now, reversal: false });
    expect(xml).toBe(
      `${DECL}<ns2:BillPaymentResponse xmlns:ns2="http://bbps.org/schema">${head}` +
        '<Reason approvalRefNum="MUNRCPT2026000987" responseCode="000" responseReason="Successful" complianceRespCd="" complianceReason=""/>' +
        txn('FORWARD TYPE RESPONSE') + BILL_DETAILS + echoedBill + '</ns2:BillPaymentResponse>',
    );
  });

  it('writes the failure variant with the BPR code and its standard text', () => {
    const xml = buildPaymentResponse(payment.echo, { status: 'FAILED', code: 'BPR011', reason: 'DIGIT said something' }, { ouId: OU, now, reversal: false });
    expect(xml).toBe(
      `${DECL}<ns2:BillPaymentResponse xmlns:ns2="http://bbps.org/schema">${head}` +
        '<Reason approvalRefNum="" responseCode="200" responseReason="Failure" complianceRespCd="BPR011" complianceReason="Payment amount different from current outstanding"/>' +
        txn('FORWARD TYPE RESPONSE') + BILL_DETAILS + echoedBill + '</ns2:BillPaymentResponse>',
    );
    expect(xml).not.toContain('DIGIT said');
  });

  it('answers a reversal with REVERSAL TYPE RESPONSE', () => {
    const xml = buildPaymentResponse(payment.echo, { status: 'SUCCESS', receipts: [receipt] }, { ouId: OU, now, reversal: true });
    expect(xml).toContain(txn('REVERSAL TYPE RESPONSE'));
  });

  it('writes the placeholder for a failed quick pay (no BillerResponse in the request)', () => {
    const echo = { ...payment.echo, billerResponses: [] };
    const xml = buildPaymentResponse(echo, { status: 'FAILED', code: 'BPR001', reason: 'x' }, { ouId: OU, now, reversal: false });
    expect(xml).toContain('<BillerResponse amount="0" customerName="NA" billNumber="NA" billPeriod="NA" billDate="0001-01-01" dueDate="0001-01-01"/></ns2:BillPaymentResponse>');
  });

  it('joins several receipts with "," and matches BillerResponses by bill number, else uses the receipt', () => {
    const echo = {
      ...payment.echo,
      billerResponses: [
        { amount: '50000', billNumber: 'WS/7', customerName: 'X' },
        { amount: '70000', billNumber: 'SW/9', custConvFee: '100' },
      ],
    };
    const receipts: Receipt[] = [
      { billId: 'b1', billNumber: 'SW/9', businessService: 'SW', receiptNumber: 'R-1', amountPaise: 70000 },
      { billId: 'b2', billNumber: 'PT/1', businessService: 'PT', receiptNumber: 'R-2', amountPaise: 30000 },
      { billId: 'b3', billNumber: 'WS/7', businessService: 'WS', receiptNumber: 'R-3', amountPaise: 50000 },
    ];
    const xml = buildPaymentResponse(echo, { status: 'SUCCESS', receipts }, { ouId: OU, now, reversal: false });
    expect(xml).toContain('approvalRefNum="R-1,R-2,R-3"');
    expect(xml).toContain(
      '<BillerResponse amount="70000" billNumber="SW/9" custConvFee="100"/><BillerResponse amount="30000" billNumber="PT/1" custConvFee="0"/>' +
        '<BillerResponse customerName="X" amount="50000" billNumber="WS/7" custConvFee="0"/></ns2:BillPaymentResponse>',
    );
    const back = toResponseMessage(parseBbps(xml, { expect: 'BillPaymentResponse' }));
    expect(back.reason.approvalRefNum).toBe('R-1,R-2,R-3');
    expect(back.txn).toEqual({ ts: '2026-03-23T12:03:10+05:30', type: 'FORWARD TYPE RESPONSE', msgId: 'PP01BB120000466QWE6916885M60821203', txnReferenceId: 'PP016082BAKAAAHT0IRC' });
    expect(back.billerResponses.map((b) => b.billNumber)).toEqual(['SW/9', 'PT/1', 'WS/7']);
  });

  it('echoes a single BillerResponse even when its bill number is masked', () => {
    const echo = { ...payment.echo, billerResponses: [{ amount: '38000', billNumber: 'XXXXXXXXXX', customerName: 'XXXXXXXXXX' }] };
    const xml = buildPaymentResponse(echo, { status: 'SUCCESS', receipts: [receipt] }, { ouId: OU, now, reversal: false });
    expect(xml).toContain('<BillerResponse customerName="XXXXXXXXXX" amount="38000" billNumber="XXXXXXXXXX" custConvFee="0"/>');
  });

  it('has no answer for a pending payment', () => {
    expectAppError(() => buildPaymentResponse(payment.echo, { status: 'PENDING' }, { ouId: OU, now, reversal: false }), 'INTERNAL');
  });

  it('is deterministic', () => {
    const a = buildPaymentResponse(payment.echo, { status: 'SUCCESS', receipts: [receipt] }, { ouId: OU, now, reversal: false });
    const b = buildPaymentResponse(payment.echo, { status: 'SUCCESS', receipts: [receipt] }, { ouId: OU, now, reversal: false });
    expect(a).toBe(b);
    expect(a).not.toMatch(/\n|> </);
  });
});
