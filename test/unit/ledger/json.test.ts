import fc from 'fast-check';
import { decodeJson, encodeJson, toInt } from '../../../src/ledger/json';

describe('ledger JSON', () => {
  it('round-trips documents with integer paise exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ billId: fc.string(), amountPaise: fc.maxSafeInteger() })), (bills) => {
        expect(decodeJson(encodeJson({ bills }))).toEqual({ bills });
      }),
    );
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '100', null])('refuses amountPaise %p', (bad) => {
    expect(() => encodeJson({ receipts: [{ amountPaise: bad }] })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });

  it('lets an absent optional amount through and leaves other numbers alone', () => {
    expect(encodeJson({ minimumAmountPaise: undefined, ratio: 0.5 })).toBe('{"ratio":0.5}');
  });

  it('decodes both TEXT (SQLite) and parsed JSONB (pg)', () => {
    expect(decodeJson('{"a":1}')).toEqual({ a: 1 });
    expect(decodeJson({ a: 1 })).toEqual({ a: 1 });
  });

  it('reads integers from numbers, pg strings and bigints, refusing anything else', () => {
    expect([toInt(5), toInt('9007199254740991'), toInt(7n)]).toEqual([5, 9_007_199_254_740_991, 7]);
    for (const bad of ['1.5', '9007199254740993', 'x', null]) expect(() => toInt(bad)).toThrow();
  });
});
