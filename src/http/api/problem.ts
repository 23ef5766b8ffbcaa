// application/problem+json (RFC 9457) for every JSON API error: type, title, status, detail and the
// stable code; the status and title come from the one table in http/error-map.ts.
import type { Response } from 'express';
import { AppError, type ErrorCode } from '../../core/errors';
import { asAppError, statusOfCode, titleOfCode } from '../error-map';

export const PROBLEM_JSON = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  [extension: string]: unknown;
}

export function problemOf(code: ErrorCode, detail: string, extensions: Record<string, unknown> = {}): ProblemBody {
  return { type: `urn:bbps-adapter:problem:${code}`, title: titleOfCode(code), status: statusOfCode(code), detail, code, ...extensions };
}

export function sendProblem(res: Response, body: ProblemBody): void {
  res.status(body.status).type(PROBLEM_JSON).json(body);
}

/**
 * Anything thrown on the API, as a problem. Request errors keep their own (field-naming) text; DIGIT's
 * or the ledger's words stay in the logs: the client gets the table's title.
 */
export function problemFromError(e: unknown): ProblemBody {
  const err = asAppError(e);
  const own = err.code === 'REQUEST_INVALID' || err.code === 'PAYLOAD_TOO_LARGE' || err.code === 'IDEMPOTENCY_KEY_REQUIRED' || err.details.public === true;
  const detail = own ? err.message : titleOfCode(err.code);
  const errors = (err.details as { errors?: unknown }).errors;
  return problemOf(err.code, detail, errors ? { errors } : {});
}

/** An error whose message is meant for the client (our own text, never DIGIT's). */
export const publicError = (code: ErrorCode, detail: string): AppError => new AppError(code, detail, { public: true });
