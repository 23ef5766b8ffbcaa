// Exact conversions between BBPS paise (integers) and DIGIT rupees (JSON numbers). Never floats
// arithmetic on money, never rounding: a value that cannot be converted exactly is refused.

const PAISE_STRING = /^[0-9]{1,18}$/;

/** Parses a BBPS amount attribute: 1-18 ASCII digits of paise, nothing else. */
export function parsePaise(text: string): number | undefined {
  if (!PAISE_STRING.test(text)) return undefined;
  const n = Number(text);
  // 18 digits exceed 2^53: such an amount is well-formed but not payable here
  return Number.isSafeInteger(n) ? n : Number.NaN;
}

/** DIGIT rupees (as parsed from JSON) → paise, exactly; undefined when it has more than 2 decimals. */
export function rupeesToPaise(rupees: number): number | undefined {
  if (typeof rupees !== 'number' || !Number.isFinite(rupees)) return undefined;
  // the shortest decimal form JSON parsing gave us; more than 2 decimals cannot be paise
  const shortest = String(Math.abs(rupees));
  if (/e/i.test(shortest)) return undefined;
  const [whole, frac = ''] = shortest.split('.');
  if (frac.length > 2) return undefined;
  const paise = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(paise)) return undefined;
  return rupees < 0 ? -paise : paise;
}

/** paise → whole rupees for DIGIT; undefined when not a whole number of rupees (BPR011, never rounded). */
export function paiseToWholeRupees(paise: number): number | undefined {
  if (!Number.isSafeInteger(paise) || paise % 100 !== 0) return undefined;
  return paise / 100;
}
