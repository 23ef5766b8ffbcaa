// Hostile and malformed bodies are refused before (or while) parsing, each with its specific code.
import { guardXml, parseBbps } from '../../../src/bbps';
import { expectAppError, fetchXml } from './support';

const FETCH = fetchXml();
const parse = (body: Buffer | string, maxBytes?: number) => parseBbps(body, { maxBytes });

describe('size', () => {
  it('refuses a body above the limit with PAYLOAD_TOO_LARGE, before looking at it', () => {
    const body = Buffer.from(FETCH, 'utf8');
    expectAppError(() => parse(body, body.length - 1), 'PAYLOAD_TOO_LARGE');
    expectAppError(() => parse('\u20ac'.repeat(100), 299), 'PAYLOAD_TOO_LARGE'); // counts UTF-8 bytes, not chars
    expect(parse(body, body.length).api).toBe('BillFetchRequest');
  });

  it('applies the default limit of 256 KiB', () => {
    expectAppError(() => parse(FETCH.replace('<Customer', `<Pad v="${'x'.repeat(262144)}"/><Customer`)), 'PAYLOAD_TOO_LARGE');
  });
});

describe('DTDs and entities', () => {
  const root = '<ns2:BillFetchRequest xmlns:ns2="http://bbps.org/schema"/>';
  it.each([
    ['DOCTYPE', `<?xml version="1.0"?><!DOCTYPE BillFetchRequest>${root}`],
    ['lower-case doctype', `<!doctype BillFetchRequest>${root}`],
    ['internal subset ENTITY', `<!DOCTYPE r [<!ENTITY x "y">]>${root}`],
    ['stray ENTITY', `<!ENTITY x "y">${root}`],
    ['ELEMENT declaration', `<!ELEMENT r ANY>${root}`],
    [
      'billion laughs',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>',
    ],
    ['external entity', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>'],
    ['parameter entity', '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><r/>'],
    ['DOCTYPE inside a comment', `<!-- <!DOCTYPE r> -->${root}`],
  ])('refuses %s with DOCTYPE_NOT_ALLOWED', (_name, body) => {
    expectAppError(() => parse(body), 'DOCTYPE_NOT_ALLOWED');
  });

  it('refuses other <! markup', () => {
    expectAppError(() => parse(`<!FOO bar>${FETCH.slice(FETCH.indexOf('<ns2'))}`), 'REQUEST_INVALID', /<!/);
  });
});

describe('processing instructions', () => {
  it.each([
    ['after the declaration', FETCH.replace('?>', '?><?xml-stylesheet href="x.xsl"?>')],
    ['inside the root', FETCH.replace('<Head', '<?php echo 1; ?><Head')],
    ['instead of the declaration', FETCH.replace(/^<\?xml[^>]*>/, '<?foo bar?>')],
    ['a second XML declaration', FETCH.replace('<Head', '<?xml version="1.0"?><Head')],
    ['a declaration after leading whitespace', ` ${FETCH}`],
  ])('refuses a PI %s with REQUEST_INVALID', (_name, body) => {
    expectAppError(() => parse(body), 'REQUEST_INVALID');
  });

  it('accepts the leading declaration in its usual forms', () => {
    for (const decl of ['<?xml version="1.0"?>', "<?xml version='1.0' encoding='utf-8'?>", '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>']) {
      expect(parse(FETCH.replace(/^<\?xml[^>]*>/, decl)).api).toBe('BillFetchRequest');
    }
  });

  it('refuses XML 1.1 and malformed declarations', () => {
    expectAppError(() => parse(FETCH.replace('version="1.0"', 'version="1.1"')), 'REQUEST_INVALID');
    expectAppError(() => parse(FETCH.replace('version="1.0"', 'version="1.0\'')), 'REQUEST_INVALID');
  });
});

describe('encoding: UTF-8 only, nothing guessed', () => {
  it.each(['UTF-16', 'utf-16le', 'ISO-8859-1', 'US-ASCII', 'UTF8', 'windows-1252'])('refuses declared encoding %s', (enc) => {
    expectAppError(() => parse(FETCH.replace('encoding="UTF-8"', `encoding="${enc}"`)), 'REQUEST_INVALID', /UTF-8/);
  });

  it('refuses UTF-16 bodies, with or without a byte order mark', () => {
    const utf16 = Buffer.from(FETCH.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le');
    expectAppError(() => parse(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16])), 'REQUEST_INVALID', /UTF-8/);
    expectAppError(() => parse(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16.swap16()])), 'REQUEST_INVALID', /UTF-8/);
    expectAppError(() => parse(Buffer.from(FETCH, 'utf16le')), 'REQUEST_INVALID'); // NUL bytes
  });

  it('refuses invalid UTF-8 bytes (truncated, overlong, surrogate, stray continuation)', () => {
    for (const bad of [[0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]) {
      const body = Buffer.from(FETCH.replace('A K SHARMA', 'X'), 'utf8');
      const at = body.indexOf('Amritsar');
      const tampered = Buffer.concat([body.subarray(0, at), Buffer.from(bad), body.subarray(at)]);
      expectAppError(() => parse(tampered), 'REQUEST_INVALID', /UTF-8/);
    }
  });

  it('refuses a string with a lone surrogate', () => {
    expectAppError(() => parse(FETCH.replace('Amritsar', 'Amri\uD800tsar')), 'REQUEST_INVALID', /UTF-8/);
  });

  it('accepts a UTF-8 byte order mark and multi-byte text', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FETCH.replace('Amritsar', 'अमृतसर'), 'utf8')]);
    expect(guardXml(body).startsWith('<?xml')).toBe(true);
    expect(parse(body).root.name).toBe('BillFetchRequest');
  });

  it('refuses a second byte order mark (U+FEFF before the root), as bytes or in a string', () => {
    const noDecl = FETCH.slice(FETCH.indexOf('?>') + 2);
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expectAppError(() => parse(Buffer.concat([bom, bom, Buffer.from(noDecl)])), 'REQUEST_INVALID', /byte order mark/);
    expectAppError(() => parse(`\uFEFF\uFEFF${noDecl}`), 'REQUEST_INVALID', /byte order mark/);
    expectAppError(() => parse(Buffer.concat([bom, bom, Buffer.from(FETCH)])), 'REQUEST_INVALID');
  });

  it('refuses characters XML forbids', () => {
    expectAppError(() => parse(FETCH.replace('Amritsar', 'Amri\u0001tsar')), 'REQUEST_INVALID');
    expectAppError(() => parse(FETCH.replace('Amritsar', 'Amri\uFFFEtsar')), 'REQUEST_INVALID');
  });
});

describe('not XML', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['plain text', 'hello'],
    ['JSON', '{"refId":"X"}'],
    ['declaration only', '<?xml version="1.0"?>'],
    ['unclosed root', '<ns2:BillFetchRequest xmlns:ns2="http://bbps.org/schema"><Head refId="A"/>'],
    ['mismatched tags', '<ns2:BillFetchRequest xmlns:ns2="x"><Head></Txn></ns2:BillFetchRequest>'],
    ['text after the root', `${FETCH}trailing`],
    ['a second root after a self-closing root', '<ns2:ReqDiagnostic xmlns:ns2="x"/><ns2:ReqDiagnostic xmlns:ns2="x"/>'],
    ['a second root', `${FETCH}<ns2:BillFetchRequest xmlns:ns2="x"></ns2:BillFetchRequest>`],
    ['a duplicate attribute', FETCH.replace('refId="PP01', 'refId="X" refId="PP01')],
    ['an attribute without quotes', FETCH.replace('origInst="BBCU"', 'origInst=BBCU')],
    ['an unknown root', '<ns2:Hello xmlns:ns2="http://bbps.org/schema"/>'],
  ])('refuses %s with REQUEST_INVALID', (_name, body) => {
    expectAppError(() => parse(body), 'REQUEST_INVALID');
  });

  it('refuses nesting beyond 100 levels', () => {
    const deep = '<a>'.repeat(150) + '</a>'.repeat(150);
    expectAppError(() => parse(FETCH.replace('<Head', `${deep}<Head`)), 'XML_TOO_DEEP');
  });
});
