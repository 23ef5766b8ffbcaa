// A key written twice in one JSON object is found, however it is spelled; the same key in different
// objects, in arrays of objects, or inside string values is not a repeat.
import fc from 'fast-check';
import { firstRepeatedKey } from '../../../src/http/api/repeated-keys';

test.each([
  ['{"a":1,"a":2}', 'a'],
  ['{"a":1,"\\u0061":2}', 'a'],
  ['{"x":{"b":[1,{"c":1,"c":2}]}}', 'c'],
  ['{"k\\"q":1,"k\\"q":2}', 'k"q'],
  ['{"bills":[{"amountPaise":100,"amountPaise":150000}]}', 'amountPaise'],
  ['{"__proto__":1,"__proto__":2}', '__proto__'],
])('%s → %s', (text, key) => {
  expect(firstRepeatedKey(text)).toBe(key);
});

test.each([
  '{"a":1,"b":{"a":2}}',
  '[{"a":1},{"a":2}]',
  '{"a":"a","b":"a"}',
  '{"a":"{\\"a\\":1,\\"a\\":2}"}',
  '{"a":[],"b":{},"c":[[{"a":1}]]}',
  '{}',
])('%s has no repeated key', (text) => {
  expect(firstRepeatedKey(text)).toBeUndefined();
});

test('property: a repeat is found exactly when JSON.parse would drop a value', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('a', 'b', 'é', '"'), fc.boolean(), (v, k, twice) => {
      const inner = JSON.stringify(v);
      const text = `{"${k === '"' ? '\\"' : k}":0,"z":${inner}${twice ? `,"${k === '"' ? '\\u0022' : k}":1` : ''}}`;
      const nested = firstRepeatedKey(inner);
      expect(firstRepeatedKey(text)).toBe(twice ? (nested ?? k) : nested);
    }),
    { numRuns: 500 },
  );
});
