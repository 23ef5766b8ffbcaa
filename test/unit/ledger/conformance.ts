// One behavioural suite that every Ledger implementation must pass (design §4): the use cases rely
// on exactly these behaviours, whichever store is configured.
import type { Ledger } from '../../../src/core/ports';
import { claimCases } from './conformance/claims';
import type { LedgerContext, OpenOptions } from './conformance/context';
import { dueCases } from './conformance/due';
import { gaugeCases } from './conformance/gauges';
import { leaseCases } from './conformance/leases';
import { messageCases } from './conformance/messages';
import { outboxCases } from './conformance/outbox';
import { outboxListCases } from './conformance/outbox-list';
import { reversedCases } from './conformance/reversed';
import { searchCases } from './conformance/search';
import { storeCases } from './conformance/store';
import { transitionCases } from './conformance/transitions';

export interface ConformanceOptions {
  /** open() reaches the same store each time (a file, a database): tests data survives reopen */
  persistent?: boolean;
  /** an opener bound to a new, empty store (see LedgerContext.fresh); default: `open` itself */
  freshStore?: () => (o?: OpenOptions) => Promise<Ledger>;
  /** the clock leases expire in (see LedgerContext.leaseClock) */
  leaseClock: LedgerContext['leaseClock'];
}

let run = 0;

export function describeLedgerConformance(
  name: string,
  /** opens the store under test; with a clock, the ledger must stamp rows with it */
  open: (o?: OpenOptions) => Promise<Ledger>,
  cleanup: (() => Promise<void>) | undefined,
  options: ConformanceOptions,
): void {
  describe(`Ledger conformance: ${name}`, () => {
    // the test's own ledger is one instance throughout, as a process is: reopening it for the next
    // test neither frees its earlier leases (SQLite) nor finds them dead (PostgreSQL)
    const mainId = `conformance-${process.pid}-${run++}`;
    let current: Ledger | undefined;
    const ctx: LedgerContext = {
      ledger: () => {
        if (!current) throw new Error('no ledger open');
        return current;
      },
      open: (o) => open(o),
      openWithClock: (clock) => open({ clock }),
      fresh: () => options.freshStore?.() ?? open,
      persistent: options.persistent ?? false,
      leaseClock: options.leaseClock,
    };

    beforeEach(async () => {
      current = await open({ instanceId: mainId });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    if (cleanup) afterAll(cleanup);

    messageCases(ctx);
    claimCases(ctx);
    transitionCases(ctx);
    dueCases(ctx);
    leaseCases(ctx);
    outboxCases(ctx);
    outboxListCases(ctx);
    reversedCases(ctx);
    storeCases(ctx);
    gaugeCases(ctx);
    searchCases(ctx);
  });
}
