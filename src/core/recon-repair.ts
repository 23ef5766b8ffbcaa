// The reconciliation's repair (docs/reconciliation.md): only an UNRESOLVED payment that DIGIT holds
// once, with the amount the ledger planned, is settled — SUCCESS with DIGIT's receipts, written under the
// payment's fenced lease. Nothing is ever posted to DIGIT here (no `_create`): DIGIT is only searched
// again, under the lease, so a report that went stale in between repairs nothing.
import { listOurs } from './find-ours';
import { HeldPayment } from './held-payment';
import { DigitCallError, type DigitGateway, type Ledger } from './ports';
import type { ReconReport, RepairResult } from './recon-report';
import type { Logger } from './logger';

export interface RepairDeps {
  ledger: Ledger;
  digit: DigitGateway;
  log: Logger;
  leaseMs: number;
}

/** A payment left alone goes back to the sweeper: UNKNOWN, retried soon. */
const BACK_TO_SWEEPER_MS = 1000;

export async function repairReconciliation(deps: RepairDeps, report: ReconReport): Promise<RepairResult> {
  const result: RepairResult = { repaired: [], skipped: [] };
  for (const item of report.items) {
    if (item.class !== 'UNRESOLVED' || !item.repairable || !item.txnReferenceId) continue;
    const txn = item.txnReferenceId;
    const skip = (reason: string) => {
      result.skipped.push({ txnReferenceId: txn, reason });
      deps.log.warn('reconciliation repair: skipped', { txnReferenceId: txn, reason });
    };
    const leased = await deps.ledger.tryLease(txn, deps.leaseMs);
    if (!leased) {
      skip('its lease is held by a worker, or it is no longer unresolved');
      continue;
    }
    const held = new HeldPayment(deps.ledger, leased, deps.leaseMs);
    const release = (reason: string) => held.giveUp(`reconciliation repair skipped: ${reason}`, BACK_TO_SWEEPER_MS, leased.lastPostAt).then(() => skip(reason));
    const plan = leased.plan;
    if (!plan || leased.reversalRequested) {
      await release(plan ? 'a reversal was asked meanwhile: the reversal settles it' : 'no posting plan recorded');
      continue;
    }
    try {
      const live = (await listOurs(deps.digit, txn, plan)).filter((p) => p.paymentStatus !== 'CANCELLED' && p.paymentStatus !== 'DISHONOURED');
      const planned = plan.bills.reduce((s, b) => s + b.amountPaise, 0);
      if (live.length !== 1 || live[0].totalPaise !== planned) {
        await release(live.length === 0 ? 'DIGIT no longer holds it' : 'DIGIT holds another amount or several payments');
        continue;
      }
      const receipts = live[0].receipts;
      if (!(await held.complete({ status: 'SUCCESS', receipts }))) {
        skip('the lease was lost before the write');
        continue;
      }
      result.repaired.push({ txnReferenceId: txn, receiptNumbers: receipts.map((r) => r.receiptNumber) });
      deps.log.info('reconciliation repair: settled as SUCCESS from DIGIT', { txnReferenceId: txn, receipts: receipts.map((r) => r.receiptNumber) });
    } catch (e) {
      if (!(e instanceof DigitCallError)) throw e;
      await release(`DIGIT could not be searched (${e.kind})`);
    }
  }
  return result;
}
