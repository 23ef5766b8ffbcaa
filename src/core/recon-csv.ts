// The report's items as CSV (RFC 4180): a header row, CRLF line ends, a field quoted when it holds a
// comma, a double quote, CR or LF (quotes doubled inside). Amounts stay integer paise, as in the JSON.
import type { ReconItem, ReconReport } from './recon-report';

export const RECON_CSV_COLUMNS = [
  'class', 'txnReferenceId', 'ledgerState', 'ledgerPaise', 'digitPaise', 'receiptNumbers', 'tenantId', 'businessService', 'repairable', 'note',
] as const;

/** Receipt numbers in one field (they hold `/`, never `;`). */
export const RECEIPT_SEPARATOR = ';';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cells(item: ReconItem): string[] {
  return [
    item.class, item.txnReferenceId ?? '', item.ledgerState ?? '', item.ledgerPaise?.toString() ?? '', item.digitPaise?.toString() ?? '',
    item.receiptNumbers.join(RECEIPT_SEPARATOR), item.tenantId, item.businessService, item.repairable ? 'true' : '', item.note ?? '',
  ];
}

export function reconCsv(report: ReconReport): string {
  const lines = [RECON_CSV_COLUMNS.join(','), ...report.items.map((i) => cells(i).map(csvField).join(','))];
  return lines.map((l) => `${l}\r\n`).join('');
}
