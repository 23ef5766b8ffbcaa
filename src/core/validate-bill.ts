// BillValidationRequest: is this a payable account, and would this amount be accepted — without paying
// and without storing a fetch (design §3.6 amount rules, protocol §10.8, BVR codes).
import type { BillerRegistry } from '../billers/registry';
import type { BillerConfig } from '../billers/types';
import { checkSeveralBills, checkSingleBill } from './amount-rules';
import { AppError } from './errors';
import { lookupDue } from './due-bills';
import type { Logger } from './logger';
import type { DigitGateway, Ledger } from './ports';
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
    const { billers } = this.deps;
    const biller = billers.get(q.billerId);
    if (!biller) throw new AppError('INVALID_BILLER', `biller ${q.billerId} is not served here`);
    const found = await lookupDue(this.deps, biller, q.params, q.refId);
    switch (found.kind) {
      case 'badParams':
        return { ok: false, code: 'BVR002', reason: found.reason };
      case 'digitUnavailable':
        return { ok: false, code: 'BVR009', reason: 'DIGIT could not be read' };
      case 'unknownConsumer':
        return { ok: false, code: 'BVR001', reason: 'unknown consumer' };
      case 'nothingDue':
        return { ok: false, code: 'BVR008', reason: 'no bill due' };
    }
    const due = found.bills;
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
