// One answer per request (design §3.7): a work item run twice — it outlived its lease, or two workers
// raced — yields one callback, the first written, never replaced by a second computation.
import type { FetchBill } from '../../../src/core/fetch-bill';
import type { Ledger } from '../../../src/core/ports';
import { WorkRunner, type WorkRunnerDeps } from '../../../src/jobs/work-runner';
import { callbackId, encodeWork, workId } from '../../../src/jobs/work-item';
import { OpsLog } from '../../../src/jobs/ops-log';
import { openSqliteLedger } from '../../../src/ledger';
import { silentLogger } from '../../../src/core/logger';
import { fetchXml, newId } from '../../support/messages';

let ledger: Ledger;
beforeEach(async () => {
  ledger = await openSqliteLedger(':memory:');
});
afterEach(() => ledger.close());

/** A fetch use case answering with a different customer name on every call: each computation differs. */
function runner(calls: { n: number }, gate?: Promise<void>): WorkRunner {
  const fetchBill = {
    execute: async () => {
      const n = ++calls.n;
      await gate;
      return { ok: true, bills: [{ billId: `b${n}`, billNumber: `BN-${n}`, tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: 'C', amountPaise: 100_00, customerName: `Answer ${n}`, dueDate: '2026-12-31', billDate: '2026-12-01', billPeriod: 'Yearly' }] };
    },
  } as unknown as FetchBill;
  const deps = {
    ledger, log: silentLogger, clock: { now: () => Date.now() }, callbackBase: 'http://cu.example/bbps', sendLeaseMs: 1000,
    fetchBill, opsLog: new OpsLog(ledger), ouId: 'XX01', paymentDeadlineMs: 1000,
  } as unknown as WorkRunnerDeps;
  return new WorkRunner(deps);
}

async function workItem(refId: string) {
  const kind = { api: 'BillFetchRequest' as const, reversal: false };
  const body = encodeWork({ ...kind, refId, hash: 'h', xml: fetchXml({ refId, billerId: 'PBMC00000PUN01', params: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' } }) });
  await ledger.addOutbox({ id: workId(kind, refId), refId, api: kind.api, url: 'work:', body, leaseMs: 1000 });
  return { item: (await ledger.getOutbox(workId(kind, refId)))!, cb: callbackId(kind, refId) };
}

test('a re-run finds the callback already written and computes nothing', async () => {
  const calls = { n: 0 };
  const { item, cb } = await workItem(newId());
  expect(await runner(calls).run(item)).toEqual({ status: 'done', callbackId: cb });
  const first = (await ledger.getOutbox(cb))!.body;
  await ledger.markOutboxSent(cb, (await ledger.getOutbox(cb))!.version);
  expect(await runner(calls).run(item)).toEqual({ status: 'done', callbackId: cb });
  expect(calls.n).toBe(1);
  expect((await ledger.getOutbox(cb))!.body).toBe(first);
  expect((await ledger.getOutbox(cb))!.state).toBe('SENT');
});

test('two runs racing: both compute, the first answer written is the only one', async () => {
  const calls = { n: 0 };
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { item, cb } = await workItem(newId());
  const a = runner(calls, gate).run(item);
  const b = runner(calls, gate).run(item);
  await new Promise((r) => setTimeout(r, 20));
  release();
  expect(await Promise.all([a, b])).toEqual([{ status: 'done', callbackId: cb }, { status: 'done', callbackId: cb }]);
  expect(calls.n).toBe(2);
  const body = (await ledger.getOutbox(cb))!.body;
  expect(body.includes('Answer 1') !== body.includes('Answer 2')).toBe(true);
  const sent = await ledger.findMessages({ refId: item.refId, api: 'BillFetchResponse', direction: 'OUT' });
  expect(sent).toHaveLength(1);
  expect(sent[0].body).toBe(body);
});
