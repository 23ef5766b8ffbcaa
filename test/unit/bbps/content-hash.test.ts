// design §3.8: the payment content hash sees business content only.
import { parseBbps, toPaymentRequest } from '../../../src/bbps';
import { paymentContentHash } from '../../../src/core/content-hash';
import type { PaymentRequest } from '../../../src/core/types';
import { DEFAULT_PARTS, fixture, paymentXml } from './support';

const hashOf = (xml: string | Buffer) => paymentContentHash(toPaymentRequest(parseBbps(xml)).request);
const base = paymentXml();
const baseHash = hashOf(base);
const request = toPaymentRequest(parseBbps(base)).request;

describe('paymentContentHash', () => {
  it('is SHA-256 hex and stable', () => {
    expect(baseHash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf(base)).toBe(baseHash);
  });

  it('ignores msgId, timestamps, refId, Analytics, RiskScores, Signature, masked fields and document whitespace', () => {
    const retry = paymentXml({
      head: DEFAULT_PARTS.head.replace('2026-03-23T12:03:10', '2026-03-23T12:05:00').replace('PP01BB120000466OKME', 'ZZ01BB120000466OKME'),
      txn: '<Txn ts="2026-03-23T12:05:00+05:30" type="FORWARD TYPE REQUEST" msgId="OTHERMSGID" txnReferenceId="PP016082BAKAAAHT0IRC" paymentRefId="other"/>',
      customer: '<Customer mobile="98XXXXX111"/>',
      agent: '<Agent id="OTHERAGENT"><Device><Tag name="INITIATING_CHANNEL" value="INT"/></Device></Agent>',
      billerResponses: DEFAULT_PARTS.billerResponses.replace('A K SHARMA', 'A XXXXXX'),
      extra: '<Analytics><Tag name="PAYREQUESTSTART" value="x"/></Analytics><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignatureValue>abc</SignatureValue></Signature>',
    });
    expect(hashOf(retry)).toBe(baseHash);
    const pretty = base.replace(/></g, '>\n    <');
    expect(hashOf(pretty)).toBe(baseHash);
  });

  it('does not depend on parameter or bill order', () => {
    const reordered: PaymentRequest = { ...request, params: [...request.params].reverse() };
    expect(paymentContentHash(reordered)).toBe(baseHash);
    const two = { ...request, billsNamed: [{ billNumber: 'A' }, { billNumber: 'B', amountPaise: 1 }] };
    expect(paymentContentHash({ ...two, billsNamed: [...two.billsNamed].reverse() })).toBe(paymentContentHash(two));
  });

  it.each([
    ['the amount', { amountPaise: 1250100 }],
    ['the convenience fee', { custConvFeePaise: 100 }],
    ['the txnReferenceId', { txnReferenceId: 'PP016082BAKAAAHT0IRD' }],
    ['the biller', { billerId: 'AMRW00000PUN01' }],
    ['a parameter value', { params: [{ name: 'City', value: 'Jalandhar' }, { name: 'Property ID', value: 'PB-PT-2024-01-01-000123' }] }],
    ['a parameter name', { params: [{ name: 'city', value: 'Amritsar' }, { name: 'Property ID', value: 'PB-PT-2024-01-01-000123' }] }],
    ['a parameter value with a space', { params: [{ name: 'City', value: 'Amritsar ' }, { name: 'Property ID', value: 'PB-PT-2024-01-01-000123' }] }],
    ['the payment mode', { paymentMode: 'Cash' }],
    ['the bills named', { billsNamed: [{ billNumber: 'PT/2025-26/000124' }] }],
    ['the reversal flag', { reversal: true }],
  ] as Array<[string, Partial<PaymentRequest>]>)('changes with %s', (_name, change) => {
    expect(paymentContentHash({ ...request, ...change })).not.toBe(baseHash);
  });

  it('cannot be fooled by "=" inside parameter names or values', () => {
    const a = { ...request, params: [{ name: 'a=b', value: 'c' }] };
    const b = { ...request, params: [{ name: 'a', value: 'b=c' }] };
    expect(paymentContentHash(a)).not.toBe(paymentContentHash(b));
  });

  it('hashes the public payment sample', () => {
    expect(hashOf(fixture('bbps-biller-integrator__BillPaymentRequest__1.xml'))).toMatch(/^[0-9a-f]{64}$/);
  });
});
