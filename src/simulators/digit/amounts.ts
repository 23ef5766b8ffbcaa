// Exact decimal handling for DIGIT amounts (Java BigDecimal on the wire). No floats: a value is
// parsed from its decimal text into a scaled BigInt, compared exactly, and shown as rupees.

export interface Decimal {
  /** value = units / 10^scale */
  units: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A JSON number or numeric string → Decimal; undefined when it is not a number at all. */
export function parseDecimal(value: unknown): Decimal | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value); // shortest round-trip form of what JSON parsing produced
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return undefined;
  const [, sign, whole, frac = '', exp] = m;
  let units = BigInt(whole + frac);
  let scale = frac.length - (exp ? Number(exp) : 0);
  if (Math.abs(scale) > 64) return undefined; // absurd exponents are a mapping error in Jackson too
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: sign === '-' ? -units : units, scale };
}

export const fromPaise = (paise: number): Decimal => ({ units: BigInt(paise), scale: 2 });

function align(a: Decimal, b: Decimal): [bigint, bigint] {
  const s = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(s - a.scale), b.units * 10n ** BigInt(s - b.scale)];
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const isWhole = (d: Decimal): boolean => d.units % 10n ** BigInt(d.scale) === 0n;
export const isNegative = (d: Decimal): boolean => d.units < 0n;
export const isZero = (d: Decimal): boolean => d.units === 0n;

/** Utils.isPositiveInteger: >= 0 and no fraction (100.00 is fine). */
export const isNonNegativeWhole = (d: Decimal): boolean => !isNegative(d) && isWhole(d);

/** Exact paise, or undefined when the value has a fraction of a paisa or is out of safe range. */
export function toPaise(d: Decimal): number | undefined {
  if (d.scale > 2) {
    const div = 10n ** BigInt(d.scale - 2);
    if (d.units % div !== 0n) return undefined;
    return safe(d.units / div);
  }
  return safe(d.units * 10n ** BigInt(2 - d.scale));
}

function safe(n: bigint): number | undefined {
  const v = Number(n);
  return Number.isSafeInteger(v) ? v : undefined;
}

/**
 * Paise → the JSON number DIGIT shows (rupees). The division of an integer by 100 yields the
 * shortest decimal form (1234.5), which is how a BigDecimal reads back; it is display only.
 */
export const rupees = (paise: number): number => paise / 100;

/** Seed/admin amounts in rupees (up to 2 decimals) → paise; throws on anything else. */
export function rupeesToPaiseStrict(value: unknown, what: string): number {
  const d = parseDecimal(value);
  const p = d === undefined ? undefined : toPaise(d);
  if (p === undefined) throw new Error(`${what}: ${JSON.stringify(value)} is not an amount in rupees with at most 2 decimals`);
  return p;
}
