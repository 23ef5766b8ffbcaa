// The reconciliation's formats: RFC 4180 CSV (quoted fields, CRLF, a header) read back by a real parser,
// rupees from integer paise, IST day bounds.
import { parse } from 'csv-parse/sync';
import { istDayEnd, istDayStart } from '../../../src/core/dates';
import { csvField, reconCsv, RECON_CSV_COLUMNS } from '../../../src/core/recon-csv';
import { formatRupees, summarise, type ReconItem, type ReconReport } from '../../../src/core/recon-report';
import { reconTable } from '../../../src/core/recon-table';
import { itemsFromCsv } from '../../support/recon-csv';

const items: ReconItem[] = [
  { class: 'MATCHED', txnReferenceId: 'T1', ledgerState: 'SUCCESS', ledgerPaise: 150_050, digitPaise: 150_050, receiptNumbers: ['PT/107/2026-27/000001', 'PT/107/2026-27/000002'], tenantId: 'pb.amritsar', businessService: 'PT,WS' },
  { class: 'AMOUNT_MISMATCH', txnReferenceId: 'T2', ledgerState: 'SUCCESS', ledgerPaise: 100, digitPaise: 99, receiptNumbers: [], tenantId: 'pb.amritsar', businessService: 'PT', note: 'a "quoted", comma\r\nand a new line' },
  { class: 'MISSING_IN_LEDGER', digitPaise: 7, receiptNumbers: ['X'], tenantId: 'pb.jalandhar', businessService: 'TL', note: 'no txn' },
  { class: 'UNRESOLVED', txnReferenceId: 'T3', ledgerState: 'UNKNOWN', ledgerPaise: 5, digitPaise: 5, receiptNumbers: ['R'], tenantId: 'pb.amritsar', businessService: 'PT', note: 'safe', repairable: true },
];
const report: ReconReport = { from: '2026-11-01', to: '2026-11-24', generatedAt: '2026-11-25T00:00:00.000Z', ...summarise(items), items };

test('CSV: a header row, CRLF line ends, quoted fields where needed, parsed back to the same items', () => {
  const csv = reconCsv(report);
  expect(csv.startsWith(`${RECON_CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
  expect(csv.endsWith('\r\n')).toBe(true);
  expect(csv).toContain('"a ""quoted"", comma\r\nand a new line"');
  expect(csv).toContain(',"PT,WS",');
  const rows = parse(csv, { columns: true, record_delimiter: '\r\n' }) as Array<Record<string, string>>;
  expect(itemsFromCsv(rows)).toEqual(items);
  // every line but those inside a quoted field ends CRLF: no bare LF
  expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
});

test('csvField quotes only what needs it', () => {
  expect(csvField('plain')).toBe('plain');
  expect(csvField('')).toBe('');
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  expect(csvField('cr\r')).toBe('"cr\r"');
});

test('totals: count and paise per class, needsAction unless all MATCHED', () => {
  expect(report.classes).toEqual({
    MATCHED: { count: 1, paise: 150_050 }, MISSING_IN_DIGIT: { count: 0, paise: 0 }, MISSING_IN_LEDGER: { count: 1, paise: 7 },
    AMOUNT_MISMATCH: { count: 1, paise: 100 }, UNRESOLVED: { count: 1, paise: 5 }, REVERSED_BUT_POSTED: { count: 0, paise: 0 },
  });
  expect(report.needsAction).toBe(true);
  expect(summarise([items[0]]).needsAction).toBe(false);
  expect(summarise([]).needsAction).toBe(false);
});

test('rupees from integer paise: two decimals, exact for the largest safe integer', () => {
  expect(formatRupees(0)).toBe('0.00');
  expect(formatRupees(5)).toBe('0.05');
  expect(formatRupees(150_050)).toBe('1500.50');
  expect(formatRupees(-199)).toBe('-1.99');
  expect(formatRupees(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
});

test('the table lists totals and the items needing action', () => {
  const text = reconTable(report);
  expect(text).toMatch(/^MATCHED\s+1\s+1500\.50$/m);
  expect(text).toMatch(/^MISSING_IN_LEDGER\s+1\s+0\.07$/m);
  expect(text).toContain('3 item(s) need action:');
  expect(text).not.toMatch(/^MATCHED\s+T1/m);
});

test('IST days: the first instant, calendar-checked; the end is the next day', () => {
  expect(istDayStart('2026-11-20')).toBe(Date.UTC(2026, 10, 19, 18, 30));
  expect(istDayEnd('2026-11-20')).toBe(Date.UTC(2026, 10, 20, 18, 30));
  for (const bad of ['2026-02-30', '2026-13-01', '2026-1-01', '20261101', '', '2026-11-20T00:00']) expect(istDayStart(bad)).toBeUndefined();
  expect(istDayStart('2028-02-29')).toBe(Date.UTC(2028, 1, 28, 18, 30));
});
