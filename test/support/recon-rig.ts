// Reconciliation tests' rig: the real DIGIT sandbox over HTTP and a real ledger (SQLite file, or any
// Ledger given), sharing one clock that follows real time from a chosen instant and can jump (a
// payment created just before midnight IST, posted just after). Payments are made the way the adapter
// makes them: PayBill for the ordinary ones; the same ledger steps PayBill takes (claim, POSTING with
// its plan, `_create`, outcome) for the states a crash or a lost answer leaves behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBillersFile } from '../../src/billers/load';
import { BillerRegistry } from '../../src/billers/registry';
import { paymentContentHash } from '../../src/core/content-hash';
import { silentLogger } from '../../src/core/logger';
import { PayBill } from '../../src/core/pay-bill';
import type { Clock, Ledger } from '../../src/core/ports';
import type { ReconDeps } from '../../src/core/reconcile';
import type { PaymentRequest, PostingPlan, Receipt } from '../../src/core/types';
import { createDigitGateway, type DigitClient } from '../../src/digit';
import { OpsLog } from '../../src/jobs/ops-log';
import { openSqliteLedger } from '../../src/ledger';
import { createDigitSandbox, SANDBOX_USER, type DigitSandbox } from '../../src/simulators/digit';
import { newId } from './messages';

/** 2026-11-20 12:00 IST */
export const NOON_20_NOV = Date.UTC(2026, 10, 20, 6, 30);
export const IST_MS = 330 * 60_000;
/** The first instant of an IST day (yyyy-MM-dd). */
export const istMidnight = (day: string) => Date.parse(`${day}T00:00:00Z`) - IST_MS;

export const PT = { tenantId: 'pb.amritsar', businessService: 'PT' };
export const PT_BILLER = 'PBMC00000PUN01';

export interface ReconRig {
  sandbox: DigitSandbox;
  url: string;
  dir: string;
  ledgerPath: string;
  ledger: Ledger;
  digit: DigitClient;
  clock: Clock & { jumpTo(epochMs: number): void };
  deps: ReconDeps;
  opsLog: OpsLog;
  payBill: PayBill;
  /** N fresh PT consumers of ₹1,500 each */
  consumers(n: number): string[];
  request(consumerCode: string, over?: Partial<PaymentRequest>): PaymentRequest;
  /** a payment through PayBill: SUCCESS in the ledger and in DIGIT */
  pay(consumerCode: string, over?: Partial<PaymentRequest>): Promise<PaymentRequest>;
  /** the ledger steps alone: claimed, POSTING with the plan; `post` makes the `_create`; then `end` */
  stepwise(consumerCode: string, o: { post: boolean; end: 'UNKNOWN' | 'SUCCESS' | 'POSTING'; receipts?: Receipt[]; beforePost?: () => void }): Promise<PaymentRequest>;
  stop(): Promise<void>;
}

export async function startReconRig(o: { ledger?: (clock: Clock) => Promise<Ledger>; at?: number } = {}): Promise<ReconRig> {
  const dir = mkdtempSync(join(tmpdir(), 'bbps-recon-'));
  let origin = o.at ?? NOON_20_NOV;
  let since = Date.now();
  const clock = {
    now: () => origin + (Date.now() - since),
    jumpTo(epochMs: number) {
      origin = epochMs;
      since = Date.now();
    },
  };
  const sandbox = createDigitSandbox({ now: () => clock.now(), markPaidDelayMs: 20 });
  const server = await sandbox.listen();
  const ledgerPath = join(dir, 'ledger.db');
  const ledger = o.ledger ? await o.ledger(clock) : await openSqliteLedger(ledgerPath, { clock });
  const digit = createDigitGateway({
    baseUrl: server.url, username: SANDBOX_USER.username, password: SANDBOX_USER.password, loginTenant: SANDBOX_USER.tenantId,
    userType: 'EMPLOYEE', timeoutMs: 2000, circuit: false, now: () => clock.now(),
  });
  const billers = new BillerRegistry(loadBillersFile('config/billers.json'));
  const leaseMs = 10_000;
  const opsLog = new OpsLog(ledger);
  const deps: ReconDeps = { ledger, digit, billers, reversals: opsLog, clock, log: silentLogger, leaseMs };
  const payBill = new PayBill({ billers, digit, ledger, clock, log: silentLogger, ouId: 'XX01', leaseMs, persistBoundMs: 2000 });
  let next = 1;

  const request = (consumerCode: string, over: Partial<PaymentRequest> = {}): PaymentRequest => ({
    refId: newId(), msgId: newId(), origInst: 'OU01', agentId: 'AGT0001', channel: 'INT', billerId: PT_BILLER,
    params: [{ name: 'City', value: 'Amritsar' }, { name: 'Property ID', value: consumerCode }],
    txnReferenceId: newId(20), amountPaise: 150_000, custConvFeePaise: 0, paymentMode: 'UPI', quickPay: true, billsNamed: [],
    customerName: 'Asha Rani', reversal: false, ...over,
  });

  const planFor = async (req: PaymentRequest, consumerCode: string): Promise<PostingPlan> => {
    const [bill] = await digit.fetchBills({ ...PT, consumerCode });
    return {
      tenantId: PT.tenantId, paidBy: 'Asha Rani', paymentMode: 'ONLINE',
      bills: [{ billId: bill.billId, billNumber: bill.billNumber, businessService: 'PT', consumerCode, amountPaise: req.amountPaise }],
      additionalDetails: { bbps: { txnReferenceId: req.txnReferenceId, refId: req.refId, msgId: req.msgId, billerId: req.billerId, ouId: 'XX01' } },
    };
  };

  return {
    sandbox, url: server.url, dir, ledgerPath, ledger, digit, clock, deps, opsLog, payBill,
    consumers(n) {
      const codes = sandbox.addBulkPtConsumers({ count: n, amount: 1500, tenantId: PT.tenantId, start: next });
      next += n;
      return codes;
    },
    request,
    async pay(consumerCode, over) {
      const req = request(consumerCode, over);
      const outcome = await payBill.execute(req, clock.now() + 10_000);
      if (outcome.status !== 'SUCCESS') throw new Error(`payment failed: ${JSON.stringify(outcome)}`);
      return req;
    },
    async stepwise(consumerCode, s) {
      const req = request(consumerCode);
      const { payment } = await ledger.claimPayment({ request: req, contentHash: paymentContentHash(req), leaseMs });
      const plan = await planFor(req, consumerCode);
      const started = await ledger.now();
      if (!(await ledger.markPosting(req.txnReferenceId, payment.leaseToken, plan, leaseMs, started))) throw new Error('markPosting refused');
      s.beforePost?.();
      const receipts = s.post ? await digit.createPayment(req.txnReferenceId, req.txnReferenceId, plan) : (s.receipts ?? []);
      if (s.end === 'SUCCESS') await ledger.complete(req.txnReferenceId, payment.leaseToken, { status: 'SUCCESS', receipts });
      // the answer was lost (timeout) or the process died after _create: nobody holds it now
      if (s.end === 'UNKNOWN') await ledger.markUnknown(req.txnReferenceId, payment.leaseToken, 'DIGIT timed out', 60_000, started);
      return req;
    },
    async stop() {
      digit.close();
      await ledger.close();
      await server.close();
      await sandbox.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The DIGIT payment-search pages the sandbox was asked for: offset and limit of each. */
export function searchPages(sandbox: DigitSandbox, businessService = 'PT'): Array<{ offset: number; limit: number }> {
  return sandbox
    .receivedCalls()
    .filter((c) => c.route === 'paymentsearch' && c.path.endsWith(`/${businessService}/_search`) && c.query.includes('fromDate='))
    .map((c) => {
      const q = new URLSearchParams(c.query);
      return { offset: Number(q.get('offset')), limit: Number(q.get('limit')) };
    });
}
