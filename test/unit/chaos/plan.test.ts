// The plan of a chaos run comes from its seed alone: the same seed replays the same ops, faults and kills.
import { makePlan, paymentsById, type Op } from '../../../chaos/plan';
import { rng } from '../../../chaos/rng';

const ops = (p: ReturnType<typeof makePlan>): Op[] => p.epochs.flatMap((e) => e.batches.flat());

test('same seed → the same plan; another seed → another plan', () => {
  const a = makePlan({ seed: 42, ops: 500 });
  expect(makePlan({ seed: 42, ops: 500 })).toEqual(a);
  expect(JSON.stringify(makePlan({ seed: 43, ops: 500 }))).not.toEqual(JSON.stringify(a));
});

test('the sizes asked for: ops in epochs of epochSize, batches of batchSize, consumers enough for every payment', () => {
  const p = makePlan({ seed: 7, ops: 123, epochSize: 50, batchSize: 8 });
  expect(p.epochs.map((e) => e.batches.reduce((s, b) => s + b.length, 0))).toEqual([50, 50, 23]);
  for (const e of p.epochs) for (const b of e.batches) expect(b.length).toBeLessThanOrEqual(8);
  expect(ops(p).map((o) => o.id)).toEqual([...Array(123).keys()]);
  const pays = ops(p).filter((o) => o.kind === 'pay');
  // one fresh consumer (one bill) per payment
  expect(new Set(pays.map((o) => (o.kind === 'pay' ? o.consumer : -1))).size).toBe(pays.length);
  for (const o of ops(p)) if (o.kind === 'pay' || o.kind === 'fetch') expect(o.consumer).toBeLessThan(p.consumers);
});

test('follow-ups (repeats, conflicts, reversals, status) target payments of earlier batches only', () => {
  const p = makePlan({ seed: 99, ops: 400 });
  const byId = paymentsById(p);
  const sentBefore = new Set<number>();
  for (const e of p.epochs) {
    for (const b of e.batches) {
      for (const o of b) if ('target' in o) expect(sentBefore.has(o.target)).toBe(true);
      for (const o of b) if (o.kind === 'pay') sentBefore.add(o.id);
    }
  }
  const reversals = ops(p).filter((o) => o.kind === 'reversal');
  // one reversal per payment at most (those racing their payment included), of either route
  const reversedTargets = [...reversals.map((r) => ('target' in r ? r.target : -1)), ...[...byId.values()].filter((x) => x.race === 'reversal').map((x) => x.id)];
  expect(new Set(reversedTargets).size).toBe(reversedTargets.length);
  expect(new Set(reversals.map((r) => ('target' in r ? byId.get(r.target)?.channel : undefined)))).toEqual(new Set(['sync', 'async']));
  for (const x of byId.values()) if (x.race === 'reversal') expect(x.channel).toBe('async');
  const conflicts = ops(p).filter((o) => o.kind === 'conflict');
  for (const c of conflicts) if (c.kind === 'conflict') expect(c.amountPaise).not.toBe(byId.get(c.target)?.amountPaise);
});

test('every epoch has faults and at least one kill, at moments within the epoch', () => {
  const p = makePlan({ seed: 5, ops: 1000 });
  const kinds = new Set<string>();
  for (const e of p.epochs) {
    expect(e.faults.length).toBeGreaterThan(0);
    expect(e.kills.length).toBeGreaterThan(0);
    for (const f of e.faults) expect(f.atBatch).toBeLessThan(e.batches.length);
    for (const k of e.kills) {
      kinds.add(k.moment);
      if (k.moment === 'beforeAck') expect(e.batches.flat().some((o) => o.id === k.op && o.kind === 'pay')).toBe(true);
    }
  }
  expect(kinds).toEqual(new Set(['beforeAck', 'afterAck', 'beforeCommit', 'afterCommit', 'between']));
});

test('bad sizes are refused', () => {
  expect(() => makePlan({ seed: -1, ops: 10 })).toThrow(/seed/);
  expect(() => makePlan({ seed: 1, ops: 0 })).toThrow(/ops/);
});

test('the PRNG is the same sequence for the same seed', () => {
  const a = rng(123);
  const b = rng(123);
  const xs = Array.from({ length: 5 }, () => a.id(8));
  expect(Array.from({ length: 5 }, () => b.id(8))).toEqual(xs);
  expect(xs.every((x) => /^[A-Z0-9]{8}$/.test(x))).toBe(true);
});
