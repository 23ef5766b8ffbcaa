// Command line of `npm run bench` (flags after `--`).

export interface BenchArgs {
  db: 'sqlite' | 'postgres';
  /** also measure memory and ledger growth at 10× the payments */
  scale: boolean;
  /** 2: also payments/s with two adapter processes on one PostgreSQL ledger */
  instances: 1 | 2;
  /** interleaved constant-rate slice pairs for the added-latency figure */
  runs: number;
  /** payments in the max-rate phase (fetches are twice that) */
  payments: number;
  /** concurrent connections of the max-rate phases */
  connections: number;
  /** where results go */
  outDir: string;
  /** growth mode: ledger sizes (payments) to fill to and measure p99 at; empty: off */
  growth: number[];
  /** growth mode: paced fetch+payment pairs per second */
  growthRate: number;
}

export const GROWTH_LEVELS = [10_000, 100_000, 1_000_000];

export const USAGE = `npm run bench -- [--db sqlite|postgres] [--scale] [--instances 1|2] [--runs N] [--payments N] [--connections N] [--out DIR] [--growth [--growth-levels 10000,100000,1000000] [--growth-rate 150]]`;

export function parseArgs(argv: readonly string[]): BenchArgs {
  const a: BenchArgs = { db: 'sqlite', scale: false, instances: 1, runs: 5, payments: 3000, connections: 32, outDir: 'bench/results', growth: [], growthRate: 150 };
  const positive = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--db': {
        const v = value();
        if (v !== 'sqlite' && v !== 'postgres') throw new Error(`--db is sqlite or postgres, got ${v}`);
        a.db = v;
        break;
      }
      case '--scale':
        a.scale = true;
        break;
      case '--instances': {
        const n = positive(flag, value());
        if (n !== 1 && n !== 2) throw new Error('--instances is 1 or 2');
        a.instances = n;
        break;
      }
      case '--runs':
        a.runs = positive(flag, value());
        break;
      case '--payments':
        a.payments = positive(flag, value());
        break;
      case '--connections':
        a.connections = positive(flag, value());
        break;
      case '--growth':
        if (!a.growth.length) a.growth = [...GROWTH_LEVELS];
        break;
      case '--growth-levels': {
        const levels = value().split(',').map((v) => positive(flag, v));
        if (levels.some((l, k) => k > 0 && l <= levels[k - 1])) throw new Error('--growth-levels must increase');
        a.growth = levels;
        break;
      }
      case '--growth-rate':
        a.growthRate = positive(flag, value());
        break;
      case '--out':
        a.outDir = value();
        break;
      default:
        throw new Error(`unknown option ${flag}\nusage: ${USAGE}`);
    }
  }
  // two processes share a ledger only through PostgreSQL (SQLite would serialise them on one file)
  if (a.instances === 2) a.db = 'postgres';
  return a;
}
