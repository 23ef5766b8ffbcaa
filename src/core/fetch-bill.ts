// BillFetchRequest: the customer's current bill(s) from DIGIT, stored under the refId so that the
// payment with the same refId pays exactly what was shown (design §3.6, §3.8).
import type { BillerRegistry } from '../billers/registry';
import { AppError } from './errors';
import { lookupDue } from './due-bills';
import type { Logger } from './logger';
import type { Clock, DigitGateway, Ledger } from './ports';
import type { FetchOutcome, FetchRequest } from './types';

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
    const { billers, ledger, clock } = this.deps;
    const biller = billers.get(req.billerId);
    if (!biller) throw new AppError('INVALID_BILLER', `biller ${req.billerId} is not served here`);

    const due = await lookupDue(this.deps, biller, req.params, req.refId);
    switch (due.kind) {
      case 'badParams':
        return { ok: false, code: 'BFR002', reason: due.reason };
      case 'digitUnavailable':
        return { ok: false, code: 'BFR008', reason: 'DIGIT could not be read' };
      case 'unknownConsumer':
        return { ok: false, code: 'BFR001', reason: 'unknown consumer' };
      case 'nothingDue':
        return { ok: false, code: 'BFR004', reason: 'no bill due' };
    }
    await ledger.saveFetch({ refId: req.refId, billerId: biller.billerId, bills: due.bills, createdAt: clock.now() });
    return { ok: true, bills: due.bills };
  }
}
