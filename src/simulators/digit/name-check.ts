// collection-services validates paidBy/payerName with
//   ^[a-zA-Z]+(([_\-'`\. ][a-zA-Z ])?[a-zA-Z]*)*$
// which backtracks exponentially on inputs like 'aaaa…a!'. This is the same language as a
// three-state automaton, checked in one pass: after the leading letter every "special" character
// (_ - ' ` . or space) must be followed at once by a letter or a space.

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const SPACE = 32;
const SPECIALS = new Set([95 /* _ */, 45 /* - */, 39 /* ' */, 96 /* ` */, 46 /* . */, SPACE]);

/** True when DIGIT's name pattern would accept the whole string. O(n), no regex. */
export function isValidDigitName(name: string): boolean {
  // 0 = nothing read yet, 1 = free (may end here), 2 = a special is waiting for its follower
  let state = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (state === 0) {
      if (!isLetter(c)) return false;
      state = 1;
    } else if (state === 1) {
      if (isLetter(c)) continue;
      if (!SPECIALS.has(c)) return false;
      state = 2;
    } else {
      // the pending special takes this character as its pair: a letter or a space only
      if (!isLetter(c) && c !== SPACE) return false;
      state = 1;
    }
  }
  return state === 1;
}

export const NAME_PATTERN_MESSAGE = "Invalid name. Only alphabets and special characters -, ',`, ., _";
