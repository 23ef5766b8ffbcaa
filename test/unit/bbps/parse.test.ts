// Namespace-agnostic, order-keeping, prototype-safe parsing; repeated singletons refused.
import { parseBbps, toFetchRequest, toPaymentRequest } from '../../../src/bbps';
import { DEFAULT_PARTS, expectAppError, fetchXml, paymentXml } from './support';

const fetchOf = (xml: string) => toFetchRequest(parseBbps(xml)).request;
const paymentOf = (xml: string) => toPaymentRequest(parseBbps(xml)).request;

describe('namespaces', () => {
  const expected = fetchOf(fetchXml());

  it.each([
    ['ns2: prefix', 'ns2:BillFetchRequest'],
    ['bbps: prefix', 'bbps:BillFetchRequest'],
    ['any prefix', 'x9:BillFetchRequest'],
    ['default namespace', 'BillFetchRequest'],
  ])('reads a root with %s', (_name, root) => {
    const doc = parseBbps(fetchXml({}, root));
    expect(doc.api).toBe('BillFetchRequest');
    expect(toFetchRequest(doc).request).toEqual(expected);
  });

  it('reads prefixed children too', () => {
    const xml = fetchXml({ head: DEFAULT_PARTS.head.replace('<Head', '<ns2:Head') }).replace('<BillDetails>', '<ns2:BillDetails>').replace('</BillDetails>', '</ns2:BillDetails>');
    expect(fetchOf(xml)).toEqual(expected);
  });

  it('ignores prefixed attributes: they belong to other namespaces', () => {
    const head = '<Head xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:refId="OTHER" ver="1.0" ts="t" origInst="BBCU" refId="PP01BB120000466OKME6916002R60821200"/>';
    expect(fetchOf(fetchXml({ head })).refId).toBe('PP01BB120000466OKME6916002R60821200');
  });
});

describe('tolerance', () => {
  it('ignores unknown elements and attributes anywhere', () => {
    const xml = paymentXml({
      head: DEFAULT_PARTS.head.replace('<Head', '<Head siTxn="No" callbackEndpointIP="::1" orderConfirmationId="X"'),
      extra: '<BillerCategory category="Municipal Taxes"/><PlanDetails><Plan id="1"/></PlanDetails><PaymentInformation><Tag name="VPA" value="x@upi"/></PaymentInformation><Upms txnType="X"/><FutureThing a="b"><Deeper/></FutureThing>',
      billDetails: DEFAULT_PARTS.billDetails.replace('<Biller id=', '<Extra/><Biller future="1" id='),
    });
    expect(paymentOf(xml)).toEqual(paymentOf(paymentXml()));
  });

  it('never trims attribute values and keeps parameter order, spaces in names and empty values', () => {
    const billDetails =
      '<BillDetails><Biller id="PBMC00000PUN01"/><CustomerParams><Tag name="Z last" value=" padded "/><Tag name="A first" value=""/>' +
      '<Tag name="Registered Mobile Number" value="9XXXXXX999"/></CustomerParams></BillDetails>';
    expect(fetchOf(fetchXml({ billDetails })).params).toEqual([
      { name: 'Z last', value: ' padded ' },
      { name: 'A first', value: '' },
      { name: 'Registered Mobile Number', value: '9XXXXXX999' },
    ]);
  });

  it('accepts comments and whitespace between elements', () => {
    const xml = fetchXml().replace('<Head', '<!-- a comment -->\n   <Head').replace('<BillDetails>', '\r\n<BillDetails>');
    expect(fetchOf(xml)).toEqual(fetchOf(fetchXml()));
  });
});

describe('entities and characters', () => {
  const withValue = (raw: string) =>
    fetchXml({ billDetails: `<BillDetails><Biller id="PBMC00000PUN01"/><CustomerParams><Tag name="N" value="${raw}"/></CustomerParams></BillDetails>` });

  it('decodes the predefined entities and character references exactly once', () => {
    expect(fetchOf(withValue('A &amp; B &lt;C&gt; &quot;q&quot; &apos;s&apos; &#65;&#x42; &amp;amp;')).params[0]?.value).toBe(
      'A & B <C> "q" \'s\' AB &amp;',
    );
  });

  it('normalises literal tabs and newlines in attribute values to spaces, as XML does', () => {
    expect(fetchOf(withValue('a\tb\nc')).params[0]?.value).toBe('a b c');
  });

  it('reads line ends as XML 1.0 does: CRLF and CR are one line end (one space in a value)', () => {
    expect(fetchOf(withValue('a\r\nb\rc')).params[0]?.value).toBe('a b c');
  });

  // issue 13: characters on which XML parsers disagree are refused before parsing, signed or not
  it.each([
    ['U+2028 in a value (a line end to XML 1.1)', withValue('a\u2028b')],
    ['U+2029 in a value', withValue('a\u2029b')],
    ['U+0085 in text', fetchXml({ extra: '<Note>a\u0085b</Note>' })],
    ['U+FEFF inside a tag', withValue('x').replace('<Tag name=', '<Tag x\uFEFFname="1" name=')],
    ['U+00A0 between attributes', withValue('x').replace('<Tag name=', '<Tag\u00A0name=')],
    ['U+3000 in an end tag', withValue('x').replace('</CustomerParams>', '</CustomerParams\u3000>')],
  ])('refuses %s', (_what, xml) => {
    expectAppError(() => parseBbps(xml), 'REQUEST_INVALID', /U\+[0-9A-F]{4}/);
  });

  it('keeps Unicode spaces and U+FEFF inside values and text as data', () => {
    expect(fetchOf(withValue('A\u00A0B\u3000C\uFEFF')).params[0]?.value).toBe('A\u00A0B\u3000C\uFEFF');
  });

  it.each([
    ['an undefined entity', 'a &foo; b'],
    ['a bare ampersand', 'a & b'],
    ['a character reference to a control', '&#1;'],
    ['a character reference to a tab (echo could not be written)', '&#9;'],
    ['a character reference beyond Unicode', '&#x110000;'],
    ['a character reference to a surrogate', '&#xD800;'],
    ["a '<' in an attribute value", 'a < b'],
  ])('refuses %s', (_name, raw) => {
    expectAppError(() => fetchOf(withValue(raw)), 'REQUEST_INVALID');
  });

  it('refuses an undefined entity in element text', () => {
    expectAppError(() => parseBbps(fetchXml({ extra: '<Note>&nbsp;</Note>' })), 'REQUEST_INVALID', /entity/);
  });

  it('keeps CDATA text literally', () => {
    const doc = parseBbps(fetchXml({ extra: '<Note><![CDATA[a &amp; <b>]]></Note>' }));
    expect(doc.root.children.find((c) => c.name === 'Note')?.text).toBe('a &amp; <b>');
  });
});

describe('prototype safety', () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'x:__proto__'])('refuses an element named %s', (name) => {
    expectAppError(() => parseBbps(fetchXml({ extra: `<${name}><polluted>yes</polluted></${name}>` })), 'REQUEST_INVALID');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses an attribute named %s', (name) => {
    expectAppError(() => parseBbps(fetchXml({ head: DEFAULT_PARTS.head.replace('<Head', `<Head ${name}="polluted"`) })), 'REQUEST_INVALID', /reserved/);
  });

  it('refuses a root named __proto__', () => {
    expectAppError(() => parseBbps('<__proto__ polluted="yes"/>'), 'REQUEST_INVALID');
  });

  it('keeps reserved words as plain data when they are parameter names or values', () => {
    const billDetails =
      '<BillDetails><Biller id="PBMC00000PUN01"/><CustomerParams><Tag name="__proto__" value="polluted"/>' +
      '<Tag name="constructor" value="__proto__"/><Tag name="hasOwnProperty" value="x"/></CustomerParams></BillDetails>';
    const req = fetchOf(fetchXml({ billDetails }));
    expect(req.params).toEqual([
      { name: '__proto__', value: 'polluted' },
      { name: 'constructor', value: '__proto__' },
      { name: 'hasOwnProperty', value: 'x' },
    ]);
  });

  it('holds attributes in Maps, never as object keys', () => {
    const doc = parseBbps(fetchXml({ head: DEFAULT_PARTS.head.replace('<Head', '<Head toString="x" hasOwnProperty="y"') }));
    const head = doc.root.children[0];
    expect(head?.attrs).toBeInstanceOf(Map);
    expect(head?.attrs.get('toString')).toBe('x');
    expect(String(head?.attrs)).toBe('[object Map]');
  });
});

describe('repeated elements expected once', () => {
  it.each([
    ['Head', { head: DEFAULT_PARTS.head + DEFAULT_PARTS.head }],
    ['Txn', { txn: DEFAULT_PARTS.txn + DEFAULT_PARTS.txn }],
    ['BillDetails', { billDetails: DEFAULT_PARTS.billDetails + DEFAULT_PARTS.billDetails }],
    ['Biller', { billDetails: DEFAULT_PARTS.billDetails.replace('<CustomerParams>', '<Biller id="OTHER00000PUN01"/><CustomerParams>') }],
    ['CustomerParams', { billDetails: DEFAULT_PARTS.billDetails.replace('</BillDetails>', '<CustomerParams/></BillDetails>') }],
    ['Amount', { amount: DEFAULT_PARTS.amount + DEFAULT_PARTS.amount }],
    ['Amt', { amount: '<Amount><Amt amount="1250000"/><Amt amount="1"/></Amount>' }],
    ['PaymentMethod', { method: DEFAULT_PARTS.method + DEFAULT_PARTS.method }],
    ['Agent', { agent: DEFAULT_PARTS.agent + DEFAULT_PARTS.agent }],
    ['Customer', { customer: DEFAULT_PARTS.customer + DEFAULT_PARTS.customer }],
    ['INITIATING_CHANNEL', { agent: DEFAULT_PARTS.agent.replace('</Device>', '<Tag name="INITIATING_CHANNEL" value="INT"/></Device>') }],
  ])('refuses two %s', (name, parts) => {
    expectAppError(() => paymentOf(paymentXml(parts)), 'REQUEST_INVALID', new RegExp(`${name}.*more than once`));
  });

  it('refuses a customer parameter name given twice', () => {
    const billDetails = DEFAULT_PARTS.billDetails.replace('</CustomerParams>', '<Tag name="City" value="Jalandhar"/></CustomerParams>');
    expectAppError(() => fetchOf(fetchXml({ billDetails })), 'REQUEST_INVALID', /City.*more than once/);
  });

  it('accepts several BillerResponse elements (multi-bill payment)', () => {
    const second = '<BillerResponse amount="50000" billNumber="WS/2025-26/7"/>';
    expect(paymentOf(paymentXml({ billerResponses: DEFAULT_PARTS.billerResponses + second })).billsNamed).toHaveLength(2);
  });
});

describe('root check', () => {
  it('refuses a root other than the route expects, naming both', () => {
    expectAppError(() => parseBbps(paymentXml(), { expect: 'BillFetchRequest' }), 'REQUEST_INVALID', /BillFetchRequest.*BillPaymentRequest/);
  });

  it('accepts one of several expected roots', () => {
    expect(parseBbps(paymentXml(), { expect: ['BillFetchRequest', 'BillPaymentRequest'] }).api).toBe('BillPaymentRequest');
  });

  it('refuses a document of the wrong type handed to a converter', () => {
    expectAppError(() => toFetchRequest(parseBbps(paymentXml())), 'REQUEST_INVALID', /BillFetchRequest/);
    expectAppError(() => toPaymentRequest(parseBbps(fetchXml())), 'REQUEST_INVALID', /BillPaymentRequest/);
  });
});
