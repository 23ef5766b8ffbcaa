// Request bodies of both sides: BBPS XML to the adapter, DIGIT JSON straight to the sandbox.

export const BILLER_ID = 'PBMC00000PUN01';
export const TENANT = 'pb.amritsar';

/** Run-unique ids: `<side letter><run tag><sequence>` — alphanumeric, ≤ 35 chars, never reused. */
export class IdSource {
  private seq = 0;
  constructor(private readonly prefix: string) {}
  next(): string {
    return `${this.prefix}${(this.seq++).toString(36).toUpperCase().padStart(7, '0')}`;
  }
}

const head = (root: string, refId: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ns2:${root} xmlns:ns2="http://bbps.org/schema">` +
  `<Head ver="1.0" ts="2026-11-25T12:00:00+05:30" origInst="BBCU" refId="${refId}"/>`;
const details = (consumerCode: string) =>
  `<BillDetails><Biller id="${BILLER_ID}"/><CustomerParams><Tag name="City" value="Amritsar"/>` +
  `<Tag name="Property ID" value="${consumerCode}"/></CustomerParams></BillDetails>`;
const agent = `<Agent id="PP01XXXXMOBA00000001"><Device><Tag name="INITIATING_CHANNEL" value="MOB"/><Tag name="IP" value="10.0.0.1"/></Device></Agent>`;

export function fetchXml(refId: string, msgId: string, consumerCode: string): string {
  return (
    head('BillFetchRequest', refId) +
    `<Txn ts="2026-11-25T12:00:00+05:30" msgId="${msgId}"><RiskScores><Score provider="PP01" type="TXNRISK" value="030"/></RiskScores></Txn>` +
    `<Customer mobile="99XXXXX999"/>` + agent + details(consumerCode) + `</ns2:BillFetchRequest>`
  );
}

export function paymentXml(o: { refId: string; msgId: string; txn: string; consumerCode: string; amountPaise: number }): string {
  return (
    head('BillPaymentRequest', o.refId) +
    `<Txn ts="2026-11-25T12:01:00+05:30" msgId="${o.msgId}" type="FORWARD TYPE REQUEST" txnReferenceId="${o.txn}" paymentRefId="P${o.txn}"/>` +
    `<Customer mobile="99XXXXX999"/>` + agent + details(o.consumerCode) +
    `<PaymentMethod quickPay="No" splitPay="No" paymentMode="UPI"/>` +
    `<Amount><Amt amount="${o.amountPaise}" custConvFee="0" currency="356"/></Amount>` +
    `<PaymentInformation><Tag name="VPA" value="someone@upi"/></PaymentInformation></ns2:BillPaymentRequest>`
  );
}

/** The minimal path's payment: the same XML with DIGIT's bill id (and the payer's mobile) as tags. */
export function minimalPaymentXml(o: { refId: string; msgId: string; txn: string; consumerCode: string; amountPaise: number; billId: string; mobile: string }): string {
  return paymentXml(o).replace('</CustomerParams>', `<Tag name="BillId" value="${o.billId}"/><Tag name="Mobile" value="${o.mobile}"/></CustomerParams>`);
}

/** `responseCode="000"` in a BBPS answer: the fetch found a bill / the payment succeeded. */
export const isBbpsSuccess = (xml: string): boolean => /\bresponseCode="000"/.test(xml);

/** Amount shown by a successful fetch answer (first BillerResponse), in paise. */
export function fetchedAmountPaise(xml: string): number | undefined {
  const m = /<(?:\w+:)?BillerResponse\b[^>]*?\samount="(\d+)"/.exec(xml);
  return m ? Number(m[1]) : undefined;
}

// ------------------------------------------------------------------ DIGIT (baseline side)

export const FETCHBILL_PATH = '/billing-service/bill/v2/_fetchbill';
export const CREATE_PATH = '/collection-services/payments/_create';

const requestInfo = (token: string) => ({ apiId: 'Rainmaker', ver: '1.0', ts: Date.now(), msgId: `${Date.now()}|en_IN`, authToken: token });

export const fetchbillPath = (consumerCode: string) =>
  `${FETCHBILL_PATH}?tenantId=${TENANT}&businessService=PT&consumerCode=${encodeURIComponent(consumerCode)}`;

export const fetchbillBody = (token: string) => JSON.stringify({ RequestInfo: requestInfo(token) });

/** What the adapter sends for one bill paid in full (digit/build-payment.ts shape). */
export function createBody(token: string, o: { billId: string; rupees: number; txn: string; mobile: string }): string {
  return JSON.stringify({
    RequestInfo: requestInfo(token),
    Payment: {
      tenantId: TENANT, totalDue: o.rupees, totalAmountPaid: o.rupees, paymentMode: 'ONLINE',
      transactionNumber: o.txn, instrumentNumber: `P${o.txn}`, instrumentDate: Date.now(),
      paidBy: 'Load Test Owner', payerName: 'Load Test Owner', mobileNumber: o.mobile,
      additionalDetails: { bbps: { txnReferenceId: o.txn } },
      paymentDetails: [{ billId: o.billId, businessService: 'PT', totalDue: o.rupees, totalAmountPaid: o.rupees }],
    },
  });
}

/** First bill of a `_fetchbill` answer: id and total (rupees → paise). */
export function firstBill(json: string): { billId: string; amountPaise: number } | undefined {
  try {
    const bill = (JSON.parse(json) as { Bill?: Array<{ id?: unknown; totalAmount?: unknown }> }).Bill?.[0];
    // bench bills are whole rupees (DIGIT takes no paise on _create): anything else is not ours
    if (typeof bill?.id !== 'string' || !Number.isSafeInteger(bill.totalAmount)) return undefined;
    return { billId: bill.id, amountPaise: (bill.totalAmount as number) * 100 };
  } catch {
    return undefined;
  }
}

/** A `_create` answer that stored the payment (HTTP 200 with one Payment). */
export const isCreateSuccess = (status: number, json: string): boolean => status === 200 && json.includes('"Payments":[{');
