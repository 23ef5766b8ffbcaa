// Workers on a new, empty store, for cases about what is due when, or about two instances. With the
// injected lease clock (SQLite) a manual clock jumps, exactly; with the store's clock (PostgreSQL)
// time really passes, so a case waits out a short lease, and asserts "not yet" only with leases far
// longer than any pause of a loaded machine.
import type { Ledger } from '../../../../src/core/ports';
import type { LedgerContext, OpenOptions } from './context';

export interface Workers {
  a: Ledger;
  /** a second instance on the same store; `a` itself where a store is reached once (:memory:) */
  b: Ledger;
  /** a and b are two instances (else one ledger: two workers of one instance) */
  two: boolean;
  /** the lease clock is the test's: `advance` is exact and lease boundaries can be asserted */
  exact: boolean;
  /** now in the ledgers' clock (the manual one when exact) */
  now(): number;
  /** a lease short enough to wait out */
  short: number;
  /** lets at least `ms` pass in the ledgers' lease clock (a jump, or a real wait with a margin) */
  advance(ms: number): Promise<void>;
  /** another ledger on the workers' store (with their clock, unless told) */
  open(o?: OpenOptions): Promise<Ledger>;
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function workers(ctx: LedgerContext, o: OpenOptions = {}): Promise<Workers> {
  const exact = ctx.leaseClock === 'injected';
  const openStore = ctx.fresh();
  let now = Date.now();
  const withClock = (x: OpenOptions): OpenOptions => (exact ? { clock: { now: () => now }, ...x } : x);
  const opened: Ledger[] = [];
  const open = async (x: OpenOptions = {}) => {
    const ledger = await openStore(withClock({ ...o, ...x }));
    opened.push(ledger);
    return ledger;
  };
  const a = await open();
  const b = ctx.persistent ? await open() : a;
  return {
    a,
    b,
    two: a !== b,
    exact,
    short: exact ? 1000 : 100,
    now: () => (exact ? now : Date.now()),
    advance: async (ms) => {
      if (exact) now += ms;
      else await sleep(ms + 30);
    },
    open,
    close: async () => {
      await Promise.all(opened.map((l) => l.close()));
    },
  };
}

/** Runs `work` with fresh workers, closing them afterwards. */
export async function withWorkers(ctx: LedgerContext, work: (w: Workers) => Promise<void>, o: OpenOptions = {}): Promise<void> {
  const w = await workers(ctx, o);
  try {
    await work(w);
  } finally {
    await w.close();
  }
}
