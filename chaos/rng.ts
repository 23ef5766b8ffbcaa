// A small seeded PRNG (mulberry32) and the draws the plan makes with it: the same seed gives the
// same sequence on every machine, so a run can be replayed from its seed.

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [min, max] */
  int(min: number, max: number): number;
  /** true with probability p */
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** `len` characters of A–Z0–9 (BBPS ids are opaque alphanumerics) */
  id(len: number): string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (xs) => {
      if (xs.length === 0) throw new Error('pick from an empty list');
      return xs[int(0, xs.length - 1)] as (typeof xs)[number];
    },
    id: (len) => Array.from({ length: len }, () => ALNUM[int(0, ALNUM.length - 1)]).join(''),
  };
}
