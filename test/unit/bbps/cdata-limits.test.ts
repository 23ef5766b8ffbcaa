// CDATA sections and comments cannot slip past the structural limits of the markup pre-scan
// (bbps/markup.ts): one element's text split by them is measured as one value, and each is a node
// counted with the elements, so a flood of empty ones never reaches fast-xml-parser or xmldom.
// Before the fix (measured, not asserted: no timed tests): a 10 MB body (the largest BBPS_MAX_BODY_BYTES)
// of `<![CDATA[]]>` costs ≈ 3.8 s of CPU and ≈ 160 MB of heap in parseBbps alone; 216 KB (under the
// default limit) ≈ 35 ms unsigned, ≈ 90 ms through the verifier — against design §7 "a few ms of CPU per
// 100 KB, a few times its size in memory".
import { guardXml } from '../../../src/bbps';
import { DEFAULT_XML_LIMITS } from '../../../src/bbps/limits';
import { AppError } from '../../../src/core/errors';
import { fetchXml } from './support';

const FETCH = fetchXml();
const STRUCTURAL = ['XML_TOO_DEEP', 'TOO_MANY_ATTRIBUTES', 'TOO_MANY_ELEMENTS', 'VALUE_TOO_LONG', 'TOO_MANY_REFERENCES'];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return undefined;
}

test('one text value split by CDATA sections is one value: longer than BBPS_MAX_VALUE_CHARS → VALUE_TOO_LONG', () => {
  const limits = { ...DEFAULT_XML_LIMITS, maxValueChars: 100 };
  const plain = FETCH.replace('<Head', `<Note>${'a'.repeat(180)}</Note><Head`);
  expect(codeOf(() => guardXml(plain, 262144, limits))).toBe('VALUE_TOO_LONG'); // the same text unsplit is refused
  const split = FETCH.replace('<Head', `<Note>${`${'a'.repeat(60)}<![CDATA[]]>`.repeat(3)}</Note><Head`);
  expect(codeOf(() => guardXml(split, 262144, limits))).toBe('VALUE_TOO_LONG');
  const inCdata = FETCH.replace('<Head', `<Note>${`<![CDATA[${'a'.repeat(60)}]]>`.repeat(3)}</Note><Head`);
  expect(codeOf(() => guardXml(inCdata, 262144, limits))).toBe('VALUE_TOO_LONG');
});

test('20,000 empty CDATA sections (240 KB, under the default body limit) are refused by the pre-scan, before any parser', () => {
  const body = FETCH.replace('<Head', `${'<![CDATA[]]>'.repeat(20_000)}<Head`);
  expect(Buffer.byteLength(body)).toBeLessThan(262144);
  expect(STRUCTURAL).toContain(codeOf(() => guardXml(body)));
});
