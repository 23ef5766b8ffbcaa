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

/**
 * PostgreSQL: a server's error carries a SQLSTATE, and it ended the statement. Without one (the
 * connection dropped, reset or ended mid-call) the server may have committed it all the same: such an
 * error says `details.uncertain`, and a caller that must not contradict a commit checks it.
 */
const SQLSTATE = /^[0-9A-Z]{5}$/;
export function pgError(what: string, e: unknown): AppError {
  const err = ledgerError(what, e);
  const code = err.details.driverCode;
  if (isAppError(e) || (typeof code === 'string' && SQLSTATE.test(code))) return err;
  return new AppError(err.code, err.message, { ...err.details, uncertain: true });
}

/** A claim whose fate is unknown, or whose payment is known to exist: never to be answered as refused
 *  (Ledger.claimPayment; PayBill answers PENDING). */
export function paymentMayExist(e: AppError): AppError {
  return new AppError(e.code, e.message, { ...e.details, paymentMayExist: true });
}
