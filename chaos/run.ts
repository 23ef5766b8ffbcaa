// One chaos run: the plan from the seed, the world on loopback, then epoch by epoch — faults and
// kills as planned while the ops run, DIGIT made healthy, the service settled, the invariants checked.
import { BbpsClient, CONSUMER_START, consumerParams } from './client';
import { Driver } from './driver';
import { replyText } from './evidence';
import { applyFault, clearAll, describeFault } from './faults';
import { checkInvariants, type Violation } from './invariants';
import { Journal } from './journal';
import { KillSwitch } from './kills';
import { makePlan, paymentsById, type Epoch, type Plan, type PlanOptions } from './plan';
import { gather } from './gather';
import { forgeDoublePost } from './self-test';
import { settle } from './settle';
import { startWorld, type World } from './world';
import { rng } from './rng';

export interface EpochResult {
  index: number;
  ops: number;
  faults: string[];
  kills: number;
  settleMs: number;
  violations: Violation[];
  ms: number;
}

export interface RunResult {
  plan: Plan;
  epochs: EpochResult[];
  violations: Violation[];
  ran: Record<string, number>;
  skipped: number;
  /** counter-clerk payments DIGIT took (the bill was then someone else's) */
  clerkPaid: number;
  killsPlanned: number;
  kills: Record<string, number>;
  starts: number;
  faults: Record<string, number>;
  requests: { attempts: number; lost: number };
  digit: { createCalls: number; createSucceeded: number; payments: number; sumPaise: number };
  ledger: { payments: number; success: number; failed: number; sumPaise: number };
  /** how much the final check looked at */
  checked: { forwardAnswers: number; exchanges: number; callbacks: number; conflicts: Record<string, number>; reversals: Record<string, number> };
  ms: number;
  dir: string;
}

export interface RunOptions extends PlanOptions {
  keep?: boolean;
  /** after each epoch */
  onEpoch?: (e: EpochResult) => void;
  settleTimeoutMs?: number;
  /** forge a double post in DIGIT after the first epoch: the checker must report it */
  selfTest?: boolean;
}

export async function runChaos(o: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const plan = makePlan(o);
  const world = await startWorld();
  try {
    // one consumer more than the plan uses: the self-test's forged payment pays its bill
    world.sandbox.addBulkPtConsumers({ count: plan.consumers + 1, amount: 700, start: CONSUMER_START });
    const journal = new Journal();
    const client = new BbpsClient(world.service, world.cuPrivatePem);
    const kills = new KillSwitch(world.service, world.sandbox);
    const clerk = (consumer: number) => {
      try {
        world.sandbox.payElsewhere({ tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: consumerParams(consumer)['Property ID'] as string });
        clerkPaid += 1;
      } catch {
        // the bill was paid already (by the adapter): the clerk is refused, as DIGIT would
      }
    };
    let clerkPaid = 0;
    const driver = new Driver(client, journal, kills, paymentsById(plan), clerk);
    const faults: Record<string, number> = {};
    const epochs: EpochResult[] = [];
    const seen = new Map<string, Violation>();
    for (const epoch of plan.epochs) {
      const forge = o.selfTest && epoch.index === 0 ? () => forgeDoublePost(world, journal, plan.consumers) : undefined;
      const result = await runEpoch(world, epoch, { journal, client, kills, driver, faults, seed: plan.seed, settleTimeoutMs: o.settleTimeoutMs ?? 90_000, forge });
      for (const v of result.violations) seen.set(`${v.rule} ${v.detail}`, v);
      epochs.push(result);
      o.onEpoch?.(result);
    }
    // and once more at the end, on everything as it now stands (late callbacks, DIGIT's last mark-as-paid)
    const evidence = await gather(world, journal);
    for (const v of checkInvariants(evidence)) seen.set(`${v.rule} ${v.detail}`, v);
    const ledgerRows = evidence.ledger;
    const stats = world.sandbox.stats();
    const violations = [...seen.values()];
    return {
      plan, epochs, violations, ran: driver.ran, skipped: driver.skipped, clerkPaid,
      killsPlanned: kills.planned, kills: { ...world.service.kills }, starts: world.service.starts, faults,
      requests: { attempts: client.attempts, lost: client.lost },
      digit: { createCalls: stats.createCalls, createSucceeded: stats.createSucceeded, payments: evidence.digit.length, sumPaise: evidence.digit.reduce((s, p) => s + p.amountPaise, 0) },
      ledger: {
        payments: ledgerRows.length, success: ledgerRows.filter((r) => r.state === 'SUCCESS').length, failed: ledgerRows.filter((r) => r.state === 'FAILED').length,
        sumPaise: evidence.ledgerTotals.sumPaise,
      },
      checked: {
        forwardAnswers: evidence.forwardAnswers.length,
        exchanges: evidence.exchanges.length,
        callbacks: world.cu.received.length,
        conflicts: tally(evidence.conflicts.map((c) => c.outcome)),
        reversals: tally(evidence.reversals.map((x) => replyText(x.reply).replace(x.txn, 'txn'))),
      },
      ms: Date.now() - started,
      dir: world.dir,
    };
  } finally {
    await world.close({ keep: o.keep ?? false });
  }
}

function tally(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

interface Parts {
  journal: Journal;
  client: BbpsClient;
  kills: KillSwitch;
  driver: Driver;
  faults: Record<string, number>;
  seed: number;
  settleTimeoutMs: number;
  /** runs after settling, before the check */
  forge?: () => void;
}

async function runEpoch(world: World, epoch: Epoch, p: Parts): Promise<EpochResult> {
  const started = Date.now();
  const applied: string[] = [];
  const killsBefore = Object.values(world.service.kills).reduce((a, b) => a + b, 0);
  p.kills.arm(epoch.kills);
  for (const [b, batch] of epoch.batches.entries()) {
    for (const f of epoch.faults.filter((x) => x.atBatch === b)) {
      applyFault(f.action, world.sandbox, world.cu);
      const name = describeFault(f.action);
      applied.push(name);
      const kind = name.replace(/[+×].*$/, '');
      p.faults[kind] = (p.faults[kind] ?? 0) + 1;
    }
    p.kills.beforeBatch(b);
    await Promise.all(batch.map((op) => p.driver.run(op, epoch.index)));
  }
  // DIGIT healthy, nothing armed: let the sweeper and the outbox finish
  p.kills.disarm();
  clearAll(world.sandbox, world.cu);
  const r = rng(p.seed * 1000 + epoch.index);
  let settled = await settle(world, p.journal, p.driver, { timeoutMs: p.settleTimeoutMs, seed: r.int(0, 2 ** 31) });
  // every payment of the epoch asked about once more (its final answer restated), sync ones repeated
  if (settled.ok) {
    const mine = [...p.journal.payments.values()].filter((x) => x.epoch === epoch.index && x.acknowledged);
    await Promise.all(mine.map(async (x) => {
      if (x.channel === 'sync' && !x.answered) await p.driver.repeat(x);
      await p.driver.status({ refId: r.id(35), target: -1, txn: x.txn });
    }));
    const again = await settle(world, p.journal, p.driver, { timeoutMs: p.settleTimeoutMs, seed: r.int(0, 2 ** 31) });
    settled = { ok: again.ok, ms: settled.ms + again.ms, open: again.open };
  }
  p.forge?.();
  const violations = checkInvariants(await gather(world, p.journal));
  for (const o of settled.open.slice(0, 20)) violations.push({ rule: 'unanswered', detail: `not settled within ${p.settleTimeoutMs} ms: ${o}` });
  return {
    index: epoch.index,
    ops: epoch.batches.reduce((s, b) => s + b.length, 0),
    faults: applied,
    kills: Object.values(world.service.kills).reduce((a, b) => a + b, 0) - killsBefore,
    settleMs: settled.ms,
    violations,
    ms: Date.now() - started,
  };
}
