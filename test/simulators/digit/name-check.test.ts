import fc from 'fast-check';
import { isValidDigitName } from '../../../src/simulators/digit';

// DIGIT's own pattern, used here ONLY as a test oracle on short strings, where its backtracking is
// bounded. The sandbox never runs it.
const DIGIT_NAME = /^[a-zA-Z]+(([_\-'`. ][a-zA-Z ])?[a-zA-Z]*)*$/;

describe('linear-time paidBy check', () => {
  it('agrees with DIGIT pattern on every string up to length 6 over a telling alphabet', () => {
    const alphabet = ['a', 'Z', ' ', '.', '-', "'", '_', '1'];
    const mismatches: string[] = [];
    let checked = 0;
    const walk = (prefix: string) => {
      if (isValidDigitName(prefix) !== DIGIT_NAME.test(prefix)) mismatches.push(prefix);
      checked++;
      if (prefix.length === 6) return;
      for (const c of alphabet) walk(prefix + c);
    };
    walk('');
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(290_000);
  });

  it('agrees on random short names (property)', () => {
    const chars = fc.constantFrom(...'abcXYZ .-_\'`0é'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((a) => a.join('')), (s) => isValidDigitName(s) === DIGIT_NAME.test(s)),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['Ramesh Kumar', true],
    ["O'Brien", true],
    ['Mary-Jane Watson', true],
    ['Dr. Singh', true],
    ['a  ', true],
    ['a ', false],
    ['R2D2', false],
    ['', false],
    [' Ramesh', false],
    ['Ram..esh', false],
  ])('%j → %s', (name, ok) => {
    expect(isValidDigitName(name)).toBe(ok);
  });

  it('finishes at once on hostile input that makes the regex backtrack exponentially', () => {
    const started = process.hrtime.bigint();
    for (const n of [50, 1000, 100_000]) {
      expect(isValidDigitName(`${'a'.repeat(n)}!`)).toBe(false);
      expect(isValidDigitName(`${'a a'.repeat(n)}!`)).toBe(false);
    }
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });
});
