// POST /user/oauth/token (egov-user, Spring Security OAuth2): password and refresh_token grants.
import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import type { SandboxUserRecord, UserType } from '../types';
import type { TokenGrant } from './tokens';

const CLIENT_BASIC = `Basic ${Buffer.from('egov-user-client:').toString('base64')}`;
const USER_TYPES: ReadonlySet<string> = new Set(['EMPLOYEE', 'CITIZEN', 'SYSTEM', 'BUSINESS']);

const oauthError = (res: Response, status: number, error: string, description: string) =>
  res.status(status).json({ error, error_description: description });

function tokenBody(ctx: SandboxContext, grant: TokenGrant, user: SandboxUserRecord) {
  return {
    access_token: grant.accessToken,
    token_type: 'bearer',
    refresh_token: grant.refreshToken,
    // seconds remaining, truncated like Spring's DefaultOAuth2AccessToken
    expires_in: Math.max(0, Math.floor((grant.expiresAt - ctx.now()) / 1000)),
    scope: grant.scope,
    ResponseInfo: { api_id: '', ver: '', ts: '', res_msg_id: '', msg_id: '', status: 'Access Token generated successfully' },
    UserRequest: {
      id: user.id,
      uuid: user.uuid,
      userName: user.userName,
      name: user.name,
      mobileNumber: user.mobileNumber,
      emailId: user.emailId,
      locale: null,
      type: user.type,
      roles: user.roles.map((r) => ({ name: r.name, code: r.code, tenantId: r.tenantId })),
      active: user.active,
      tenantId: user.tenantId,
      permanentCity: null,
    },
  };
}

const field = (body: Record<string, unknown>, name: string): string | undefined => {
  const v = body[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

export function loginHandler(ctx: SandboxContext) {
  return (req: Request, res: Response) => {
    if (req.headers.authorization !== CLIENT_BASIC) {
      return oauthError(res, 401, 'unauthorized', req.headers.authorization ? 'Bad client credentials' : 'Full authentication is required to access this resource');
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const grantType = field(body, 'grant_type');
    if (grantType === 'refresh_token') return refresh(ctx, body, res);
    if (grantType !== 'password') return oauthError(res, 400, 'unsupported_grant_type', `Unsupported grant type: ${grantType ?? ''}`);

    const fail = (description: string) => {
      ctx.state.counters.failedLogins += 1;
      return oauthError(res, 400, 'invalid_request', description);
    };
    const tenantId = field(body, 'tenantId');
    if (!tenantId) return fail('TenantId is mandatory');
    const userType = field(body, 'userType')?.toUpperCase();
    if (!userType || !USER_TYPES.has(userType)) return fail('User Type is mandatory and has to be a valid type');
    const userName = field(body, 'username') ?? '';
    const user = ctx.users.find(userName, userType as UserType, tenantId);
    if (!user) return fail('Invalid login credentials');
    if (ctx.users.isLocked(user)) return fail('Account locked');
    if (!user.active) return fail('Please activate your account');
    if (field(body, 'password') !== user.password) {
      ctx.users.recordFailure(user);
      return fail('Invalid login credentials');
    }
    ctx.users.recordSuccess(user);
    ctx.state.counters.logins += 1;
    const scope = field(body, 'scope') ?? 'read';
    const grant = ctx.tokens.issue(`${user.userName}|egov-user-client|${scope}|${tenantId}`, user.id, scope);
    return res.status(200).json(tokenBody(ctx, grant, user));
  };
}

function refresh(ctx: SandboxContext, body: Record<string, unknown>, res: Response) {
  const old = ctx.tokens.byRefreshToken(field(body, 'refresh_token') ?? '');
  const user = old && ctx.users.byId(old.userId);
  if (!old || !user) return oauthError(res, 400, 'invalid_grant', 'Invalid refresh token');
  const grant = ctx.tokens.issue(old.authKey, user.id, old.scope);
  ctx.state.counters.logins += 1;
  return res.status(200).json(tokenBody(ctx, grant, user));
}
