// Every public sample (test/fixtures/bbps, copied from shared/reference/samples) is read as design §3.3
// demands; the synthetic decimal-rupee payment is refused.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseBbps,
  toDiagnostic,
  toFetchRequest,
  toPaymentRequest,
  toResponseMessage,
} from '../../../src/bbps';
import { expectAppError, fixture } from './support';

const SAMPLE_FILES = readdirSync(join(__dirname, '..', '..', 'fixtures', 'bbps')).filter((f) => f.endsWith('.xml'));

describe('public samples', () => {
  it('has every sample of shared/reference/samples as a local fixture', () => {
    expect(SAMPLE_FILES).toHaveLength(11);
  });

  // the shared reference sits beside the clone (locally and in CI); the fixtures must stay its exact copy
  const shared = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'samples');
  (existsSync(shared) ? it : it.skip)('keeps the fixtures byte-identical to shared/reference/samples', () => {
    const sharedXml = readdirSync(shared).filter((f) => f.endsWith('.xml')).sort();
    expect(sharedXml).toEqual([...SAMPLE_FILES].sort());
    for (const f of sharedXml) expect(fixture(f).equals(readFileSync(join(shared, f)))).toBe(true);
  });

  it.each(SAMPLE_FILES.filter((f) => f !== 'bbps-biller-integrator__BillPaymentRequest__2.xml'))('reads %s', (file) => {
    const doc = parseBbps(fixture(file));
    expect(file).toContain(`__${doc.api}__`);
    if (doc.api === 'BillFetchRequest') expect(toFetchRequest(doc).request.billerId).not.toBe('');
    else if (doc.api === 'BillPaymentRequest') expect(toPaymentRequest(doc).request.txnReferenceId).not.toBe('');
    else if (doc.api === 'ReqDiagnostic') expect(toDiagnostic(doc).head.refId).not.toBe('');
    else expect(toResponseMessage(doc).reason.responseCode).toBe('000');
  });

  it('reads the realistic fetch request (ns2: root, masked mobile, channel tag last)', () => {
    const { request, echo } = toFetchRequest(parseBbps(fixture('bbps-biller-integrator__BillFetchRequest__1.xml'), { expect: 'BillFetchRequest' }));
    expect(request).toEqual({
      refId: 'PP01BB120000466OKME6916002R60821200',
      msgId: 'PP01BB120000466NHAA6916885M60821200',
      origInst: 'BBCU',
      agentId: 'PP01XXXXMOBA00000001',
      channel: 'MOB',
      customerMobile: '99XXXXX999',
      billerId: 'MPCZ00000MAP01',
      params: [{ name: 'IVRS', value: 'N2436005536' }],
    });
    expect(echo.txn).toEqual({ ts: '2026-03-23T12:00:00+05:30', msgId: 'PP01BB120000466NHAA6916885M60821200' });
    expect(echo.head).toEqual({ ver: '1.0', ts: '2026-03-23T12:00:00+05:30', origInst: 'BBCU', refId: 'PP01BB120000466OKME6916002R60821200' });
  });

  it('reads the realistic payment request (indented, no PaymentInformation / BillerCategory)', () => {
    const { request, echo } = toPaymentRequest(parseBbps(fixture('bbps-biller-integrator__BillPaymentRequest__1.xml')));
    expect(request).toEqual({
      refId: 'HGVRV22K10DDY0BTJ727444XF2160772162',
      msgId: 'HGPQE232B8RNZ5YYU741729T1JU60772159',
      origInst: 'BBCU',
      agentId: 'BD01XXXXMOB000000001',
      channel: 'MOB',
      customerMobile: '94XXXXX754',
      billerId: 'MAHA00000MAH01',
      params: [{ name: 'Consumer No', value: '054260001585' }],
      txnReferenceId: 'BD016077BAKAAAHT0IRC',
      paymentRefId: '2n22ZrB5yh3PvRQSormr',
      customerName: 'XXXXXXXXXX',
      amountPaise: 38000,
      custConvFeePaise: 0,
      paymentMode: 'Credit Card',
      quickPay: false,
      billsNamed: [{ billNumber: 'XXXXXXXXXX', amountPaise: 38000 }],
      reversal: false,
    });
    expect(echo.billerResponses).toEqual([
      { customerName: 'XXXXXXXXXX', amount: '38000', dueDate: '2026-04-04', billDate: '2026-03-15', billNumber: 'XXXXXXXXXX', billPeriod: '.93' },
    ]);
    expect(echo.txn.type).toBe('FORWARD TYPE REQUEST');
  });

  it('reads the default-namespace fetch request', () => {
    const { request } = toFetchRequest(parseBbps(fixture('bbps-biller-integrator__BillFetchRequest__2.xml')));
    expect(request.refId).toBe('REF-FETCH-DIRECT-001');
    expect(request.channel).toBeUndefined();
    expect(request.params).toEqual([{ name: 'ACCOUNTNUMBER', value: 'ACC123' }]);
  });

  it('reads the signed bbps:-prefixed spec sample: empty parameter values kept in order, Signature ignored', () => {
    for (const file of ['vu3mmg-goxmldsig__BillFetchRequest__1.xml', 'kartiksirigeri-goxmldsig__BillFetchRequest__1.xml']) {
      const { request } = toFetchRequest(parseBbps(fixture(file)));
      expect(request.billerId).toBe('VODA00000MUM03');
      expect(request.params).toEqual([
        { name: 'RefFld1', value: '' },
        { name: 'RefFld2', value: '' },
        { name: 'RefFld3', value: '' },
      ]);
      expect(request.channel).toBe('INT/INTB/MOB/MOBB/KIOSK/ATM/BNKBRNCH/AGT/BSC');
    }
  });

  it('reads the mixed-case refId of the ReqDiagnostic sample as is', () => {
    const d = toDiagnostic(parseBbps(fixture('vu3mmg-goxmldsig__ReqDiagnostic__1.xml'), { expect: 'ReqDiagnostic' }));
    expect(d).toEqual({
      kind: 'ReqDiagnostic',
      head: { refId: 'n8tsUgAINn71teBaQVYPwWa6Ujw20341832', origInst: 'FE41', ts: '2022-02-03T18:32:30+05:30', ver: '1.0' },
      errors: [],
    });
  });

  it('refuses the decimal-rupee payment sample (amount "100.00") naming Amt/@amount', () => {
    const doc = parseBbps(fixture('bbps-biller-integrator__BillPaymentRequest__2.xml'));
    expectAppError(() => toPaymentRequest(doc), 'REQUEST_INVALID', /Amt\/@amount/);
  });

  it('reads the synthetic responses for the CU simulator (decimal amount left as text)', () => {
    const r = toResponseMessage(parseBbps(fixture('bbps-biller-integrator__BillFetchResponse__1.xml')));
    expect(r.reason).toEqual({ approvalRefNum: 'AB123456', responseCode: '000', responseReason: 'Successful', complianceRespCd: '', complianceReason: '' });
    expect(r.billerResponses).toEqual([{ amount: '100.00', dueDate: '2026-03-31', billDate: '2026-03-01' }]);
    const p = toResponseMessage(parseBbps(fixture('bbps-biller-integrator__BillPaymentResponse__1.xml')));
    expect(p.reason.approvalRefNum).toBe('BP123456');
    expect(p.txn?.txnReferenceId).toBe('TXN-CB-PAY-001');
  });
});
