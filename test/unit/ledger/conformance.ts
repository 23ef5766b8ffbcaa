// One behavioural suite that every Ledger implementation must pass (design §4): the use cases rely
// on exactly these behaviours, whichever store is configured.
import type { Clock, Ledger } from '../../../src/core/ports';
import { claimCases } from './conformance/claims';
import type { LedgerContext } from './conformance/context';
import { dueCases } from './conformance/due';
import { messageCases } from './conformance/messages';
import { outboxCases } from './conformance/outbox';
import { outboxListCases } from './conformance/outbox-list';
import { reversedCases } from './conformance/reversed';
import { storeCases } from './conformance/store';
import { transitionCases } from './conformance/transitions';

export interface ConformanceOptions {
  /** open() reaches the same store each time (a file, a database): tests data survives reopen */
  persistent?: boolean;
}

export function describeLedgerConformance(
  name: string,
  /** opens the store under test; with a clock, the ledger must stamp rows with it */
  open: (clock?: Clock) => Promise<Ledger>,
  cleanup?: () => Promise<void>,
  options: ConformanceOptions = {},
): void {
  describe(`Ledger conformance: ${name}`, () => {
    let current: Ledger | undefined;
    const ctx: LedgerContext = {
      ledger: () => {
        if (!current) throw new Error('no ledger open');
        return current;
      },
      open: () => open(),
      openWithClock: (clock) => open(clock),
      persistent: options.persistent ?? false,
    };

    beforeEach(async () => {
      current = await open();
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
    outboxCases(ctx);
    outboxListCases(ctx);
    reversedCases(ctx);
    storeCases(ctx);
  });
}
