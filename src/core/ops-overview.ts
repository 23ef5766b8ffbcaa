// The operators' Overview (console and GET /ops/overview): today's payments in IST by state with count
// and sum, the unresolved ones, the callbacks waiting, and DIGIT as this instance sees it. Every
// figure is one indexed ledger query: the sums are the ledger's own, never recomputed here.
import { istDate } from './dates';
import { istWindow } from './ist-window';
import type { Clock, Ledger, StateTotals } from './ports';
import { findUnresolved } from './unresolved';

/** DIGIT as this instance sees it, without calling it (the readiness probe's own account). */
export interface DigitReadiness {
  ready: boolean;
  /** ok, or why not (login failing, waiting for a cool-down, …) */
  detail: string;
  /** each DIGIT endpoint group's circuit breaker: closed, open or half-open */
  circuits: Record<string, string>;
}

export interface OverviewDeps {
  ledger: Ledger;
  clock: Clock;
  digitReadiness: () => DigitReadiness;
}

export interface Overview {
  /** the IST day shown (yyyy-MM-dd) and its window in epoch ms */
  day: string;
  from: number;
  before: number;
  byState: StateTotals[];
  unresolved: { count: number; oldestAgeMs: number | null };
  callbacks: { parked: number; pending: number };
  digit: DigitReadiness;
}

export async function opsOverview(deps: OverviewDeps): Promise<Overview> {
  const day = istDate(deps.clock.now());
  const { from, before } = istWindow(day, day);
  const [byState, unresolved, parked, pending] = await Promise.all([
    deps.ledger.totalsByState(from, before),
    findUnresolved(deps),
    deps.ledger.countOutbox('PARKED'),
    deps.ledger.countOutbox('PENDING'),
  ]);
  // listUnresolved is oldest first
  const oldest = unresolved.items[0];
  return {
    day, from, before, byState,
    unresolved: { count: unresolved.items.length, oldestAgeMs: oldest ? unresolved.now - oldest.createdAt : null },
    callbacks: { parked, pending },
    digit: deps.digitReadiness(),
  };
}
