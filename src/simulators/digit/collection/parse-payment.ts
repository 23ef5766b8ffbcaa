// Jackson + bean validation of PaymentRequest: what fails here never reaches the service code.
import { parseDecimal, type Decimal } from '../amounts';
import { beanError, customError, DigitHttpError } from '../errors';
import { isValidDigitName, NAME_PATTERN_MESSAGE } from '../name-check';
import type { DigitErrorEntry, PaymentMode } from '../types';

export const PAYMENT_MODES: ReadonlySet<string> = new Set([
  'CASH', 'CHEQUE', 'DD', 'ONLINE', 'OFFLINE_NEFT', 'OFFLINE_RTGS', 'ONLINE_NEFT', 'ONLINE_RTGS', 'POSTAL_ORDER', 'CARD',
]);

export interface ParsedDetail {
  billId: string;
  paid: Decimal;
  raw: Record<string, unknown>;
}

export interface ParsedPayment {
  raw: Record<string, unknown>;
  tenantId: string;
  totalAmountPaid: Decimal;
  paymentMode: PaymentMode;
  transactionNumber: string | null;
  transactionDate: number | null;
  instrumentNumber: string | null;
  instrumentDate: number | null;
  paidBy: string;
  mobileNumber: string | null;
  /** null: the list was absent (the service then fails with a NullPointerException) */
  details: ParsedDetail[] | null;
}

const MOBILE = /^[6-9][0-9]{9}$/;
const P = 'paymentRequest.payment';
const mappingError = (field: string, type: string) =>
  customError('JsonMappingException', `Failed to parse field - ${field}. Expected type is ${type}`);

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function optString(obj: Record<string, unknown>, field: string): string | null {
  const v = obj[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v); // Jackson coerces scalars
  throw mappingError(field, 'String');
}

function optLong(obj: Record<string, unknown>, field: string): number | null {
  const v = obj[field];
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw mappingError(field, 'Long');
  return n;
}

function optDecimal(obj: Record<string, unknown>, field: string): Decimal | null {
  const v = obj[field];
  if (v === undefined || v === null) return null;
  const d = parseDecimal(v);
  if (!d) throw mappingError(field, 'BigDecimal');
  return d;
}

function checkSize(errors: DigitErrorEntry[], path: string, value: string | null, max: number): void {
  if (value !== null && value.length > max) errors.push(beanError('Size', path, `size must be between 0 and ${max}`));
}

function checkName(errors: DigitErrorEntry[], path: string, value: string | null): void {
  if (value !== null && !isValidDigitName(value)) errors.push(beanError('Pattern', path, NAME_PATTERN_MESSAGE));
}

export function parsePaymentRequest(body: Record<string, unknown>): ParsedPayment {
  const payment = asObject(body.Payment);
  if (!payment) throw new DigitHttpError(400, [beanError('NotNull', P, 'must not be null')]);
  const errors: DigitErrorEntry[] = [];

  const tenantId = optString(payment, 'tenantId');
  if (tenantId === null) errors.push(beanError('NotNull', `${P}.tenantId`, 'must not be null'));
  checkSize(errors, `${P}.tenantId`, tenantId, 64);

  const totalAmountPaid = optDecimal(payment, 'totalAmountPaid');
  if (totalAmountPaid === null) errors.push(beanError('NotNull', `${P}.totalAmountPaid`, 'must not be null'));

  // an unknown enum value deserialises to null and then fails @NotNull
  const modeText = optString(payment, 'paymentMode');
  const paymentMode = modeText !== null && PAYMENT_MODES.has(modeText) ? (modeText as PaymentMode) : null;
  if (paymentMode === null) errors.push(beanError('NotNull', `${P}.paymentMode`, 'must not be null'));

  const transactionNumber = optString(payment, 'transactionNumber');
  checkSize(errors, `${P}.transactionNumber`, transactionNumber, 128);
  const instrumentNumber = optString(payment, 'instrumentNumber');
  checkSize(errors, `${P}.instrumentNumber`, instrumentNumber, 128);

  const paidBy = optString(payment, 'paidBy');
  if (paidBy === null) errors.push(beanError('NotNull', `${P}.paidBy`, 'must not be null'));
  checkSize(errors, `${P}.paidBy`, paidBy, 128);
  checkName(errors, `${P}.paidBy`, paidBy);

  const payerName = optString(payment, 'payerName');
  checkSize(errors, `${P}.payerName`, payerName, 128);
  checkName(errors, `${P}.payerName`, payerName);

  const mobileNumber = optString(payment, 'mobileNumber');
  checkSize(errors, `${P}.mobileNumber`, mobileNumber, 64);
  if (mobileNumber !== null && !MOBILE.test(mobileNumber)) errors.push(beanError('Pattern', `${P}.mobileNumber`, 'Invalid mobile number'));
  checkSize(errors, `${P}.payerAddress`, optString(payment, 'payerAddress'), 1024);

  let details: ParsedDetail[] | null = null;
  const rawDetails = payment.paymentDetails;
  if (rawDetails !== undefined && rawDetails !== null) {
    if (!Array.isArray(rawDetails)) throw mappingError('paymentDetails', 'List');
    details = rawDetails.map((item, i) => {
      const raw = asObject(item);
      if (!raw) throw mappingError('paymentDetails', 'PaymentDetail');
      const path = `${P}.paymentDetails[${i}]`;
      const billId = optString(raw, 'billId');
      if (billId === null) errors.push(beanError('NotNull', `${path}.billId`, 'must not be null'));
      checkSize(errors, `${path}.billId`, billId, 64);
      const paid = optDecimal(raw, 'totalAmountPaid');
      if (paid === null) errors.push(beanError('NotNull', `${path}.totalAmountPaid`, 'must not be null'));
      return { billId: billId ?? '', paid: paid ?? { units: 0n, scale: 0 }, raw };
    });
  }
  const instrumentDate = optLong(payment, 'instrumentDate');
  const transactionDate = optLong(payment, 'transactionDate');
  if (errors.length > 0 || tenantId === null || totalAmountPaid === null || paymentMode === null || paidBy === null) {
    throw new DigitHttpError(400, errors);
  }
  return {
    raw: payment,
    tenantId,
    totalAmountPaid,
    paymentMode,
    transactionNumber,
    transactionDate,
    instrumentNumber,
    instrumentDate,
    paidBy,
    mobileNumber,
    details,
  };
}
