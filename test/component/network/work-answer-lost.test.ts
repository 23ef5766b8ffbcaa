// Review finding (async routes, PostgreSQL): once a request's work item is stored it is worked on and
// answered by callback whatever the Ack said. An Ack must therefore never refuse a request whose work
// item may exist: the connection dropping after the work item committed, or the payment's own record
// failing after it, used to answer a Failure Ack — followed by a callback with the receipt.
import { startPgDropProxy, type PgDropProxy } from '../../support/pg-drop-proxy';
import { describePg, dropSchema, pgExec, uniqueSchema } from '../../support/pg';
import { expectConservation } from '../../support/harness';
import { schemaUrl } from '../multi-instance/schema-url';
import { startNetwork, type Network } from './network-harness';

const CASES: Array<{ statement: string; billerId: string; params: Record<string, string> }> = [
  { statement: 'add_outbox', billerId: 'PBMC00000PUN01', params: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' } },
  { statement: 'claim_payment', billerId: 'AMRW00000PUN01', params: { 'Connection Number': 'WS/107/2023-24/000045' } },
];
const schema = uniqueSchema('work_lost');
let n: Network;
let proxy: PgDropProxy;

describePg('an async request whose work item committed while its answer was lost (PostgreSQL)', () => {
  beforeAll(async () => {
    await pgExec(`CREATE SCHEMA ${schema}`);
    proxy = await startPgDropProxy();
    n = await startNetwork({ env: { DATABASE_URL: schemaUrl(proxy.url, schema) } });
  });
  afterAll(async () => {
    if (n) await expectConservation(n.h);
    await n?.stop();
    await proxy?.close();
    await dropSchema(schema);
  });

  test.each(CASES)('the Ack accepts it ($statement cut after its commit), one callback, one DIGIT payment', async ({ statement, billerId, params }) => {
    const fetched = await n.cu.fetch({ billerId, params });
    const bill = (await n.cu.waitFor('BillFetchResponse', fetched.refId)).message?.billerResponses[0];
    const before = n.h.sandbox.stats().createCalls;
    const dropped = proxy.dropAfterCommitOf(statement);
    const paid = await n.cu.pay({
      billerId, params, refId: fetched.refId, amountPaise: Number(bill?.amount),
      bills: [{ billNumber: bill?.billNumber ?? '', amountPaise: Number(bill?.amount) }],
    });
    await dropped;
    expect(paid.ack).toMatchObject({ api: 'PAYMENT_REQUEST', rspCd: 'Successful' });
    const cb = await n.cu.waitFor('BillPaymentResponse', fetched.refId, 8000);
    expect(cb.message?.reason).toMatchObject({ responseCode: '000' });
    expect(n.h.sandbox.stats().createCalls).toBe(before + 1);
  });
});
