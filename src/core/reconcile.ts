// Reconciliation of the ledger against DIGIT over IST days (docs/reconciliation.md): every payment the
// ledger created in the range, and every BBPS payment DIGIT holds with a transaction date in it, is
// classified once. DIGIT is walked page by page (at most 100 a page) for every configured tenant and
// business service; the window's edges are closed by looking the unmatched up by transaction number.
import type { BillerRegistry } from '../billers/registry';
import { resolveParams } from '../billers/resolve';
import { istDayEnd, istDayStart } from './dates';
import { AppError } from './errors';
import { listOurs } from './find-ours';
import type { Logger } from './logger';
import type { Clock, DigitGateway, DigitPaymentFound, Ledger, PaymentRecord, ReversalRecords } from './ports';
import { summarise, type ReconItem, type ReconReport } from './recon-report';

export { repairReconciliation } from './recon-repair';
export { RECON_CLASSES, formatRupees, needingAction } from './recon-report';
export type { ClassTotal, ReconClass, ReconItem, ReconReport, RepairResult } from './recon-report';

export interface ReconDeps {
  ledger: Ledger;
  digit: DigitGateway;
  billers: BillerRegistry;
  /** the reversals BBPS asked for (the operators' list) */
  reversals: ReversalRecords;
  clock: Clock;
  log: Logger;
  /** how long a repair holds a payment's lease */
  leaseMs: number;
}

export interface ReconQuery {
  from: string;
  to: string;
  tenant?: string;
}

/** DIGIT's cap on a search page. */
export const RECON_PAGE = 100;
/** The longest range one run covers (a run holds the range's payments in memory). */
export const MAX_RECON_DAYS = 92;
const DAY_MS = 24 * 60 * 60 * 1000;
const DEAD = new Set(['CANCELLED', 'DISHONOURED']);
const LIVE_LEDGER = new Set(['RECEIVED', 'POSTING', 'UNKNOWN']);

const invalid = (param: string, message: string) => new AppError('REQUEST_INVALID', message, { param });

/** The range as epoch ms [fromMs, beforeMs), or REQUEST_INVALID naming the parameter. */
export function reconWindow(q: ReconQuery): { fromMs: number; beforeMs: number } {
  const fromMs = istDayStart(q.from);
  if (fromMs === undefined) throw invalid('from', `from must be a day as yyyy-MM-dd (got ${JSON.stringify(q.from)})`);
  const beforeMs = istDayEnd(q.to);
  if (beforeMs === undefined) throw invalid('to', `to must be a day as yyyy-MM-dd (got ${JSON.stringify(q.to)})`);
  if (beforeMs <= fromMs) throw invalid('to', `to (${q.to}) is before from (${q.from})`);
  if (beforeMs - fromMs > MAX_RECON_DAYS * DAY_MS) throw invalid('to', `a run covers at most ${MAX_RECON_DAYS} days`);
  return { fromMs, beforeMs };
}

/** Every (tenant, business service) the biller configuration can pay into, optionally of one tenant. */
export function reconScopes(billers: BillerRegistry, tenant?: string): Array<{ tenantId: string; businessService: string }> {
  const seen = new Map<string, { tenantId: string; businessService: string }>();
  for (const b of billers.all()) {
    const tenants = 'fixed' in b.tenant ? [b.tenant.fixed] : Object.values(b.tenant.values);
    for (const tenantId of tenants) {
      for (const businessService of b.businessServices) seen.set(`${tenantId}|${businessService}`, { tenantId, businessService });
    }
  }
  const all = [...seen.values()];
  if (tenant === undefined) return all;
  const mine = all.filter((s) => s.tenantId === tenant);
  if (mine.length === 0) throw invalid('tenant', `tenant ${JSON.stringify(tenant)} is not a tenant of the biller configuration`);
  return mine;
}

const isBbps = (p: DigitPaymentFound) => {
  const extra = p.additionalDetails as { bbps?: unknown } | null;
  return typeof extra?.bbps === 'object' && extra.bbps !== null;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const unique = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];

function ledgerPaise(row: PaymentRecord): number {
  if (row.state === 'SUCCESS' && row.outcome?.status === 'SUCCESS') return sum(row.outcome.receipts.map((r) => r.amountPaise));
  return row.plan ? sum(row.plan.bills.map((b) => b.amountPaise)) : row.request.amountPaise;
}

function tenantOf(billers: BillerRegistry, row: PaymentRecord): string {
  if (row.plan) return row.plan.tenantId;
  const biller = billers.get(row.billerId);
  const resolved = biller ? resolveParams(biller, row.request.params) : undefined;
  return resolved?.ok ? resolved.tenantId : '';
}

export async function reconcile(
  deps: ReconDeps,
  q: ReconQuery,
  onProgress?: (done: number, total: number) => void,
): Promise<ReconReport> {
  const { fromMs, beforeMs } = reconWindow(q);
  const scopes = reconScopes(deps.billers, q.tenant);
  const rows = (await deps.ledger.listPayments(fromMs, beforeMs)).filter((r) => q.tenant === undefined || tenantOf(deps.billers, r) === q.tenant);

  // progress counts DIGIT payments read and ledger rows classified; a page not yet read counts 100
  let read = 0;
  let classified = 0;
  const progress = (pagesAhead: number) => onProgress?.(read + classified, read + rows.length + pagesAhead * RECON_PAGE);
  progress(scopes.length);

  // ---- DIGIT: every page of every scope; a payment under several business services is one payment
  const byId = new Map<string, DigitPaymentFound>();
  for (const [i, scope] of scopes.entries()) {
    for (let offset = 0; ; ) {
      const page = await deps.digit.listPayments({ ...scope, fromMs, toMs: beforeMs - 1, offset, limit: RECON_PAGE });
      for (const p of page) if (p.transactionDate >= fromMs && p.transactionDate < beforeMs) byId.set(p.paymentId, p);
      read += page.length;
      // an empty page ends the walk: a DIGIT whose cap is below 100 still gets walked to the end
      progress(scopes.length - i - (page.length === 0 ? 1 : 0));
      if (page.length === 0) break;
      offset += page.length;
    }
  }
  const byTxn = new Map<string, DigitPaymentFound[]>();
  for (const p of byId.values()) byTxn.set(p.transactionNumber, [...(byTxn.get(p.transactionNumber) ?? []), p]);

  const reversals = await reversalResults(deps, rows);
  const items: ReconItem[] = [];
  const claimed = new Set<string>();
  for (const row of rows) {
    const txn = row.txnReferenceId;
    claimed.add(txn);
    let found = byTxn.get(txn) ?? [];
    // near the window's edges DIGIT's transaction date and our creation time fall on different days
    if (found.length === 0 && row.plan && (row.attempts > 0 || row.state === 'SUCCESS')) found = await listOurs(deps.digit, txn, row.plan);
    const item = classify(deps.billers, row, found, reversals.get(txn));
    if (item) items.push(item);
    classified += 1;
    progress(0);
  }

  // ---- BBPS payments DIGIT holds that no ledger row of the range claimed
  const orphans = [...byId.values()].filter((p) => !claimed.has(p.transactionNumber) && isBbps(p) && !DEAD.has(p.paymentStatus));
  orphans.sort((a, b) => a.transactionDate - b.transactionDate || a.paymentId.localeCompare(b.paymentId));
  for (const p of orphans) {
    // created just before the range, posted in it: that day's run reports it
    if (p.transactionNumber && (await deps.ledger.getPayment(p.transactionNumber))) continue;
    items.push({
      class: 'MISSING_IN_LEDGER', txnReferenceId: p.transactionNumber || undefined, digitPaise: p.totalPaise,
      receiptNumbers: p.receipts.map((r) => r.receiptNumber), tenantId: p.tenantId,
      businessService: unique(p.receipts.map((r) => r.businessService)).join(','), note: `DIGIT payment ${p.paymentId}; the ledger has no such payment`,
    });
  }

  const { classes, needsAction } = summarise(items);
  const report: ReconReport = {
    from: q.from, to: q.to, ...(q.tenant === undefined ? {} : { tenant: q.tenant }),
    generatedAt: new Date(deps.clock.now()).toISOString(), needsAction, classes, items,
  };
  deps.log.info('reconciliation run', {
    from: q.from, to: q.to, tenant: q.tenant, items: items.length, digitPayments: byId.size, needsAction,
    ...Object.fromEntries(Object.entries(classes).map(([c, t]) => [c, t.count])),
  });
  return report;
}

/** The reversal results of the range's payments, read in slices (an indexed lookup each). */
async function reversalResults(deps: ReconDeps, rows: PaymentRecord[]): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  const txns = rows.filter((r) => r.state === 'SUCCESS' || r.state === 'FAILED').map((r) => r.txnReferenceId);
  for (let i = 0; i < txns.length; i += 500) {
    for (const [txn, result] of await deps.reversals.latestResults(txns.slice(i, i + 500))) all.set(txn, result);
  }
  return all;
}

/** One ledger row against what DIGIT holds under its transaction number; undefined: nothing to report. */
function classify(billers: BillerRegistry, row: PaymentRecord, found: DigitPaymentFound[], reversal: string | undefined): ReconItem | undefined {
  const live = found.filter((p) => !DEAD.has(p.paymentStatus));
  const cancelled = found.length - live.length;
  const paise = ledgerPaise(row);
  const digitPaise = live.length ? sum(live.map((p) => p.totalPaise)) : undefined;
  const ledgerReceipts = row.outcome?.status === 'SUCCESS' ? row.outcome.receipts : [];
  const base = {
    txnReferenceId: row.txnReferenceId, ledgerState: row.state, ledgerPaise: paise, ...(digitPaise === undefined ? {} : { digitPaise }),
    receiptNumbers: live.length ? live.flatMap((p) => p.receipts.map((r) => r.receiptNumber)) : ledgerReceipts.map((r) => r.receiptNumber),
    tenantId: tenantOf(billers, row),
    businessService: unique(row.plan ? row.plan.bills.map((b) => b.businessService) : ledgerReceipts.map((r) => r.businessService)).join(','),
  };
  const several = live.length > 1 ? `; DIGIT holds ${live.length} payments under this transaction number` : '';
  const reversed = row.reversedAt !== undefined || row.reversalRequested || reversal === 'POSTED_MANUAL' || reversal === 'CANCELLED_IN_DIGIT' || reversal === 'NOT_POSTED';

  if (LIVE_LEDGER.has(row.state)) {
    // a reversal asked of it is the reversal's to settle (it may still cancel it in DIGIT)
    const repairable = live.length === 1 && row.plan !== undefined && digitPaise === paise && !row.reversalRequested;
    const note = repairable
      ? 'DIGIT holds it with the same amount: --repair settles it'
      : row.reversalRequested
        ? 'a reversal was asked: the reversal settles it'
        : live.length
        ? `DIGIT holds it with another amount or more than once${several}`
        : 'DIGIT does not hold it (yet): the sweeper keeps resolving it';
    return { class: 'UNRESOLVED', ...base, note, ...(repairable ? { repairable: true } : {}) };
  }
  if (row.state === 'FAILED') {
    if (!live.length) return undefined; // nothing was collected, and the ledger agrees
    if (reversed) return { class: 'REVERSED_BUT_POSTED', ...base, note: `closed as reversed, yet DIGIT holds it${several}` };
    const why = row.outcome?.status === 'FAILED' ? ` (${row.outcome.code})` : '';
    return { class: 'MISSING_IN_LEDGER', ...base, note: `the ledger says FAILED${why}, DIGIT holds it${several}` };
  }
  // SUCCESS
  if (reversed) {
    if (live.length) return { class: 'REVERSED_BUT_POSTED', ...base, note: `reversed by BBPS; DIGIT's payment is still live${several}` };
    return { class: 'MATCHED', ...base, note: cancelled ? 'reversed; cancelled in DIGIT' : 'reversed; not in DIGIT' };
  }
  if (!live.length) return { class: 'MISSING_IN_DIGIT', ...base, note: cancelled ? 'DIGIT holds it cancelled' : 'DIGIT has no payment with this transaction number' };
  if (digitPaise !== paise) return { class: 'AMOUNT_MISMATCH', ...base, note: `ledger ${paise} paise, DIGIT ${digitPaise} paise${several}` };
  return { class: 'MATCHED', ...base };
}
