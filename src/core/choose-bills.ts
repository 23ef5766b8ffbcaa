// Which DIGIT bill(s) a payment pays (design §3.8 "Which bill is paid").
import { resolveParams } from '../billers/resolve';
import type { BillerConfig } from '../billers/types';
import { findBills } from './find-bills';
import type { DigitGateway, Ledger } from './ports';
import type { Bill, PaymentRequest } from './types';

export type Choice =
  | { ok: true; bills: Bill[] }
  | { ok: false; code: 'BPR001' | 'BPR002' | 'BPR008'; reason: string };

/** Picks the named bills among those offered; one offered and one (or none) named → that one. */
function pick(offered: Bill[], req: PaymentRequest): Choice {
  const named = req.billsNamed.map((n) => n.billNumber).filter((n): n is string => !!n);
  if (offered.length === 1 && named.length <= 1) return { ok: true, bills: offered };
  if (named.length === 0) return { ok: false, code: 'BPR002', reason: 'several bills and none named' };
  const byNumber = new Map(offered.map((b) => [b.billNumber, b]));
  const chosen = [...new Set(named)].map((n) => byNumber.get(n));
  if (chosen.some((b) => !b)) return { ok: false, code: 'BPR002', reason: 'a named bill is not among the bills fetched' };
  return { ok: true, bills: chosen as Bill[] };
}

/**
 * The fetch stored under the payment's refId decides; without one (quick pay) DIGIT is asked by the
 * customer parameters. DIGIT failures propagate (the caller knows nothing was posted).
 */
export async function chooseBills(
  ledger: Ledger,
  digit: DigitGateway,
  biller: BillerConfig,
  req: PaymentRequest,
): Promise<Choice> {
  const target = resolveParams(biller, req.params);
  if (!target.ok) return { ok: false, code: 'BPR002', reason: target.reason };

  const stored = await ledger.getFetch(req.refId);
  if (stored && stored.billerId === biller.billerId && stored.bills.length > 0) {
    // the payment's parameters are a copy of the fetch's: a refId must not pay another customer's bill
    const search = target.search;
    const sameCustomer = stored.bills.every((b) => b.tenantId === target.tenantId) &&
      (search.by !== 'consumerCode' || stored.bills.some((b) => b.consumerCode === search.value));
    if (!sameCustomer) return { ok: false, code: 'BPR002', reason: 'customer parameters differ from the fetch with this refId' };
    return pick(stored.bills, req);
  }
  const found = await findBills(digit, biller, target.tenantId, target.search);
  if (found.kind === 'none') {
    return found.known
      ? { ok: false, code: 'BPR008', reason: 'no bill due' }
      : { ok: false, code: 'BPR001', reason: 'unknown consumer' };
  }
  return pick(found.bills, req);
}
