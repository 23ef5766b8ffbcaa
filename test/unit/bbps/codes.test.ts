// Compliance code texts and the AppError → Ack error mapping.
import { ackApiFor, ackErrorFor, BFR, BPR, BVR, complianceText, responseRootFor } from '../../../src/bbps';
import { AppError, type ErrorCode } from '../../../src/core/errors';

describe('compliance codes', () => {
  it('has the standard tables of protocol §5.2, in ASCII', () => {
    expect(Object.keys(BFR)).toEqual(['BFR001', 'BFR002', 'BFR003', 'BFR004', 'BFR005', 'BFR006', 'BFR007', 'BFR008', 'BFR009', 'BFR010', 'BFR011']);
    expect(Object.keys(BPR)).toHaveLength(12);
    expect(Object.keys(BVR)).toHaveLength(9);
    for (const text of [...Object.values(BFR), ...Object.values(BPR), ...Object.values(BVR)]) expect(text).toMatch(/^[\x20-\x7e]+$/);
  });

  it('finds a code in any table, and nothing for unknown or inherited names', () => {
    expect(complianceText('BFR008')).toBe('Unable to get bill details from biller');
    expect(complianceText('BPR007')).toBe('Repeat payment request');
    expect(complianceText('BVR005')).toBe('Invalid amount');
    expect(complianceText('BFR999')).toBeUndefined();
    expect(complianceText('toString')).toBeUndefined();
    expect(complianceText('__proto__')).toBeUndefined();
  });
});

describe('ackErrorFor', () => {
  it('maps a bad signature to G27 SIGNATURE-MISMATCH', () => {
    expect(ackErrorFor(new AppError('SIGNATURE_MISMATCH', 'digest mismatch in Reference'))).toEqual({ code: 'G27', detail: 'SIGNATURE-MISMATCH' });
  });

  it.each(['REQUEST_INVALID', 'HEAD_REQUIRED', 'TXN_REQUIRED', 'BILLER_REQUIRED', 'INVALID_BILLER', 'DOCTYPE_NOT_ALLOWED', 'PAYLOAD_TOO_LARGE', 'DUPLICATE_REFID', 'UNSUPPORTED_MEDIA_TYPE'] as ErrorCode[])(
    'keeps %s with its message',
    (code) => {
      expect(ackErrorFor(new AppError(code, 'Head/@refId is required'))).toEqual({ code, detail: 'Head/@refId is required' });
    },
  );

  it('never passes on infrastructure or DIGIT wording', () => {
    const secret = 'DIGIT: InvalidTenantIdException at egov-collection';
    expect(ackErrorFor(new AppError('LEDGER_UNAVAILABLE', secret))).toEqual({ code: 'SERVICE_UNAVAILABLE', detail: expect.not.stringContaining('DIGIT') });
    expect(ackErrorFor(new AppError('DIGIT_UNAVAILABLE', secret)).code).toBe('SERVICE_UNAVAILABLE');
    expect(ackErrorFor(new AppError('DIGIT_REJECTED', secret))).toEqual({ code: 'INTERNAL_ERROR', detail: expect.not.stringContaining('DIGIT') });
    expect(ackErrorFor(new AppError('INTERNAL', secret)).detail).not.toContain('egov');
  });

  it('bounds the detail length', () => {
    expect(ackErrorFor(new AppError('REQUEST_INVALID', 'x'.repeat(1000))).detail).toHaveLength(200);
  });
});

describe('api names', () => {
  it('maps roots to Ack api names and requests to their responses', () => {
    expect(ackApiFor('BillFetchRequest')).toBe('FETCH_REQUEST');
    expect(ackApiFor('BillPaymentRequest')).toBe('PAYMENT_REQUEST');
    expect(ackApiFor('BillValidationRequest')).toBe('VALIDATION_REQUEST');
    expect(ackApiFor('TxnStatusRequest')).toBe('TXN_STATUS_REQUEST');
    expect(ackApiFor('ResDiagnostic')).toBe('DIAGNOSTIC_RESPONSE');
    expect(ackApiFor('BillFetchResponse')).toBe('FETCH_RESPONSE');
    expect(ackApiFor('BillPaymentResponse')).toBe('PAYMENT_RESPONSE');
    expect(responseRootFor('TxnStatusRequest')).toBe('TxnStatusResponse');
  });
});
