// The reconciliation's report (ledger against DIGIT, docs/reconciliation.md): the classes, one item per
// payment, totals per class in integer paise. Shared by the CLI, GET /ops/recon and the console.
import type { PaymentState } from './types';

/** In the order reports list them. */
export const RECON_CLASSES = ['MATCHED', 'MISSING_IN_DIGIT', 'MISSING_IN_LEDGER', 'AMOUNT_MISMATCH', 'UNRESOLVED', 'REVERSED_BUT_POSTED'] as const;
export type ReconClass = (typeof RECON_CLASSES)[number];

export interface ReconItem {
  class: ReconClass;
  txnReferenceId?: string;
  /** the ledger's state (absent: the ledger has no such payment) */
  ledgerState?: PaymentState;
  /** what the ledger says was (or is being) paid: the receipts of a SUCCESS, else the posting plan's bills */
  ledgerPaise?: number;
  /** what DIGIT holds live (not cancelled or dishonoured) under this transaction number */
  digitPaise?: number;
  /** DIGIT's receipt numbers when it holds the payment, else the ledger's */
  receiptNumbers: string[];
  tenantId: string;
  /** the business service(s) of the payment, comma-separated when several */
  businessService: string;
  note?: string;
  /** UNRESOLVED and DIGIT holds it with the same amount: `--repair` settles it (the only safe class) */
  repairable?: boolean;
}

export interface ClassTotal {
  count: number;
  /** the items' ledger amounts (DIGIT's when the ledger has none), integer paise */
  paise: number;
}

export interface ReconReport {
  /** IST days, inclusive */
  from: string;
  to: string;
  tenant?: string;
  /** ISO 8601 */
  generatedAt: string;
  /** some item is not MATCHED */
  needsAction: boolean;
  classes: Record<ReconClass, ClassTotal>;
  items: ReconItem[];
}

export interface RepairResult {
  repaired: Array<{ txnReferenceId: string; receiptNumbers: string[] }>;
  /** repairable items left as they were, and why (the lease was held, DIGIT changed, DIGIT could not be searched) */
  skipped: Array<{ txnReferenceId: string; reason: string }>;
}

export function summarise(items: ReconItem[]): { classes: Record<ReconClass, ClassTotal>; needsAction: boolean } {
  const classes = Object.fromEntries(RECON_CLASSES.map((c) => [c, { count: 0, paise: 0 }])) as Record<ReconClass, ClassTotal>;
  for (const item of items) {
    classes[item.class].count += 1;
    classes[item.class].paise += item.ledgerPaise ?? item.digitPaise ?? 0;
  }
  return { classes, needsAction: RECON_CLASSES.some((c) => c !== 'MATCHED' && classes[c].count > 0) };
}

/** Items needing action per class (MATCHED excluded), every class named: the metrics gauge. */
export function needingAction(report: ReconReport): Record<string, number> {
  return Object.fromEntries(RECON_CLASSES.filter((c) => c !== 'MATCHED').map((c) => [c, report.classes[c].count]));
}

/** Integer paise as rupees with two decimals, from integers only (never a float division). */
export function formatRupees(paise: number): string {
  const sign = paise < 0 ? '-' : '';
  const abs = Math.abs(paise);
  const rest = abs % 100;
  return `${sign}${(abs - rest) / 100}.${String(rest).padStart(2, '0')}`;
}
