// Validation, transaction status ("402") and diagnostic messages: parsed shapes and builders.
import {
  buildReqDiagnostic,
  buildResDiagnostic,
  buildTxnStatusResponse,
  buildValidationResponse,
  parseBbps,
  toDiagnostic,
  toPaymentRequest,
  toResponseMessage,
  toTxnStatusRequest,
  toValidationRequest,
} from '../../../src/bbps';
import { expectAppError, paymentXml } from './support';

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const NOW = Date.parse('2026-03-23T12:10:00+05:30');
const O = { ouId: 'XX01', now: NOW };
const HEAD = (refId: string) => `<Head ver="1.0" ts="2026-03-23T12:10:00+05:30" origInst="XX01" refId="${refId}"/>`;

const VALIDATION =
  '<ns2:BillValidationRequest xmlns:ns2="http://bbps.org/schema"><Head ver="1.0" ts="t" origInst="BBCU" refId="VAL1"/>' +
  '<Agent id="AG1"><Device><Tag name="INITIATING_CHANNEL" value="INT"/><Tag name="IP" value="::1"/></Device></Agent>' +
  '<BillDetails><Biller id="PBMC00000PUN01"/><CustomerParams><Tag name="City" value="Amritsar"/></CustomerParams></BillDetails>' +
  '<Amount amount="500000"/></ns2:BillValidationRequest>';

const STATUS =
  '<ns2:TxnStatusRequest xmlns:ns2="http://bbps.org/schema"><Head ver="1.0" ts="t" origInst="BBCU" refId="STAT1"/>' +
  '<Txn ts="2026-03-23T12:09:59+05:30" xchangeId="402"/><TxnStatusReq msgId="PP01BB120000466QWE6916885M60821203" txnReferenceId="PP016082BAKAAAHT0IRC"/></ns2:TxnStatusRequest>';

describe('BillValidationRequest / Response', () => {
  it('reads the request', () => {
    const { request, echo } = toValidationRequest(parseBbps(VALIDATION, { expect: 'BillValidationRequest' }));
    expect(request).toEqual({ refId: 'VAL1', origInst: 'BBCU', agentId: 'AG1', channel: 'INT', billerId: 'PBMC00000PUN01', params: [{ name: 'City', value: 'Amritsar' }], amountPaise: 500000 });
    expect(echo.head.refId).toBe('VAL1');
    const noAmount = toValidationRequest(parseBbps(VALIDATION.replace('<Amount amount="500000"/>', ''))).request;
    expect(noAmount.amountPaise).toBeUndefined();
    expectAppError(() => toValidationRequest(parseBbps(VALIDATION.replace('500000', '5000.00'))), 'REQUEST_INVALID', /Amount\/@amount/);
    expectAppError(() => toValidationRequest(parseBbps(VALIDATION.replace('<Biller id="PBMC00000PUN01"/>', ''))), 'BILLER_REQUIRED');
  });

  it('writes success and failure', () => {
    const { echo } = toValidationRequest(parseBbps(VALIDATION));
    const ok = buildValidationResponse(echo, { ok: true, approvalRefNum: 'PB-PT-1', additionalInfo: [{ name: 'Owner Name', value: 'A K SHARMA' }] }, O);
    expect(ok).toBe(
      `${DECL}<ns2:BillValidationResponse xmlns:ns2="http://bbps.org/schema">${HEAD('VAL1')}` +
        '<Reason approvalRefNum="PB-PT-1" responseCode="000" responseReason="Successful" complianceRespCd="" complianceReason=""/>' +
        '<AdditionalInfo><Tag name="Owner Name" value="A K SHARMA"/></AdditionalInfo></ns2:BillValidationResponse>',
    );
    expect(toResponseMessage(parseBbps(ok)).additionalInfo).toEqual([{ name: 'Owner Name', value: 'A K SHARMA' }]);
    const failed = buildValidationResponse(echo, { ok: false, code: 'BVR001' }, O);
    expect(failed).toContain('<Reason approvalRefNum="" responseCode="200" responseReason="Failure" complianceRespCd="BVR001" complianceReason="Invalid customer account"/></ns2:BillValidationResponse>');
  });
});

describe('TxnStatusRequest / Response', () => {
  const paid = toPaymentRequest(parseBbps(paymentXml())).request;

  it('reads the request', () => {
    const { query, echo } = toTxnStatusRequest(parseBbps(STATUS, { expect: 'TxnStatusRequest' }));
    expect(query).toEqual({ refId: 'STAT1', origInst: 'BBCU', txnReferenceId: 'PP016082BAKAAAHT0IRC', msgId: 'PP01BB120000466QWE6916885M60821203' });
    expect(echo.txn).toEqual({ ts: '2026-03-23T12:09:59+05:30', xchangeId: '402' });
    expectAppError(() => toTxnStatusRequest(parseBbps(STATUS.replace(' txnReferenceId="PP016082BAKAAAHT0IRC"', ''))), 'REQUEST_INVALID', /TxnStatusReq\/@txnReferenceId/);
    expectAppError(() => toTxnStatusRequest(parseBbps(STATUS.replace(/<Head[^>]*>/, ''))), 'HEAD_REQUIRED');
  });

  it('restates a successful payment with the same approvalRefNum', () => {
    const { echo } = toTxnStatusRequest(parseBbps(STATUS));
    const outcome = { status: 'SUCCESS' as const, receipts: [{ billId: 'b', billNumber: 'PT/2025-26/000123', businessService: 'PT', receiptNumber: 'RCPT-1', amountPaise: 1250000 }] };
    const xml = buildTxnStatusResponse(echo, { request: paid, outcome }, O);
    expect(xml).toBe(
      `${DECL}<ns2:TxnStatusResponse xmlns:ns2="http://bbps.org/schema">${HEAD('STAT1')}` +
        '<Reason approvalRefNum="RCPT-1" responseCode="000" responseReason="Successful" complianceRespCd="" complianceReason=""/>' +
        '<Txn ts="2026-03-23T12:09:59+05:30" xchangeId="402" type="FORWARD TYPE RESPONSE" msgId="PP01BB120000466QWE6916885M60821203" txnReferenceId="PP016082BAKAAAHT0IRC"/>' +
        '<BillDetails><Biller id="PBMC00000PUN01"/><CustomerParams><Tag name="City" value="Amritsar"/><Tag name="Property ID" value="PB-PT-2024-01-01-000123"/></CustomerParams></BillDetails>' +
        '<BillerResponse customerName="A K SHARMA" amount="1250000" billNumber="PT/2025-26/000123" custConvFee="0"/></ns2:TxnStatusResponse>',
    );
    expect(toResponseMessage(parseBbps(xml)).reason.approvalRefNum).toBe('RCPT-1');
  });

  it('restates a failure and has no answer while pending', () => {
    const { echo } = toTxnStatusRequest(parseBbps(STATUS));
    const xml = buildTxnStatusResponse(echo, { request: { ...paid, reversal: true }, outcome: { status: 'FAILED', code: 'BPR008', reason: 'x' } }, O);
    expect(xml).toContain('complianceRespCd="BPR008"');
    expect(xml).toContain('type="REVERSAL TYPE RESPONSE"');
    expect(xml).toContain('<BillerResponse amount="0" customerName="NA"');
    expectAppError(() => buildTxnStatusResponse(echo, { request: paid, outcome: { status: 'PENDING' } }, O), 'INTERNAL');
  });
});

describe('diagnostics', () => {
  it('writes our heartbeat (§10.10) and reads it back', () => {
    const xml = buildReqDiagnostic('N8TSUGAINN71TEBAQVYPWWA6UJW20341832', { ouId: 'XX01', now: Date.parse('2022-02-03T18:32:30+05:30') });
    expect(xml).toBe(
      `${DECL}<ns2:ReqDiagnostic xmlns:ns2="http://bbps.org/schema"><Head ver="1.0" ts="2022-02-03T18:32:30+05:30" origInst="XX01" refId="N8TSUGAINN71TEBAQVYPWWA6UJW20341832"/></ns2:ReqDiagnostic>`,
    );
    expect(toDiagnostic(parseBbps(xml)).head.origInst).toBe('XX01');
  });

  it('reads the CU answer with its errors', () => {
    const xml = buildResDiagnostic('HB1', { ouId: 'BBCU', now: NOW, responseReason: 'Failure', errors: [{ code: 'E1', detail: 'down' }] });
    expect(xml).toBe(
      `${DECL}<ns2:ResDiagnostic xmlns:ns2="http://bbps.org/schema" responseReason="Failure"><Head ver="1.0" ts="2026-03-23T12:10:00+05:30" origInst="BBCU" refId="HB1"/>` +
        '<errorMessages><errorCd>E1</errorCd><errorDtl>down</errorDtl></errorMessages></ns2:ResDiagnostic>',
    );
    expect(toDiagnostic(parseBbps(xml, { expect: 'ResDiagnostic' }))).toEqual({
      kind: 'ResDiagnostic',
      head: { ver: '1.0', ts: '2026-03-23T12:10:00+05:30', origInst: 'BBCU', refId: 'HB1' },
      responseReason: 'Failure',
      errors: [{ code: 'E1', detail: 'down' }],
    });
  });
});
