// BBPS requests as a CU writes them (protocol §10.1, §10.5, §10.7–§10.9): one line, `ns2:` root.
import { randomBytes } from 'node:crypto';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const cuId = (len = 35) => [...randomBytes(len)].map((b) => ALPHANUM[b % ALPHANUM.length]).join('');

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const tags = (params: ReadonlyArray<readonly [string, string]>) =>
  params.map(([n, v]) => `<Tag name="${esc(n)}" value="${esc(v)}"/>`).join('');
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const NS = 'xmlns:ns2="http://bbps.org/schema"';

/** yyyy-MM-ddTHH:mm:ss+05:30 */
export function istNow(now = Date.now()): string {
  return `${new Date(now + 5.5 * 3600_000).toISOString().slice(0, 19)}+05:30`;
}

const head = (refId: string, origInst: string) => `<Head ver="1.0" ts="${istNow()}" origInst="${esc(origInst)}" refId="${esc(refId)}"/>`;
const agent = '<Agent id="PP01XXXXMOBA00000001"><Device><Tag name="INITIATING_CHANNEL" value="MOB"/><Tag name="IP" value="2409:40c2:804a:9ddc:8000::"/></Device></Agent>';
const billDetails = (billerId: string, params: ReadonlyArray<readonly [string, string]>) =>
  `<BillDetails><Biller id="${esc(billerId)}"/><CustomerParams>${tags(params)}</CustomerParams></BillDetails>`;

export interface FetchSpec {
  refId: string;
  msgId: string;
  billerId: string;
  params: ReadonlyArray<readonly [string, string]>;
  origInst: string;
}

export const fetchRequest = (o: FetchSpec) =>
  `${DECL}<ns2:BillFetchRequest ${NS}>${head(o.refId, o.origInst)}<Txn ts="${istNow()}" msgId="${esc(o.msgId)}"/>` +
  `<Customer mobile="99XXXXX999"/>${agent}${billDetails(o.billerId, o.params)}</ns2:BillFetchRequest>`;

export interface PaymentSpec extends FetchSpec {
  txnReferenceId: string;
  amountPaise: number;
  /** bills shown at fetch (copied as BillerResponse); none = quick pay */
  bills: ReadonlyArray<{ billNumber: string; amountPaise: number }>;
  paymentMode: string;
  reversal: boolean;
}

export const paymentRequest = (o: PaymentSpec) =>
  `${DECL}<ns2:BillPaymentRequest ${NS}>${head(o.refId, o.origInst)}` +
  `<Txn ts="${istNow()}" msgId="${esc(o.msgId)}" type="${o.reversal ? 'REVERSAL' : 'FORWARD'} TYPE REQUEST" txnReferenceId="${esc(o.txnReferenceId)}"/>` +
  `<Customer mobile="99XXXXX999"/>${agent}${billDetails(o.billerId, o.params)}` +
  o.bills.map((b) => `<BillerResponse amount="${b.amountPaise}" billNumber="${esc(b.billNumber)}"/>`).join('') +
  `<PaymentMethod quickPay="${o.bills.length === 0 ? 'Yes' : 'No'}" splitPay="No" paymentMode="${esc(o.paymentMode)}"/>` +
  `<Amount><Amt amount="${o.amountPaise}" custConvFee="0" currency="356"/></Amount></ns2:BillPaymentRequest>`;

export interface ValidationSpec extends Omit<FetchSpec, 'msgId'> {
  amountPaise?: number;
}

export const validationRequest = (o: ValidationSpec) =>
  `${DECL}<ns2:BillValidationRequest ${NS}>${head(o.refId, o.origInst)}${agent}${billDetails(o.billerId, o.params)}` +
  `${o.amountPaise === undefined ? '' : `<Amount amount="${o.amountPaise}"/>`}</ns2:BillValidationRequest>`;

export interface StatusSpec {
  refId: string;
  origInst: string;
  txnReferenceId: string;
}

export const statusRequest = (o: StatusSpec) =>
  `${DECL}<ns2:TxnStatusRequest ${NS}>${head(o.refId, o.origInst)}<Txn ts="${istNow()}" xchangeId="402"/>` +
  `<TxnStatusReq txnReferenceId="${esc(o.txnReferenceId)}"/></ns2:TxnStatusRequest>`;

export const resDiagnostic = (refId: string, origInst: string) =>
  `${DECL}<ns2:ResDiagnostic ${NS} responseReason="Successful">${head(refId, origInst)}</ns2:ResDiagnostic>`;

export const ack = (api: string, refId: string, ok: boolean, errors: ReadonlyArray<{ code: string; detail: string }> = []) =>
  `${DECL}<ns2:Ack ${NS} api="${esc(api)}" refId="${esc(refId)}" RspCd="${ok ? 'Successful' : 'Failure'}" ts="${istNow()}">` +
  errors.map((e) => `<errorMessages><errorCd>${esc(e.code)}</errorCd><errorDtl>${esc(e.detail)}</errorDtl></errorMessages>`).join('') +
  `</ns2:Ack>`;
