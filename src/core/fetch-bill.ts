// BillFetchRequest: the customer's current bill(s) from DIGIT, stored under the refId so that the
// payment with the same refId pays exactly what was shown (design §3.6, §3.8).
import { resolveParams } from '../billers/resolve';
import type { BillerRegistry } from '../billers/registry';
import { AppError } from './errors';
import { findBills } from './find-bills';
import type { Logger } from './logger';
import { DigitCallError, type Clock, type DigitGateway, type Ledger } from './ports';
import type { Bill, FetchOutcome, FetchRequest } from './types';

export interface FetchBillDeps {
  billers: BillerRegistry;
  digit: DigitGateway;
  ledger: Ledger;
  clock: Clock;
  log: Logger;
}

export class FetchBill {
  constructor(private readonly deps: FetchBillDeps) {}

  async execute(req: FetchRequest): Promise<FetchOutcome> {
    const { billers, digit, ledger, clock, log } = this.deps;
    const biller = billers.get(req.billerId);
    if (!biller) throw new AppError('INVALID_BILLER', `biller ${req.billerId} is not served here`);

    const target = resolveParams(biller, req.params);
    if (!target.ok) return { ok: false, code: 'BFR002', reason: target.reason };

    let found;
    try {
      found = await findBills(digit, biller, target.tenantId, target.search);
    } catch (e) {
      if (!(e instanceof DigitCallError)) throw e;
      log.warn('fetch: DIGIT failed', { refId: req.refId, kind: e.kind, digitCodes: e.digitCodes, error: e.message });
      return { ok: false, code: 'BFR008', reason: 'DIGIT could not be read' };
    }
    if (found.kind === 'none') {
      return found.known
        ? { ok: false, code: 'BFR004', reason: 'no bill due' }
        : { ok: false, code: 'BFR001', reason: 'unknown consumer' };
    }
    // a zero bill, or one we paid while DIGIT's mark-as-paid is still pending, is nothing due
    const taken = new Set(await ledger.billIdsTaken(found.bills.map((b) => b.billId)));
    const due = found.bills.filter((b) => b.amountPaise > 0 && !taken.has(b.billId)).map(printable);
    if (due.length === 0) return { ok: false, code: 'BFR004', reason: 'no bill due' };

    await ledger.saveFetch({ refId: req.refId, billerId: biller.billerId, bills: due, createdAt: clock.now() });
    return { ok: true, bills: due };
  }
}

// DIGIT's free text may hold control characters that XML cannot carry: shown as spaces
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const printable = (b: Bill): Bill => ({ ...b, customerName: b.customerName.replace(CONTROL, ' ').trim() });
