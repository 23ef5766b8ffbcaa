// BillValidationRequest: is this a payable account, and would this amount be accepted — without paying
// and without storing a fetch (design §3.6 amount rules, protocol §10.8, BVR codes).
import { resolveParams } from '../billers/resolve';
import type { BillerRegistry } from '../billers/registry';
import type { BillerConfig } from '../billers/types';
import { checkSeveralBills, checkSingleBill } from './amount-rules';
import { AppError } from './errors';
import { findBills } from './find-bills';
import type { Logger } from './logger';
import { DigitCallError, type DigitGateway, type Ledger } from './ports';
import type { Bill, CustomerParam } from './types';

export interface ValidationQuery {
  refId: string;
  billerId: string;
  params: CustomerParam[];
  /** the amount the customer means to pay, when the request carried one */
  amountPaise?: number;
}

export type ValidationResult =
  | { ok: true; approvalRefNum: string; bills: Bill[] }
  | { ok: false; code: 'BVR001' | 'BVR002' | 'BVR005' | 'BVR008' | 'BVR009'; reason: string };

export interface ValidateBillDeps {
  billers: BillerRegistry;
  digit: DigitGateway;
  ledger: Ledger;
  log: Logger;
}

export class ValidateBill {
  constructor(private readonly deps: ValidateBillDeps) {}

  async execute(q: ValidationQuery): Promise<ValidationResult> {
    const { billers, digit, ledger, log } = this.deps;
    const biller = billers.get(q.billerId);
    if (!biller) throw new AppError('INVALID_BILLER', `biller ${q.billerId} is not served here`);
    const target = resolveParams(biller, q.params);
    if (!target.ok) return { ok: false, code: 'BVR002', reason: target.reason };

    let found;
    try {
      found = await findBills(digit, biller, target.tenantId, target.search);
    } catch (e) {
      if (!(e instanceof DigitCallError)) throw e;
      log.warn('validation: DIGIT failed', { refId: q.refId, kind: e.kind, error: e.message });
      return { ok: false, code: 'BVR009', reason: 'DIGIT could not be read' };
    }
    if (found.kind === 'none') {
      return found.known ? { ok: false, code: 'BVR008', reason: 'no bill due' } : { ok: false, code: 'BVR001', reason: 'unknown consumer' };
    }
    // the same view a fetch gives: zero bills and bills we have paid (mark-as-paid pending) are not due
    const taken = new Set(await ledger.billIdsTaken(found.bills.map((b) => b.billId)));
    const due = found.bills.filter((b) => b.amountPaise > 0 && !taken.has(b.billId));
    if (due.length === 0) return { ok: false, code: 'BVR008', reason: 'no bill due' };
    if (q.amountPaise !== undefined && !amountFits(biller, due, q.amountPaise)) {
      return { ok: false, code: 'BVR005', reason: 'the amount is outside the payment rules of the bill(s) due' };
    }
    return { ok: true, approvalRefNum: (due[0] as Bill).billNumber, bills: due };
  }
}

/** Payable as one of the bills (exactness, part payment, advance, minimum), or as all of them in full. */
function amountFits(biller: BillerConfig, due: Bill[], amountPaise: number): boolean {
  if (!Number.isSafeInteger(amountPaise)) return false;
  if (due.some((b) => checkSingleBill(biller, b, amountPaise).ok)) return true;
  return due.length > 1 && checkSeveralBills(due, amountPaise).ok;
}
