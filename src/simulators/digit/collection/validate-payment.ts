// PaymentEnricher.enrichPaymentPreValidate + PaymentValidator.validatePaymentForCreate, in DIGIT's
// order and with its codes and messages (reference §4.2).
import { compareDecimal, fromPaise, isNonNegativeWhole, isWhole, isZero, type Decimal } from '../amounts';
import { customError, ErrorMap, unhandledError } from '../errors';
import { BUSINESS_SERVICES, tenantMatches } from '../mdms';
import { DAY_MS } from '../time';
import type { SandboxState } from '../state';
import type { BillRecord, BusinessServiceMaster, PaymentMode, SandboxUserRecord } from '../types';
import type { ParsedPayment } from './parse-payment';

export interface BillWithMaster {
  bill: BillRecord;
  master: BusinessServiceMaster;
}

const ONLINE_MODES: ReadonlySet<PaymentMode> = new Set(['ONLINE', 'CARD', 'ONLINE_NEFT', 'ONLINE_RTGS']);
const INSTRUMENT_MODES: ReadonlySet<PaymentMode> = new Set(['CHEQUE', 'DD', 'OFFLINE_NEFT', 'OFFLINE_RTGS', 'POSTAL_ORDER']);
const OPEN_STATUSES = new Set(['APPROVED', 'APPROVAL_PENDING', 'REMITTED']);
export const isOnlineMode = (m: PaymentMode) => ONLINE_MODES.has(m);

/** Pre-validation enrichment: bills looked up by id in the payment's tenant, MDMS flags attached. */
export function resolveBills(state: SandboxState, p: ParsedPayment, user: SandboxUserRecord): Map<string, BillWithMaster> {
  if (user.uuid === null) throw customError('USER_INFO_INVALID', 'Invalid user info in request info, user id is mandatory');
  // DIGIT streams over a null list here
  if (p.details === null) throw unhandledError('NullPointerException', null);
  const ids = p.details.map((d) => d.billId);
  if (new Set(ids).size < ids.length) throw customError('DUPLICATE_BILLID', 'The Bill ids have been repeated for multiple payment details');

  // billing's _search by id within the payment's tenant
  const found = new Map<string, BillRecord>();
  for (const id of ids) {
    const bill = state.bills.get(id);
    if (bill && tenantMatches(p.tenantId, bill.tenantId)) found.set(id, bill);
  }
  if (found.size === 0) throw customError('INVALID_BILL_ID', 'Bill IDs provided does not exist or is in an invalid state');
  const resolved = new Map<string, BillWithMaster>();
  const errors = new ErrorMap();
  for (const bill of found.values()) {
    const master = BUSINESS_SERVICES.get(bill.businessService);
    if (!master) errors.put('INVALID_BILL_BUSINESSSERVICE', `Business service provided does not exist for bill: ${bill.id}`);
    else resolved.set(bill.id, { bill, master });
  }
  // some billIds found, others not: DIGIT dereferences the missing map entry
  if (ids.some((id) => !found.has(id))) throw unhandledError('NullPointerException', null);
  errors.throwIfAny();
  return resolved;
}

function validateInstrument(p: ParsedPayment, now: number, errors: ErrorMap): void {
  const mode = p.paymentMode;
  if (INSTRUMENT_MODES.has(mode)) {
    if (p.instrumentDate === null) errors.put('INVALID_INST_DATE', 'Instrument Date Input is mandatory for cheque and DD');
    if (!p.instrumentNumber) errors.put('INVALID_INST_NUMBER', 'Instrument Number is mandatory for Cheque, DD, Card');
    const instrumentDate = p.instrumentDate ?? now;
    if (mode === 'CHEQUE' || mode === 'DD') {
      if (p.transactionDate !== null) {
        if (instrumentDate > p.transactionDate) errors.put('INVALID_CHEQUE_DD_DATE', 'Cheque/DD date should not be greater than Manual Receipt Date ');
        if (Math.floor((p.transactionDate - instrumentDate) / DAY_MS) > 90) {
          errors.put('CHEQUE_DD_DATE_WITH_MANUAL_RECEIPT_DATE', 'Cheque/DD date should be less than and within 90 days of Manual Receipt Date ');
        }
      } else {
        if (Math.floor((now - instrumentDate) / DAY_MS) > 90) {
          errors.put('CHEQUE_DD_DATE_WITH_RECEIPT_DATE', 'Cheque/DD date should be less than and within 90 days of Current Date');
        }
        if (instrumentDate > now) errors.put('CHEQUE_DD_DATE_WITH_FUTURE_DATE', 'Cheque/DD date can not be future Date');
      }
    } else if (instrumentDate > now) {
      errors.put('INVALID_NEFT_RTGS_DATE', 'NEFT/RTGS/Postal order date can not be future Date');
    }
  }
  if (ONLINE_MODES.has(mode)) {
    if (!p.transactionNumber) errors.put('INVALID_TXN_NUMBER', 'Transaction Number is mandatory for Card and online payment');
    if (!p.instrumentNumber) errors.put('INVALID_INSTRUMENT_NUMBER', 'Instrument Number is mandatory for Card');
  }
}

function validateDetail(mode: PaymentMode, billId: string, paid: Decimal, { bill, master }: BillWithMaster, now: number, errors: ErrorMap): void {
  const total = fromPaise(bill.totalPaise);
  if (!master.isAdvanceAllowed && !isNonNegativeWhole(total)) {
    errors.put('INVALID_BILL_AMOUNT', `The bill amount of bill: ${bill.id} is fractional or less than zero`);
  }
  if (!master.partPaymentAllowed && compareDecimal(paid, total) < 0) errors.put('INVALID_PAYMENTDETAIL', 'The amount to be paid is less than amount due');
  if (!master.isAdvanceAllowed && compareDecimal(paid, total) > 0) errors.put('INVALID_PAYMENTDETAIL', 'The amount to be paid is more than amount due');
  if (master.collectionModesNotAllowed.includes(mode)) {
    errors.put('INVALID_PAYMENTDETAIL', `The paymentMode: ${mode} is not allowed for the bill: ${bill.id}`);
  }
  if (!isNonNegativeWhole(paid)) errors.put('INVALID_PAYMENTDETAIL', `The amount paid for the paymentDetail with bill number: ${billId}`);
  if (isZero(paid) && bill.totalPaise > 0) errors.put('INVALID_PAYMENTDETAIL', `The amount paid for the paymentDetail with bill number: ${billId}`);
  if (!isWhole(total)) errors.put('INVALID_BILL', 'The due amount cannot be fractional');
  if (!isWhole(paid)) errors.put('INVALID_PAYMENTDETAIL', 'The amount paid cannot be fractional');
  if (bill.details.some((d) => now >= d.expiryDate)) errors.put('BILL_EXPIRED', 'Bill expired or invalid, regenerate bill!');
}

/** validatePaymentForCreate: everything collected into one error map. */
export function validatePayment(state: SandboxState, p: ParsedPayment, user: SandboxUserRecord, bills: Map<string, BillWithMaster>, now: number): void {
  const errors = new ErrorMap();
  if (!user.uuid) errors.put('INVALID_USER_ID', 'UUID of the user within RequestInfo cannot be null');
  validateInstrument(p, now, errors);
  // no status filter on the bill: any open payment against one of these bills blocks a new one
  for (const d of p.details ?? []) {
    const open = (state.paymentsByBillId.get(d.billId) ?? []).some(
      (pay) => tenantMatches(p.tenantId, pay.tenantId) && OPEN_STATUSES.has(pay.json.instrumentStatus),
    );
    if (open) {
      errors.put('BILL_ALREADY_PAID', 'Bill has already been paid or is in pending state');
      break;
    }
  }
  for (const d of p.details ?? []) {
    const bill = bills.get(d.billId);
    if (bill) validateDetail(p.paymentMode, d.billId, d.paid, bill, now, errors);
  }
  errors.throwIfAny();
}
