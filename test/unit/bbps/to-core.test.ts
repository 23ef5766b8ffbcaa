// Structure errors (HTTP 400 + Failure Ack, design §3.8) and the mapping to the core's types.
import { parseBbps, toFetchRequest, toPaymentRequest } from '../../../src/bbps';
import { DEFAULT_PARTS, expectAppError, fetchXml, paymentXml } from './support';

const fetchOf = (xml: string) => toFetchRequest(parseBbps(xml)).request;
const paymentOf = (xml: string) => toPaymentRequest(parseBbps(xml));
const head = (attrs: string) => `<Head ver="1.0" ts="2026-03-23T12:03:10+05:30" ${attrs}/>`;

describe('required structure', () => {
  it.each([
    ['no Head', 'HEAD_REQUIRED', { head: '' }],
    ['no Head/@refId', 'HEAD_REQUIRED', { head: head('origInst="BBCU"') }],
    ['an empty Head/@refId', 'HEAD_REQUIRED', { head: head('refId=""') }],
    ['no Txn', 'TXN_REQUIRED', { txn: '' }],
    ['no Txn/@msgId', 'TXN_REQUIRED', { txn: '<Txn ts="t"/>' }],
    ['no BillDetails', 'BILLER_REQUIRED', { billDetails: '' }],
    ['no Biller', 'BILLER_REQUIRED', { billDetails: '<BillDetails><CustomerParams/></BillDetails>' }],
    ['no Biller/@id', 'BILLER_REQUIRED', { billDetails: '<BillDetails><Biller/></BillDetails>' }],
  ] as const)('fetch and payment with %s → %s', (_name, code, parts) => {
    expectAppError(() => fetchOf(fetchXml(parts)), code);
    expectAppError(() => paymentOf(paymentXml(parts)), code);
  });

  it('checks Head before Txn before BillDetails', () => {
    expectAppError(() => fetchOf(fetchXml({ head: '', txn: '', billDetails: '' })), 'HEAD_REQUIRED');
    expectAppError(() => fetchOf(fetchXml({ txn: '', billDetails: '' })), 'TXN_REQUIRED');
  });

  it('refuses a payment without Txn/@txnReferenceId, naming it', () => {
    expectAppError(() => paymentOf(paymentXml({ txn: '<Txn ts="t" msgId="M1"/>' })), 'REQUEST_INVALID', /Txn\/@txnReferenceId/);
  });

  it.each([
    ['no Amount', ''],
    ['no Amt', '<Amount><SplitPayAmount>0</SplitPayAmount></Amount>'],
    ['no Amt/@amount', '<Amount><Amt custConvFee="0"/></Amount>'],
  ])('refuses a payment with %s, naming Amt/@amount', (_name, amount) => {
    expectAppError(() => paymentOf(paymentXml({ amount })), 'REQUEST_INVALID', /Amt\/@amount/);
  });

  it('lets the core judge parameter values: no CustomerParams at all is an empty list', () => {
    expect(fetchOf(fetchXml({ billDetails: '<BillDetails><Biller id="PBMC00000PUN01"/></BillDetails>' })).params).toEqual([]);
  });

  it('refuses a parameter Tag without name or value attribute', () => {
    const tag = (t: string) => `<BillDetails><Biller id="B1"/><CustomerParams>${t}</CustomerParams></BillDetails>`;
    expectAppError(() => fetchOf(fetchXml({ billDetails: tag('<Tag value="x"/>') })), 'REQUEST_INVALID', /Tag\/@name/);
    expectAppError(() => fetchOf(fetchXml({ billDetails: tag('<Tag name="x"/>') })), 'REQUEST_INVALID', /Tag\/@value/);
  });
});

describe('ids are opaque, 1-64 URL-safe characters', () => {
  const refId = (id: string) => fetchXml({ head: head(`origInst="BBCU" refId="${id}"`) });

  it('keeps mixed case, dashes and any length up to 64', () => {
    for (const id of ['n8tsUgAINn71teBaQVYPwWa6Ujw20341832', 'REF-FETCH-DIRECT-001', 'a', 'x'.repeat(64), 'A.B_C~D:E@F']) {
      expect(fetchOf(refId(id)).refId).toBe(id);
    }
  });

  it.each([
    ['65 characters', 'x'.repeat(65)],
    ['a space', 'REF 1'],
    ['a slash', 'REF/1'],
    ['a question mark', 'REF?1'],
    ['a percent sign', 'REF%201'],
    ['non-ASCII', 'RÉF1'],
  ])('refuses a refId with %s', (_name, id) => {
    expectAppError(() => fetchOf(refId(id)), 'REQUEST_INVALID', /Head\/@refId/);
  });

  it('applies the rule to msgId, txnReferenceId, Biller/@id and Agent/@id', () => {
    const long = 'y'.repeat(65);
    expectAppError(() => fetchOf(fetchXml({ txn: `<Txn msgId="${long}"/>` })), 'REQUEST_INVALID', /Txn\/@msgId/);
    expectAppError(() => paymentOf(paymentXml({ txn: `<Txn msgId="M" txnReferenceId="${long}"/>` })), 'REQUEST_INVALID', /txnReferenceId/);
    expectAppError(() => fetchOf(fetchXml({ billDetails: `<BillDetails><Biller id="${long}"/></BillDetails>` })), 'REQUEST_INVALID', /Biller\/@id/);
    expectAppError(() => fetchOf(fetchXml({ agent: `<Agent id="${long}"/>` })), 'REQUEST_INVALID', /Agent\/@id/);
  });
});

describe('fetch mapping', () => {
  it('maps context, biller and parameters; optional context absent when not sent', () => {
    expect(fetchOf(fetchXml())).toEqual({
      refId: 'PP01BB120000466OKME6916002R60821200',
      msgId: 'PP01BB120000466NHAA6916885M60821200',
      origInst: 'BBCU',
      agentId: 'PP01XXXXMOBA00000001',
      channel: 'MOB',
      customerMobile: '99XXXXX999',
      billerId: 'PBMC00000PUN01',
      params: [
        { name: 'City', value: 'Amritsar' },
        { name: 'Property ID', value: 'PB-PT-2024-01-01-000123' },
      ],
    });
    const bare = fetchOf(fetchXml({ customer: '', agent: '', head: head('refId="R1"') }));
    expect(bare).toEqual({ refId: 'R1', msgId: 'PP01BB120000466NHAA6916885M60821200', origInst: '', billerId: 'PBMC00000PUN01', params: bare.params });
    expect(Object.keys(bare)).not.toContain('agentId');
  });
});

describe('payment mapping', () => {
  it('maps a fetch-based payment', () => {
    const { request, echo } = paymentOf(paymentXml());
    expect(request).toMatchObject({
      txnReferenceId: 'PP016082BAKAAAHT0IRC',
      paymentRefId: '2n22ZrB5yh3PvRQSormr',
      amountPaise: 1250000,
      custConvFeePaise: 0,
      paymentMode: 'UPI',
      quickPay: false,
      reversal: false,
      customerName: 'A K SHARMA',
      billsNamed: [{ billNumber: 'PT/2025-26/000123', amountPaise: 1250000 }],
    });
    expect(echo.reversal).toBe(false);
    expect(echo.txn).toEqual({
      ts: '2026-03-23T12:03:10+05:30',
      type: 'FORWARD TYPE REQUEST',
      msgId: 'PP01BB120000466QWE6916885M60821203',
      txnReferenceId: 'PP016082BAKAAAHT0IRC',
      paymentRefId: '2n22ZrB5yh3PvRQSormr',
    });
  });

  it('maps a quick pay without BillerResponse or PaymentMethod', () => {
    const { request } = paymentOf(paymentXml({ billerResponses: '', method: '', amount: '<Amount><Amt amount="100"/></Amount>' }));
    expect(request).toMatchObject({ paymentMode: '', quickPay: false, billsNamed: [], custConvFeePaise: 0, amountPaise: 100 });
    expect(request.customerName).toBeUndefined();
    const quick = paymentOf(paymentXml({ billerResponses: '', method: '<PaymentMethod quickPay="Yes" paymentMode="Cash"/>' })).request;
    expect(quick.quickPay).toBe(true);
    expect(quick.paymentMode).toBe('Cash');
    expect(paymentOf(paymentXml({ method: '<PaymentMethod quickPay="yes"/>' })).request.quickPay).toBe(false);
  });

  it('reads custConvFee with the amount digit rule', () => {
    expect(paymentOf(paymentXml({ amount: '<Amount><Amt amount="100" custConvFee="1500"/></Amount>' })).request.custConvFeePaise).toBe(1500);
    for (const fee of ['', '1.5', '-1', ' 0']) {
      expectAppError(() => paymentOf(paymentXml({ amount: `<Amount><Amt amount="100" custConvFee="${fee}"/></Amount>` })), 'REQUEST_INVALID', /Amt\/@custConvFee/);
    }
  });

  it('marks a reversal', () => {
    const txn = DEFAULT_PARTS.txn.replace('FORWARD TYPE REQUEST', 'REVERSAL TYPE REQUEST');
    const { request, echo } = paymentOf(paymentXml({ txn }));
    expect(request.reversal).toBe(true);
    expect(echo.reversal).toBe(true);
  });

  it('names several bills; an unusable BillerResponse amount is left out, not refused', () => {
    const billerResponses =
      '<BillerResponse customerName="FIRST" amount="100.00" billNumber="B-1"/><BillerResponse amount="50000" billNumber=""/>' +
      '<BillerResponse customerName="THIRD" amount="999999999999999999" billNumber="B-3"/>';
    const { request, echo } = paymentOf(paymentXml({ billerResponses }));
    expect(request.billsNamed).toEqual([{ billNumber: 'B-1' }, { amountPaise: 50000 }, { billNumber: 'B-3' }]);
    expect(request.customerName).toBe('FIRST');
    expect(echo.billerResponses[0]).toEqual({ customerName: 'FIRST', amount: '100.00', billNumber: 'B-1' });
  });
});
