// Keeps the process logged in without a login loop: when no token is held it logs in — at boot, after
// DIGIT comes back (backoff 1 s doubling to 30 s), or when the guard's next login time comes after a
// refusal. Readiness never logs in itself, so without this a pod that missed its first login would
// stay unready for ever (no traffic reaches an unready pod to trigger one). `maxBackoffMs`
// (DIGIT_RELOGIN_MS) bounds how long readiness lags behind a DIGIT whose logins work again.
import type { DigitLogger } from './config';
import type { TokenManager } from './token-manager';

const CHECK_MS = 5_000;
const FIRST_BACKOFF_MS = 1_000;
export const DEFAULT_RELOGIN_MS = 5_000;

export function keepLoggedIn(tokens: TokenManager, now: () => number, log: DigitLogger, maxBackoffMs = DEFAULT_RELOGIN_MS): { stop(): void } {
  const first = Math.min(FIRST_BACKOFF_MS, maxBackoffMs);
  const check = Math.min(CHECK_MS, maxBackoffMs);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let backoff = first;
  let said = '';
  const tick = async () => {
    let delay = check;
    if (!tokens.healthy()) {
      try {
        await tokens.token();
        backoff = first;
      } catch {
        const s = tokens.status();
        if (s.state === 'waiting' && s.nextLoginAt) {
          delay = Math.max(first, s.nextLoginAt - now() + 50);
          const line = `${s.reason}; next login at ${new Date(s.nextLoginAt).toISOString()}`;
          // once per wait, not once per tick
          if (line !== said) log.warn(`DIGIT login waiting: ${line}`, { nextLoginAt: new Date(s.nextLoginAt).toISOString() });
          said = line;
        } else {
          delay = backoff;
          backoff = Math.min(backoff * 2, maxBackoffMs);
        }
      }
    }
    if (stopped) return;
    timer = setTimeout(() => void tick(), delay);
    timer.unref();
  };
  void tick();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
