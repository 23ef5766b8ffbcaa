// The end of an epoch: DIGIT healthy, no kill armed; then wait until the service has nothing left —
// no payment unresolved in the ledger, no outbox item pending, every acknowledged async request
// answered — nudging unresolved payments with a status query (which resolves one at once).
import type { Journal } from './journal';
import type { Driver } from './driver';
import type { World } from './world';
import { rng } from './rng';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Settled {
  ok: boolean;
  ms: number;
  /** what was still open when the wait gave up */
  open: string[];
}

export async function settle(world: World, journal: Journal, driver: Driver, o: { timeoutMs: number; seed: number }): Promise<Settled> {
  const started = Date.now();
  const nudged = new Set<string>();
  const r = rng(o.seed);
  let open: string[] = [];
  const nudges: Array<Promise<void>> = [];
  for (;;) {
    await world.service.settled();
    const ledger = await world.openLedger();
    let unresolved: string[];
    let pending: number;
    try {
      unresolved = (await ledger.listUnresolved(Date.now() + 3600_000)).map((p) => p.txnReferenceId);
      pending = (await ledger.pendingOutbox()).count;
    } finally {
      await ledger.close();
    }
    const waiting = journal.waitingExchanges(world.cu.received);
    open = [...unresolved.map((t) => `unresolved ${t}`), ...(pending ? [`${pending} outbox item(s) pending`] : []), ...waiting.map((k) => `no callback for ${k}`)];
    if (open.length === 0) {
      // a nudge still out (its answer not in yet) may leave new work: wait for it and look again
      const out = nudges.splice(0);
      if (out.length === 0) return { ok: true, ms: Date.now() - started, open };
      await Promise.all(out);
      continue;
    }
    if (Date.now() - started > o.timeoutMs) return { ok: false, ms: Date.now() - started, open };
    // after a moment, ask about what is still unresolved: a status query (or a sync repeat) resolves it now
    if (Date.now() - started > 2000) {
      for (const txn of unresolved) {
        if (nudged.has(txn)) continue;
        nudged.add(txn);
        const p = journal.payments.get(txn);
        if (p?.channel === 'sync') nudges.push(driver.repeat(p));
        else if (p) nudges.push(driver.status({ refId: r.id(35), target: -1, txn }));
      }
    }
    await sleep(200);
  }
}
