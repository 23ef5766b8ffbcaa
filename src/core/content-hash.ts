// Canonical content hash of a payment (design §3.8): the same txnReferenceId with a different hash is
// BPR007, the same hash is an honest retry that replays the stored answer. Only business content is
// hashed: never timestamps, msgId, Analytics, Signature, document whitespace or masked fields
// (customer mobile / name), so a COU's retry of the same payment always hashes the same.
import { createHash } from 'node:crypto';
import type { PaymentRequest } from './types';

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** SHA-256 hex of the canonical JSON of the payment's business content. */
export function paymentContentHash(req: PaymentRequest): string {
  // [name, value] pairs rather than "name=value" strings: a name containing '=' stays unambiguous
  const params = req.params
    .map((p) => [p.name, p.value] as const)
    .sort((a, b) => byCodeUnits(a[0], b[0]) || byCodeUnits(a[1], b[1]));
  const billNumbers = req.billsNamed
    .map((b) => b.billNumber)
    .filter((n): n is string => n !== undefined)
    .sort(byCodeUnits);
  // a fixed-order array, so the JSON text does not depend on object key order; amounts as text
  // (an 18-digit amount beyond 2^53 is NaN in the request and must still hash deterministically)
  const canonical = [
    'bbps-payment-v1',
    req.txnReferenceId,
    req.billerId,
    params,
    String(req.amountPaise),
    String(req.custConvFeePaise),
    req.paymentMode,
    billNumbers,
    req.reversal,
  ];
  return createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
}
