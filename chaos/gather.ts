// The records the invariants are checked on, read now: the driver's journal, the CU's callbacks,
// DIGIT's own stored payments and the ledger (opened beside the running service).
import { digitFacts, type Evidence } from './evidence';
import type { Journal } from './journal';
import type { World } from './world';

/** The journal, the CU's callbacks, DIGIT's payments (its own records) and the ledger, read now. */
export async function gather(world: World, journal: Journal): Promise<Evidence> {
  const digit = world.sandbox.listPayments().map(digitFacts).filter((p) => p !== undefined);
  const ledger = await world.openLedger();
  try {
    const rows = await ledger.listPayments(0, Date.now() + 3600_000);
    const totals = await ledger.successTotals();
    return journal.evidence(world.cu.received, {
      digit,
      ledger: rows.map((row) => {
        const receipts = row.outcome?.status === 'SUCCESS' ? row.outcome.receipts : [];
        return { txn: row.txnReferenceId, state: row.state, receipts: receipts.map((x) => x.receiptNumber), amountPaise: receipts.reduce((s, x) => s + x.amountPaise, 0), reversed: row.reversedAt !== undefined };
      }),
      ledgerTotals: totals,
    });
  } finally {
    await ledger.close();
  }
}
