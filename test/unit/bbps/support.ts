// Shared test helpers for the codec tests: fixtures (local copies of the public samples) and small
// message templates whose parts can be swapped one at a time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../src/core/errors';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'bbps');

export const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

/** Runs fn, expecting an AppError with this code (and message fragment); returns the error. */
export function expectAppError(fn: () => unknown, code: string, messagePart?: string | RegExp): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof AppError)) throw new Error(`expected AppError ${code}, got ${String(caught)}`);
  expect(caught.code).toBe(code);
  if (messagePart !== undefined) expect(caught.message).toMatch(messagePart);
  return caught;
}

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export interface Parts {
  head: string;
  txn: string;
  customer: string;
  agent: string;
  billDetails: string;
  billerResponses: string;
  method: string;
  amount: string;
  extra: string;
}

export const DEFAULT_PARTS: Parts = {
  head: '<Head ver="1.0" ts="2026-03-23T12:03:10+05:30" origInst="BBCU" refId="PP01BB120000466OKME6916002R60821200"/>',
  txn:
    '<Txn ts="2026-03-23T12:03:10+05:30" type="FORWARD TYPE REQUEST" msgId="PP01BB120000466QWE6916885M60821203"' +
    ' txnReferenceId="PP016082BAKAAAHT0IRC" paymentRefId="2n22ZrB5yh3PvRQSormr"><RiskScores><Score provider="PP01" type="TXNRISK" value="030"/></RiskScores></Txn>',
  customer: '<Customer mobile="99XXXXX999"><Tag name="EMAIL" value="XXXXXXXX"/></Customer>',
  agent:
    '<Agent id="PP01XXXXMOBA00000001"><Device><Tag name="INITIATING_CHANNEL" value="MOB"/><Tag name="IP" value="2409:40c2:804a:9ddc:8000::"/></Device></Agent>',
  billDetails:
    '<BillDetails><Biller id="PBMC00000PUN01"/><CustomerParams><Tag name="City" value="Amritsar"/><Tag name="Property ID" value="PB-PT-2024-01-01-000123"/></CustomerParams></BillDetails>',
  billerResponses:
    '<BillerResponse customerName="A K SHARMA" amount="1250000" dueDate="2026-04-30" billDate="2026-03-01" billNumber="PT/2025-26/000123" billPeriod="Yearly">' +
    '<Tag name="Early Payment Amount" value="1187500"/></BillerResponse>',
  method: '<PaymentMethod quickPay="No" splitPay="No" OFFUSPay="Yes" paymentMode="UPI"/>',
  amount: '<Amount><Amt amount="1250000" custConvFee="0" currency="356"/><SplitPayAmount>0</SplitPayAmount></Amount>',
  extra: '',
};

/** A BillPaymentRequest with the given parts replaced (compact, `ns2:` root). */
export function paymentXml(over: Partial<Parts> = {}, root = 'ns2:BillPaymentRequest'): string {
  const p = { ...DEFAULT_PARTS, ...over };
  const xmlns = root.includes(':') ? `xmlns:${root.split(':')[0]}` : 'xmlns';
  return (
    `${DECL}<${root} ${xmlns}="http://bbps.org/schema">` +
    p.head + p.txn + p.customer + p.agent + p.billDetails + p.billerResponses + p.method + p.amount + p.extra +
    `</${root}>`
  );
}

/** A BillFetchRequest with the given parts replaced. */
export function fetchXml(over: Partial<Pick<Parts, 'head' | 'txn' | 'customer' | 'agent' | 'billDetails' | 'extra'>> = {}, root = 'ns2:BillFetchRequest'): string {
  const p = {
    ...DEFAULT_PARTS,
    txn: '<Txn ts="2026-03-23T12:00:00+05:30" msgId="PP01BB120000466NHAA6916885M60821200"/>',
    ...over,
  };
  const xmlns = root.includes(':') ? `xmlns:${root.split(':')[0]}` : 'xmlns';
  return `${DECL}<${root} ${xmlns}="http://bbps.org/schema">${p.head}${p.txn}${p.customer}${p.agent}${p.billDetails}${p.extra}</${root}>`;
}
