// The reconciliation CSV read back into report items (tests compare it with the JSON report).
import { RECEIPT_SEPARATOR } from '../../src/core/recon-csv';
import type { ReconClass, ReconItem } from '../../src/core/reconcile';
import type { PaymentState } from '../../src/core/types';

export function itemsFromCsv(rows: Array<Record<string, string>>): ReconItem[] {
  return rows.map((r) => ({
    class: r.class as ReconClass,
    ...(r.txnReferenceId ? { txnReferenceId: r.txnReferenceId } : {}),
    ...(r.ledgerState ? { ledgerState: r.ledgerState as PaymentState } : {}),
    ...(r.ledgerPaise ? { ledgerPaise: Number(r.ledgerPaise) } : {}),
    ...(r.digitPaise ? { digitPaise: Number(r.digitPaise) } : {}),
    receiptNumbers: r.receiptNumbers ? r.receiptNumbers.split(RECEIPT_SEPARATOR) : [],
    tenantId: r.tenantId,
    businessService: r.businessService,
    ...(r.note ? { note: r.note } : {}),
    ...(r.repairable === 'true' ? { repairable: true } : {}),
  }));
}
