// Every storage failure leaves the ledger as one stable error code: callers (routes, jobs) only need to
// know that the store could not be used, and the HTTP layer turns it into a 503 Failure Ack.
import { AppError, isAppError } from '../core/errors';

/** Wraps a driver error as LEDGER_UNAVAILABLE; an AppError raised on purpose passes through. */
export function ledgerError(what: string, e: unknown): AppError {
  if (isAppError(e)) return e;
  const reason = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  return new AppError('LEDGER_UNAVAILABLE', `ledger: cannot ${what}: ${reason}`, {
    cause: reason,
    ...(typeof code === 'string' ? { driverCode: code } : {}),
  });
}
