// What is due for a customer right now, as a fetch and a validation both see it (design §3.8 "Fetch").
import { resolveParams } from '../billers/resolve';
import type { BillerConfig } from '../billers/types';
import { findBills } from './find-bills';
import type { Logger } from './logger';
import { DigitCallError, type DigitGateway, type Ledger } from './ports';
import type { Bill, CustomerParam } from './types';

export type DueLookup =
  | { kind: 'due'; bills: Bill[] }
  | { kind: 'badParams'; reason: string }
  | { kind: 'unknownConsumer' }
  | { kind: 'nothingDue' }
  | { kind: 'digitUnavailable' };

// DIGIT's free text may hold control characters that XML cannot carry: shown as spaces
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const printable = (b: Bill): Bill => ({ ...b, customerName: b.customerName.replace(CONTROL, ' ').trim() });

export async function lookupDue(
  deps: { digit: DigitGateway; ledger: Ledger; log: Logger },
  biller: BillerConfig,
  params: CustomerParam[],
  refId: string,
): Promise<DueLookup> {
  const target = resolveParams(biller, params);
  if (!target.ok) return { kind: 'badParams', reason: target.reason };
  let found;
  try {
    found = await findBills(deps.digit, biller, target.tenantId, target.search);
  } catch (e) {
    if (!(e instanceof DigitCallError)) throw e;
    deps.log.warn('DIGIT could not be read', { refId, kind: e.kind, digitCodes: e.digitCodes, error: e.message });
    return { kind: 'digitUnavailable' };
  }
  if (found.kind === 'none') return found.known ? { kind: 'nothingDue' } : { kind: 'unknownConsumer' };
  // a zero bill, or one we paid while DIGIT's mark-as-paid is still pending, is nothing due
  const taken = new Set(await deps.ledger.billIdsTaken(found.bills.map((b) => b.billId)));
  const due = found.bills.filter((b) => b.amountPaise > 0 && !taken.has(b.billId)).map(printable);
  return due.length > 0 ? { kind: 'due', bills: due } : { kind: 'nothingDue' };
}
