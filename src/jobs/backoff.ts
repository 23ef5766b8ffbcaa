// Retry delays of the outbox (design §3.2 BBPS_CALLBACK_RETRY_MS): the first delay doubles per attempt
// up to 5 minutes, with ±25 % jitter so that many callbacks failing together do not retry together.
export const MAX_RETRY_DELAY_MS = 300_000;

export function retryDelayMs(attemptsBefore: number, firstMs: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_DELAY_MS, firstMs * 2 ** Math.min(attemptsBefore, 20));
  const jittered = base * (0.75 + 0.5 * random());
  return Math.max(1, Math.min(MAX_RETRY_DELAY_MS, Math.round(jittered)));
}
