// How soon an unresolved payment is tried again (design §3.7 "Retry cadence"): from about 2 s, doubling
// with each attempt already made, with jitter so that payments failing together do not retry together,
// and never over 30 s — a customer is waiting (the 5-minute cap is the CU callbacks', not this).
export const MAX_PAYMENT_RETRY_MS = 30_000;

export function paymentRetryMs(attemptsMade: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_PAYMENT_RETRY_MS, 2000 * 2 ** Math.min(Math.max(0, attemptsMade - 1), 4));
  return Math.round(base / 2 + random() * (base / 2));
}
