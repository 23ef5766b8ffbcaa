// Personal data out of logs (design §7), as a last line of defence: callers log ids, never names, but a
// mobile number or a name that slips into a log field — DIGIT's error text, a parameter value — is
// masked here, at any depth.

// An Indian mobile number however it is written: 10 digits starting 6–9, optionally after +91, 0091,
// 91 or a trunk 0, with single spaces, hyphens or dots allowed between digits (`+91 98765 43210`,
// `098765-43210`). Not inside a longer digit run (amounts, timestamps, ids stay as they are).
const MOBILE = /(?<![0-9])((?:(?:\+|00)91[ .-]?|91[ .-]|0)?)([6-9][0-9])((?:[ .-]?[0-9]){6})((?:[ .-]?[0-9]){2})(?![0-9])/g;
const NAME_KEYS = new Set(['customername', 'payername', 'paidby', 'name', 'mobile', 'mobilenumber', 'vpa', 'owner', 'ownername']);
// deeper than this, a value is left out of the log rather than written unmasked
const MAX_DEPTH = 12;

/** `+91 98XXXXXX10`: the prefix and the first and last two digits kept, the rest masked. */
export const maskMobiles = (s: string): string =>
  s.replace(MOBILE, (_all, prefix: string, first: string, _middle: string, last: string) => `${prefix}${first}XXXXXX${last.replace(/[^0-9]/g, '')}`);

export const isNameKey = (key: string): boolean => NAME_KEYS.has(key.toLowerCase());

/** A copy of `value` with mobiles masked in every string and name-like keys replaced, at any depth. */
export function maskPii(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return maskMobiles(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[omitted: nested too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => maskPii(v, depth + 1, seen));
  // an Error's message and stack are not enumerable: copied so that they are masked too
  const source = value instanceof Error ? { error: value.name, message: value.message, ...Object.fromEntries(Object.entries(value)) } : value;
  const out: Record<string, unknown> = {};
  // defined, not assigned: a logged key "__proto__" (a client's JSON) would otherwise set the copy's prototype
  for (const [k, v] of Object.entries(source)) {
    Object.defineProperty(out, k, { value: isNameKey(k) ? '[masked]' : maskPii(v, depth + 1, seen), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
