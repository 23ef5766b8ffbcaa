// Parsed BillFetchRequest / BillPaymentRequest → the core's request types plus what responses echo.
// Structure problems are thrown here (HTTP 400 + Failure Ack, design §3.8); anything about parameter
// values or the amount's value is left to the core (BFR/BPR answers).
import { AppError } from '../core/errors';
import { parsePaise } from '../core/money';
import type { FetchRequest, NamedBill, PaymentRequest } from '../core/types';
import { paiseField } from './fields';
import { checkFetchShape, checkPaymentShape } from './request-shape';
import type { BillerResponseEcho, FetchEcho, PaymentEcho } from './messages';
import type { ParsedDocument } from './parse';
import { readBillDetails, readBillerResponses, readChannel, readHead, readTxn } from './read-common';
import { attrOf, childOnce, type XmlElement } from './xml-tree';

export const REVERSAL_REQUEST = 'REVERSAL TYPE REQUEST';
export const FORWARD_REQUEST = 'FORWARD TYPE REQUEST';

/**
 * Txn/@type of a payment: absent (a public sample omits it) or FORWARD → a payment; REVERSAL → a
 * reversal; anything else is refused, never read as the default — a reversal bent by one character
 * (`REVERSAL\u2028TYPE REQUEST`, issue 13) must not become a payment.
 */
function isReversal(type: string | undefined): boolean {
  if (type === undefined || type === FORWARD_REQUEST) return false;
  if (type === REVERSAL_REQUEST) return true;
  throw new AppError('REQUEST_INVALID', `Txn/@type must be "${FORWARD_REQUEST}" or "${REVERSAL_REQUEST}"`);
}

function expectRoot(doc: ParsedDocument, api: ParsedDocument['api']): XmlElement {
  if (doc.api !== api) throw new AppError('REQUEST_INVALID', `expected a ${api} but the root element is ${doc.api}`);
  return doc.root;
}

function readFetchLike(root: XmlElement) {
  const head = readHead(root);
  const txn = readTxn(root, true) as NonNullable<ReturnType<typeof readTxn>>;
  const billDetails = readBillDetails(root);
  const channel = readChannel(root);
  const context = {
    refId: head.refId,
    msgId: txn.msgId as string,
    origInst: head.origInst,
    ...defined(channel),
  };
  return { head, txn, billDetails, context };
}

/** drops undefined members so that optional fields are absent, not present-and-undefined */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function toFetchRequest(doc: ParsedDocument): { request: FetchRequest; echo: FetchEcho } {
  const { head, txn, billDetails, context } = readFetchLike(expectRoot(doc, 'BillFetchRequest'));
  return {
    request: checkFetchShape({ ...context, billerId: billDetails.billerId, params: billDetails.params }),
    echo: { head, txn, billDetails },
  };
}

function namedBill(br: BillerResponseEcho): NamedBill {
  const named: NamedBill = {};
  if (br.billNumber !== undefined && br.billNumber !== '') named.billNumber = br.billNumber;
  const paise = br.amount === undefined ? undefined : parsePaise(br.amount);
  // a copy of our own fetch answer: kept only when it is a usable amount
  if (paise !== undefined && Number.isSafeInteger(paise)) named.amountPaise = paise;
  return named;
}

export function toPaymentRequest(doc: ParsedDocument): { request: PaymentRequest; echo: PaymentEcho } {
  const root = expectRoot(doc, 'BillPaymentRequest');
  const { head, txn, billDetails, context } = readFetchLike(root);
  const txnReferenceId = txn.txnReferenceId;
  if (txnReferenceId === undefined) throw new AppError('REQUEST_INVALID', 'Txn/@txnReferenceId is required');

  const amount = childOnce(root, 'Amount', 'Amount');
  const amt = amount && childOnce(amount, 'Amt', 'Amount/Amt');
  const amountPaise = paiseField(attrOf(amt, 'amount'), 'Amount/Amt/@amount');
  const fee = attrOf(amt, 'custConvFee');
  const custConvFeePaise = fee === undefined ? 0 : paiseField(fee, 'Amount/Amt/@custConvFee');

  const method = childOnce(root, 'PaymentMethod', 'PaymentMethod');
  const billerResponses = readBillerResponses(root);
  const reversal = isReversal(txn.type);
  const customerName = billerResponses[0]?.customerName;

  const request: PaymentRequest = {
    ...context,
    billerId: billDetails.billerId,
    params: billDetails.params,
    txnReferenceId,
    ...defined({ paymentRefId: txn.paymentRefId, customerName }),
    amountPaise,
    custConvFeePaise,
    paymentMode: attrOf(method, 'paymentMode') ?? '',
    quickPay: attrOf(method, 'quickPay') === 'Yes',
    billsNamed: billerResponses.map(namedBill),
    reversal,
  };
  return { request: checkPaymentShape(request), echo: { head, txn, billDetails, billerResponses, reversal } };
}
