// The plan of a run, made from its seed alone: epochs of operations in batches (the operations of one
// batch run concurrently), the faults each epoch switches on, and the moments the service is killed.
// Same seed and sizes → the same plan, byte for byte (replay).
import type { FaultSpec } from '../src/simulators/digit';
import type { Misbehaviour } from '../src/simulators/bbps-cu';
import { rng, type Rng } from './rng';

export type Channel = 'sync' | 'async';

/**
 * A payment, `copies` times at once (concurrent duplicates), after a fetch under the same refId or as
 * quick pay. `race`: a reversal or a status query sent `raceDelayMs` after its Ack (async only), a
 * copy over the other route `raceDelayMs` after it was sent, or a counter clerk paying the same bill in
 * DIGIT meanwhile.
 */
export interface PayOp {
  kind: 'pay'; id: number; channel: Channel; consumer: number; refId: string; txn: string; amountPaise: number; fetchFirst: boolean; copies: number;
  race?: 'reversal' | 'status' | 'otherRoute' | 'clerk'; raceDelayMs?: number;
}
/** A fetch alone (a consumer already paid, or one never paid). */
export interface FetchOp { kind: 'fetch'; id: number; channel: Channel; consumer: number; refId: string }
/** The target payment's request again, later (an honest retry: same content), on its route or the other one. */
export interface RepeatOp { kind: 'repeat'; id: number; target: number; otherRoute: boolean }
/** Same txnReferenceId as the target, another amount: async under a new refId or the same one. */
export interface ConflictOp { kind: 'conflict'; id: number; target: number; amountPaise: number; refId: string }
/** A BBPS reversal of the target, sync or async (sent on the async route, under the target's refId). */
export interface ReversalOp { kind: 'reversal'; id: number; target: number }
/** A TxnStatusRequest about the target (async route). */
export interface StatusOp { kind: 'status'; id: number; target: number; refId: string }
export type Op = PayOp | FetchOp | RepeatOp | ConflictOp | ReversalOp | StatusOp;

export type FaultAction =
  | { type: 'digit'; spec: FaultSpec }
  | { type: 'tokens' }
  /** DIGIT persists late: `_create` validates at once and stores `ms` later (past the adapter's timeout) */
  | { type: 'lateCommit'; ms: number }
  | { type: 'cu'; misbehaviour: Misbehaviour }
  | { type: 'clear' };
/** Switched on just before batch `atBatch` of its epoch. */
export interface FaultStep { atBatch: number; action: FaultAction }

/**
 * The moments a SIGKILL hits the service (then it is restarted on the same ledger):
 * - beforeAck: while the op's first request is being sent (whether it was recorded is up to timing)
 * - afterAck: as the n-th Successful Ack of an async payment of the epoch arrives
 * - beforeCommit: as DIGIT receives the n-th `_create` of the epoch (nothing stored; the call is dropped)
 * - afterCommit: as DIGIT has stored the n-th `_create` of the epoch, before it answers (the answer is dropped)
 * - between: before batch `atBatch` (callbacks, sweeper and late work in flight); with `bootKillMs`
 *   the restarted process is killed again that long after its spawn (mid-boot), then started again
 */
export type KillStep =
  | { moment: 'beforeAck'; op: number }
  | { moment: 'afterAck' | 'beforeCommit' | 'afterCommit'; nth: number }
  | { moment: 'between'; atBatch: number; bootKillMs?: number };

export interface Epoch { index: number; batches: Op[][]; faults: FaultStep[]; kills: KillStep[] }

export interface Plan { seed: number; ops: number; epochSize: number; batchSize: number; consumers: number; epochs: Epoch[] }

export interface PlanOptions { seed: number; ops: number; epochSize?: number; batchSize?: number }

const DIGIT_FAULTS: ReadonlyArray<(r: Rng) => FaultSpec> = [
  (r) => ({ route: 'create', mode: 'error5xx', times: r.int(1, 8) }),
  (r) => ({ route: 'create', mode: 'down', times: r.int(1, 4) }),
  (r) => ({ route: 'create', mode: 'hang', times: r.int(1, 3) }),
  (r) => ({ route: 'create', mode: 'commitThenHang', times: r.int(1, 4) }),
  (r) => ({ route: 'create', mode: 'latency', latencyMs: r.int(200, 1500), times: r.int(2, 8) }),
  (r) => ({ route: 'paymentsearch', mode: 'error5xx', times: r.int(1, 6) }),
  (r) => ({ route: 'paymentsearch', mode: 'hang', times: r.int(1, 2) }),
  (r) => ({ route: 'paymentsearch', mode: 'latency', latencyMs: r.int(200, 1000), times: r.int(1, 4) }),
  (r) => ({ route: 'fetchbill', mode: 'error5xx', times: r.int(1, 4) }),
  (r) => ({ route: 'fetchbill', mode: 'down', times: r.int(1, 2) }),
  (r) => ({ route: 'login', mode: 'error5xx', times: r.int(1, 3) }),
  (r) => ({ route: 'login', mode: 'hang', times: 1 }),
  (r) => ({ route: '*', mode: 'down', times: r.int(3, 30) }),
  (r) => ({ route: '*', mode: 'latency', latencyMs: r.int(100, 600), times: r.int(5, 20) }),
  // until the epoch ends (every fault is cleared before an epoch is settled)
  () => ({ route: 'create', mode: 'commitThenHang' }),
  () => ({ route: 'paymentsearch', mode: 'error5xx' }),
  () => ({ route: '*', mode: 'down' }),
  (r) => ({ route: 'create', mode: 'latency', latencyMs: r.int(300, 1500) }),
];
const CU_FAULTS: ReadonlyArray<(r: Rng) => Misbehaviour> = [
  (r) => ({ mode: 'error', times: r.int(1, 6) }),
  (r) => ({ mode: 'drop', times: r.int(1, 4) }),
  (r) => ({ mode: 'failure', times: r.int(1, 4) }),
  (r) => ({ mode: 'slow', times: r.int(1, 2), delayMs: 1500 }),
  // the CU unreachable until the epoch ends: callbacks back off, then all go out once it answers
  () => ({ mode: 'error' }),
];

function faultAction(r: Rng): FaultAction {
  const x = r.next();
  if (x < 0.55) return { type: 'digit', spec: r.pick(DIGIT_FAULTS)(r) };
  if (x < 0.65) return { type: 'lateCommit', ms: r.int(300, 1500) };
  if (x < 0.75) return { type: 'tokens' };
  if (x < 0.95) return { type: 'cu', misbehaviour: r.pick(CU_FAULTS)(r) };
  return { type: 'clear' };
}

function killStep(r: Rng, batches: Op[][]): KillStep {
  const moment = r.pick(['beforeAck', 'afterAck', 'beforeCommit', 'afterCommit', 'afterCommit', 'between'] as const);
  if (moment === 'between') {
    const atBatch = r.int(1, Math.max(1, batches.length - 1));
    return r.chance(0.5) ? { moment, atBatch, bootKillMs: r.int(20, 600) } : { moment, atBatch };
  }
  if (moment === 'beforeAck') {
    const pays = batches.flat().filter((o) => o.kind === 'pay');
    if (pays.length > 0) return { moment, op: r.pick(pays).id };
    return { moment: 'between', atBatch: r.int(1, Math.max(1, batches.length - 1)) };
  }
  return { moment, nth: r.int(1, 4) };
}

/** The whole plan; throws on sizes it cannot honour. */
export function makePlan(o: PlanOptions): Plan {
  const epochSize = o.epochSize ?? 50;
  const batchSize = o.batchSize ?? 8;
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new Error('seed must be a non-negative integer');
  if (!Number.isSafeInteger(o.ops) || o.ops < 1) throw new Error('ops must be a positive integer');
  if (epochSize < 1 || batchSize < 1) throw new Error('epoch and batch sizes must be positive');
  const r = rng(o.seed);
  const pays: PayOp[] = [];
  const reversed = new Set<number>();
  let consumers = 0;
  let id = 0;
  const epochs: Epoch[] = [];
  for (let done = 0; done < o.ops; ) {
    const size = Math.min(epochSize, o.ops - done);
    const batches: Op[][] = [];
    // follow-up ops target payments of earlier batches only: those were sent before this batch starts
    let earlier = pays.length;
    for (let b = 0; b * batchSize < size; b++) {
      const batch: Op[] = [];
      for (let i = 0; i < Math.min(batchSize, size - b * batchSize); i++) batch.push(nextOp());
      earlier = pays.length;
      batches.push(batch);
    }
    done += size;
    const faults: FaultStep[] = Array.from({ length: r.int(1, 4) }, () => ({ atBatch: r.int(0, batches.length - 1), action: faultAction(r) }));
    faults.sort((a, b) => a.atBatch - b.atBatch);
    const kills: KillStep[] = Array.from({ length: r.chance(0.5) ? 2 : 1 }, () => killStep(r, batches));
    epochs.push({ index: epochs.length, batches, faults, kills });

    function nextOp(): Op {
      const x = r.next();
      const target = () => (pays[r.int(0, earlier - 1)] as PayOp);
      const opId = id++;
      if (earlier > 0 && x < 0.12) return { kind: 'repeat', id: opId, target: target().id, otherRoute: r.chance(0.3) };
      if (earlier > 0 && x < 0.2) {
        const t = target();
        const amountPaise = t.amountPaise === 50000 ? 60000 : 50000;
        return { kind: 'conflict', id: opId, target: t.id, amountPaise, refId: t.channel === 'async' && r.chance(0.5) ? t.refId : r.id(35) };
      }
      if (earlier > 0 && x < 0.27) {
        // the network reverses any payment, whichever route it came by (the reversal itself is async only)
        const asyncs = pays.slice(0, earlier).filter((p) => !reversed.has(p.id));
        if (asyncs.length > 0) {
          const t = r.pick(asyncs);
          reversed.add(t.id);
          return { kind: 'reversal', id: opId, target: t.id };
        }
      }
      if (earlier > 0 && x < 0.4) return { kind: 'status', id: opId, target: target().id, refId: r.id(35) };
      if (x > 0.92) {
        const consumer = consumers > 0 && r.chance(0.6) ? r.int(0, consumers - 1) : consumers++;
        return { kind: 'fetch', id: opId, channel: r.chance(0.5) ? 'sync' : 'async', consumer, refId: r.id(35) };
      }
      const amountPaise = r.pick([70000, 70000, 70000, 50000, 50000, 80000]);
      const pay: PayOp = {
        kind: 'pay', id: opId, channel: r.chance(0.5) ? 'sync' : 'async', consumer: consumers++, refId: r.id(35), txn: r.id(20),
        amountPaise, fetchFirst: r.chance(0.7), copies: r.pick([1, 1, 1, 2, 2, 3, 5]),
      };
      const race = r.next();
      if (pay.channel === 'async' && race < 0.08) {
        reversed.add(pay.id);
        Object.assign(pay, { race: 'reversal', raceDelayMs: r.int(0, 400) });
      } else if (pay.channel === 'async' && race < 0.16) Object.assign(pay, { race: 'status', raceDelayMs: r.int(0, 200) });
      else if (race > 0.9 && race <= 0.95) Object.assign(pay, { race: 'otherRoute', raceDelayMs: r.int(0, 300) });
      else if (race > 0.95) Object.assign(pay, { race: 'clerk', raceDelayMs: r.int(0, 50) });
      pays.push(pay);
      return pay;
    }
  }
  return { seed: o.seed, ops: o.ops, epochSize, batchSize, consumers, epochs };
}

/** Every payment op of the plan by id (follow-ups name their target by id). */
export function paymentsById(plan: Plan): Map<number, PayOp> {
  const m = new Map<number, PayOp>();
  for (const e of plan.epochs) for (const b of e.batches) for (const op of b) if (op.kind === 'pay') m.set(op.id, op);
  return m;
}
