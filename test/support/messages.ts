// BBPS request documents for tests, written the way a CU/COU writes them.
import { randomBytes } from 'node:crypto';

export const newId = (len = 35) => randomBytes(len).toString('base64').replace(/[^A-Z0-9]/gi, '').toUpperCase().padEnd(len, 'X').slice(0, len);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const tags = (params: Record<string, string>) =>
  Object.entries(params).map(([n, v]) => `<Tag name="${esc(n)}" value="${esc(v)}"/>`).join('');

export interface FetchOpts {
  refId?: string;
  msgId?: string;
  billerId: string;
  params: Record<string, string>;
  mobile?: string;
}

export function fetchXml(o: FetchOpts): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<ns2:BillFetchRequest xmlns:ns2="http://bbps.org/schema">` +
    `<Head ver="1.0" ts="2026-11-25T12:00:00+05:30" origInst="BBCU" refId="${o.refId ?? newId()}"/>` +
    `<Txn ts="2026-11-25T12:00:00+05:30" msgId="${o.msgId ?? newId()}"><RiskScores><Score provider="PP01" type="TXNRISK" value="030"/></RiskScores></Txn>` +
    `<Customer mobile="${o.mobile ?? '99XXXXX999'}"/>` +
    `<Agent id="PP01XXXXMOBA00000001"><Device><Tag name="INITIATING_CHANNEL" value="MOB"/><Tag name="IP" value="2409:40c2:804a:9ddc:8000::"/></Device></Agent>` +
    `<BillDetails><Biller id="${o.billerId}"/><CustomerParams>${tags(o.params)}</CustomerParams></BillDetails>` +
    `</ns2:BillFetchRequest>`
  );
}

export interface PaymentOpts extends FetchOpts {
  txnReferenceId?: string;
  amountPaise: number | string;
  /** BillerResponse copies: bill numbers and amounts shown at fetch */
  bills?: Array<{ billNumber: string; amountPaise: number; customerName?: string }>;
  paymentMode?: string;
  quickPay?: boolean;
  reversal?: boolean;
  custConvFee?: number;
}

export function paymentXml(o: PaymentOpts): string {
  const brs = (o.bills ?? [])
    .map((b) => `<BillerResponse customerName="${esc(b.customerName ?? 'XXXXXXXX')}" amount="${b.amountPaise}" billNumber="${esc(b.billNumber)}" billPeriod="NA"/>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<ns2:BillPaymentRequest xmlns:ns2="http://bbps.org/schema">` +
    `<Head ver="1.0" ts="2026-11-25T12:01:00+05:30" origInst="BBCU" refId="${o.refId ?? newId()}"/>` +
    `<Analytics><Tag name="PAYREQUESTSTART" value="2026-11-25T12:01:00+05:30"/><Tag name="PAYREQUESTEND" value="2026-11-25T12:01:00+05:30"/></Analytics>` +
    `<Txn ts="2026-11-25T12:01:00+05:30" msgId="${o.msgId ?? newId()}" type="${o.reversal ? 'REVERSAL' : 'FORWARD'} TYPE REQUEST" txnReferenceId="${o.txnReferenceId ?? newId(20)}" paymentRefId="${newId(20)}"/>` +
    `<Customer mobile="${o.mobile ?? '99XXXXX999'}"/>` +
    `<Agent id="PP01XXXXMOBA00000001"><Device><Tag name="INITIATING_CHANNEL" value="MOB"/></Device></Agent>` +
    `<BillDetails><Biller id="${o.billerId}"/><CustomerParams>${tags(o.params)}</CustomerParams></BillDetails>` +
    brs +
    `<PaymentMethod quickPay="${o.quickPay ? 'Yes' : 'No'}" splitPay="No" paymentMode="${o.paymentMode ?? 'UPI'}"/>` +
    `<Amount><Amt amount="${o.amountPaise}" custConvFee="${o.custConvFee ?? 0}" currency="356"/></Amount>` +
    `<PaymentInformation><Tag name="VPA" value="someone@upi"/></PaymentInformation>` +
    `</ns2:BillPaymentRequest>`
  );
}

/** Attribute value of the first element named `el` (tests read answers without the codec). */
export function attr(xml: string, el: string, name: string): string | undefined {
  const m = xml.match(new RegExp(`<(?:\\w+:)?${el}\\b[^>]*?\\s${name}="([^"]*)"`));
  return m?.[1];
}

export function allAttrs(xml: string, el: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<(?:\\w+:)?${el}\\b[^>]*?\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]);
}
