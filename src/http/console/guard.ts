// What every console request passes: a state change (POST) must come from this console's own origin
// (Origin, or Referer when Origin is absent) and carry its session's CSRF token; every page but
// sign-in needs a live session whose operator still exists (looked up by id at each request).
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../core/errors';
import type { Clock } from '../../core/ports';
import type { OperatorRegistry } from '../../operators/registry';
import type { OperatorIdentity } from '../../operators/types';
import { COOKIE, SESSION_MS, type Session, type SessionKeys } from './session';

export interface Signed {
  operator: OperatorIdentity;
  session: Session;
  csrf: string;
}

export const signedOf = (res: Response): Signed => res.locals.console as Signed;

/** The origin the browser is on: this server as the request names it (the app trusts no proxy header). */
const ownOrigin = (req: Request) => `${req.protocol}://${req.get('host') ?? ''}`;

function originOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return 'invalid';
  }
}

/** POSTs from another origin are refused before anything else (a forged cross-site form). */
export function sameOrigin(req: Request, _res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  const claimed = originOf(req.get('origin')) ?? originOf(req.get('referer'));
  if (claimed !== undefined && claimed !== ownOrigin(req)) return next(new AppError('CSRF_REFUSED', `a request from ${claimed} may not change anything here`, { public: true }));
  next();
}

export function cookieOptions(req: Request, maxAgeMs: number) {
  // Secure when this server itself speaks TLS (TLS_CERT_FILE): the app trusts no X-Forwarded-Proto
  return { httpOnly: true, sameSite: 'strict' as const, path: '/console', secure: req.secure, maxAge: maxAgeMs };
}

export function setSession(req: Request, res: Response, value: string): void {
  res.cookie(COOKIE, value, cookieOptions(req, SESSION_MS));
}

export function clearSession(req: Request, res: Response): void {
  res.clearCookie(COOKIE, { ...cookieOptions(req, 0), maxAge: undefined });
}

/** The one cookie the console reads (express reads none by itself). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The signed-in operator, if the cookie is good and the operator still exists. */
export function readSigned(req: Request, keys: SessionKeys, operators: OperatorRegistry, clock: Clock): Signed | undefined {
  const session = keys.read(cookieValue(req.get('cookie'), COOKIE), clock.now());
  const operator = session && operators.byId(session.operatorId);
  return session && operator ? { operator, session, csrf: keys.csrfToken(session) } : undefined;
}

/** No page without a session (303 to sign-in); a POST without its session's token is refused (403). */
export function requireSession(keys: SessionKeys, operators: OperatorRegistry, clock: Clock) {
  return (req: Request, res: Response, next: NextFunction) => {
    const signed = readSigned(req, keys, operators, clock);
    if (!signed) {
      clearSession(req, res);
      return res.redirect(303, '/console/sign-in');
    }
    if (req.method === 'POST' && !keys.checkCsrf(signed.session, (req.body as Record<string, unknown> | undefined)?._csrf)) {
      return next(new AppError('CSRF_REFUSED', 'this form did not come from your console session (missing or wrong token): reload the page and try again', { public: true }));
    }
    res.locals.console = signed;
    next();
  };
}

/** Actions are the operator role's: a viewer's POST is refused (the buttons are disabled for them too). */
export function requireOperatorRole(_req: Request, res: Response, next: NextFunction): void {
  const { operator } = signedOf(res);
  if (operator.role !== 'operator') return next(new AppError('OPERATOR_FORBIDDEN', `this action needs the operator role: ${operator.id} is a viewer`, { public: true }));
  next();
}
