// Review finding: after a self-closing root element (every Ack: buildAck writes it empty) neither
// XMLValidator nor the parser looks at what follows: `<Ack …/>anything` is read as the Ack, though XML
// allows only whitespace, comments and PIs there (XML 1.0 §2.1 Misc) and xmldom reports "Unexpected
// content outside root element". After an end tag the same text is refused ("Extra text at the end").
// parse.ts's header promises the trailing-text check; the CU's answer to a callback reaches it this way.
import { DOMParser } from '@xmldom/xmldom';
import { buildAck, parseBbps } from '../../../src/bbps';
import { expectAppError } from './support';

const ACK = buildAck({ api: 'FETCH_RESPONSE', refId: 'REF0001', ok: true, ts: Date.UTC(2026, 11, 3) });

test('the Ack is self-closing and read as it is, with XML whitespace and comments after it', () => {
  expect(ACK.endsWith('/>')).toBe(true);
  expect(parseBbps(ACK, { expect: 'Ack' }).api).toBe('Ack');
  expect(parseBbps(`${ACK} \t\r\n<!-- a > b -->\n`, { expect: 'Ack' }).api).toBe('Ack');
  expect(parseBbps(ACK.replace('refId="REF0001"', 'refId="a/>b"'), { expect: 'Ack' }).api).toBe('Ack'); // '/>' inside a value
});

test.each([
  ['text', 'RspCd="Failure"', true],
  ['text ending in ">"', ' x />', true],
  ['text before a comment', 'x<!-- c -->', true],
  // not XML whitespace either (xmldom lets these two pass, as JS trim() does)
  ['a second BOM', '\uFEFF', false],
  ['a no-break space', '\u00A0', false],
])('%s after a self-closing root element is refused', (_name, tail, xmldomReports) => {
  const errors: string[] = [];
  new DOMParser({ onError: (_level, msg) => void errors.push(msg) }).parseFromString(`${ACK}${tail}`, 'text/xml');
  if (xmldomReports) expect(errors.join(' ')).toMatch(/outside root|Extra content/);
  expectAppError(() => parseBbps(`${ACK}${tail}`, { expect: 'Ack' }), 'REQUEST_INVALID');
  expectAppError(() => parseBbps(Buffer.from(`${ACK}\n${tail}\n`, 'utf8'), { expect: 'Ack' }), 'REQUEST_INVALID');
});
