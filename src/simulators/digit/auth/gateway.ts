// The zuul gateway in front of every business route: token check (401), RBAC (403), and the
// RequestInfo enrichment (authToken stripped, userInfo injected from the token's user).
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { invalidTokenError, noTokenError, rbacError } from '../errors';
import { classify } from '../http/routes';
import type { SandboxUserRecord } from '../types';
import { allowedRoles, isAuthorized, requestTenantIds } from './rbac';

export interface CallerInfo {
  user: SandboxUserRecord;
  requestInfo: Record<string, unknown>;
}

export const userInfoOf = (user: SandboxUserRecord) => ({
  id: user.id,
  userName: user.userName,
  name: user.name,
  type: user.type,
  mobileNumber: user.mobileNumber,
  emailId: user.emailId,
  roles: user.roles.map((r) => ({ id: null, name: r.name, code: r.code, tenantId: r.tenantId })),
  tenantId: user.tenantId,
  uuid: user.uuid,
});

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export function gateway(ctx: SandboxContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const body = asObject(req.body) ?? {};
    const riKey = body.RequestInfo !== undefined ? 'RequestInfo' : body.requestInfo !== undefined ? 'requestInfo' : 'RequestInfo';
    const requestInfo = { ...(asObject(body[riKey]) ?? {}) };
    // the body's token wins over the header (AuthPreCheckFilter)
    const bodyToken = typeof requestInfo.authToken === 'string' ? requestInfo.authToken : '';
    const token = bodyToken || req.get('auth-token') || '';
    if (!token) throw noTokenError();
    const grant = ctx.tokens.check(token);
    const user = grant && ctx.users.byId(grant.userId);
    if (!user) throw invalidTokenError();

    const route = classify(req.path);
    if (!isAuthorized(user.roles, allowedRoles(route), requestTenantIds(body, req.query.tenantId))) throw rbacError();

    delete requestInfo.authToken;
    requestInfo.userInfo = userInfoOf(user);
    requestInfo.correlationId = randomUUID();
    body[riKey] = requestInfo;
    req.body = body;
    res.locals.caller = { user, requestInfo } satisfies CallerInfo;
    next();
  };
}

export const callerOf = (res: Response): CallerInfo => res.locals.caller as CallerInfo;
