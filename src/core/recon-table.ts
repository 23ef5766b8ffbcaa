// The report as text for a terminal: totals per class (count and ₹), then every item needing action.
import { RECON_CLASSES, formatRupees, type ReconItem, type ReconReport, type RepairResult } from './recon-report';

function table(rows: string[][], rightAligned: Set<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

const rupees = (p: number | undefined) => (p === undefined ? '-' : formatRupees(p));

export function reconTable(report: ReconReport): string {
  const scope = report.tenant ? `tenant ${report.tenant}` : 'all tenants';
  const out = [`Reconciliation ${report.from} to ${report.to} (IST days, inclusive), ${scope}; generated ${report.generatedAt}`, ''];
  const totals = [['CLASS', 'COUNT', 'AMOUNT (₹)'], ...RECON_CLASSES.map((c) => [c, String(report.classes[c].count), formatRupees(report.classes[c].paise)])];
  out.push(...table(totals, new Set([1, 2])), '');
  const action = report.items.filter((i: ReconItem) => i.class !== 'MATCHED');
  if (action.length === 0) {
    out.push('Nothing needs action.');
  } else {
    const rows = [
      ['CLASS', 'TXN REFERENCE', 'LEDGER', 'LEDGER ₹', 'DIGIT ₹', 'TENANT', 'SERVICE', 'RECEIPTS', 'NOTE'],
      ...action.map((i) => [
        i.class, i.txnReferenceId ?? '-', i.ledgerState ?? '-', rupees(i.ledgerPaise), rupees(i.digitPaise), i.tenantId || '-', i.businessService || '-',
        i.receiptNumbers.join(' ') || '-', i.note ?? '',
      ]),
    ];
    out.push(`${action.length} item(s) need action:`, ...table(rows, new Set([3, 4])));
  }
  return `${out.join('\n')}\n`;
}

export function repairTable(result: RepairResult): string {
  const lines = [`Repair: ${result.repaired.length} settled, ${result.skipped.length} skipped`];
  for (const r of result.repaired) lines.push(`  settled  ${r.txnReferenceId}  SUCCESS  ${r.receiptNumbers.join(' ')}`);
  for (const s of result.skipped) lines.push(`  skipped  ${s.txnReferenceId}  ${s.reason}`);
  return `${lines.join('\n')}\n`;
}
