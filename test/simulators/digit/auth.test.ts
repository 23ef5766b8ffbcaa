import { SANDBOX_USER } from '../../../src/simulators/digit';
import { billSearch, codes, fetchBill, login, post, startSandbox, token, type Harness } from './harness';

describe('DIGIT sandbox: login and gateway', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startSandbox({ tokenTtlSeconds: 3600 });
  });
  afterEach(() => h.close());

  it('issues the §1.2 token response for the seeded integrator', async () => {
    const res = await login(h);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'read',
      ResponseInfo: { status: 'Access Token generated successfully' },
      UserRequest: { userName: SANDBOX_USER.username, type: 'EMPLOYEE', tenantId: 'pb' },
    });
    expect(res.data.access_token).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.data.UserRequest.roles).toEqual(
      expect.arrayContaining([
        { name: 'Employee', code: 'EMPLOYEE', tenantId: 'pb' },
        { name: 'Universal Collection Employee', code: 'UC_EMP', tenantId: 'pb' },
        expect.objectContaining({ code: 'CR_PT', tenantId: 'pb' }),
        expect.objectContaining({ code: 'WS_CEMP' }),
        expect.objectContaining({ code: 'SW_CEMP' }),
        expect.objectContaining({ code: 'TL_CEMP' }),
      ]),
    );
  });

  it('returns the same token to repeated logins until it expires, with seconds remaining', async () => {
    const first = await login(h);
    h.clock.t += 10_500;
    const second = await login(h);
    expect(second.data.access_token).toBe(first.data.access_token);
    expect(second.data.expires_in).toBe(3589);
    h.clock.t += 3600_000;
    const third = await login(h);
    expect(third.data.access_token).not.toBe(first.data.access_token);
    expect(third.data.expires_in).toBe(3600);
  });

  it('requires the Basic egov-user-client: header', async () => {
    const none = await login(h, {}, '');
    expect(none.status).toBe(401);
    expect(none.data.error).toBe('unauthorized');
    const wrong = await login(h, {}, `Basic ${Buffer.from('egov-user-client:egov-user-secret').toString('base64')}`);
    expect(wrong.status).toBe(401);
  });

  it.each([
    ['no tenantId', { tenantId: undefined }, 'TenantId is mandatory'],
    ['no userType', { userType: undefined }, 'User Type is mandatory and has to be a valid type'],
    ['unknown userType', { userType: 'ROBOT' }, 'User Type is mandatory and has to be a valid type'],
    ['wrong password', { password: 'nope' }, 'Invalid login credentials'],
    ['unknown user', { username: 'NOBODY' }, 'Invalid login credentials'],
    // employees match their home tenant exactly
    ['another tenant', { tenantId: 'pb.amritsar' }, 'Invalid login credentials'],
  ])('refuses %s with 400 invalid_request', async (_what, fields, description) => {
    const res = await login(h, fields as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ error: 'invalid_request', error_description: description });
  });

  it('accepts userType in any case', async () => {
    expect((await login(h, { userType: 'employee' })).status).toBe(200);
  });

  it('locks the account after 5 failures, even for the right password, and unlocks after an hour', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await login(h, { password: 'wrong' })).data.error_description).toBe('Invalid login credentials');
    }
    const locked = await login(h);
    expect(locked.status).toBe(400);
    expect(locked.data.error_description).toBe('Account locked');
    const stats = h.sandbox.stats();
    expect(stats.failedLogins).toBe(6);
    h.clock.t += 61 * 60_000;
    expect((await login(h)).status).toBe(200);
    expect(h.sandbox.stats().logins).toBe(1);
  });

  it('refreshes with the refresh token', async () => {
    const first = await login(h);
    const res = await h.http.post('/user/oauth/token', `grant_type=refresh_token&refresh_token=${first.data.refresh_token}`, {
      headers: { Authorization: `Basic ${Buffer.from('egov-user-client:').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(res.data.refresh_token).toBe(first.data.refresh_token);
  });

  it('answers 401 without a token and for an unknown or expired one', async () => {
    const params = { tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000456' };
    const none = await h.http.post('/billing-service/bill/v2/_fetchbill', { RequestInfo: {} }, { params });
    expect(none.status).toBe(401);
    expect(none.data).toEqual({
      ResponseInfo: null,
      Errors: [{ code: 'CustomException', message: 'You are not authorized to access this resource', description: 'You are not authorized to access this resource', params: null }],
    });
    const unknown = await fetchBill(h, '6cf92021-8433-4da3-9a1e-8bc511983b2f', params);
    expect(unknown.status).toBe(401);
    expect(unknown.data.Errors[0]).toEqual({
      code: 'InvalidAccessTokenException',
      message: 'An unhandled exception occurred on the server',
      description: 'Invalid Access Token Exception',
      params: null,
    });
    const tok = await token(h);
    expect((await fetchBill(h, tok, params)).status).toBe(201);
    h.clock.t += 3600_000;
    expect((await fetchBill(h, tok, params)).status).toBe(401);
  });

  it('takes the token from the auth-token header when the body has none', async () => {
    const tok = await token(h);
    const res = await h.http.post(
      '/billing-service/bill/v2/_fetchbill',
      { RequestInfo: { apiId: 'Rainmaker' } },
      { params: { tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000456' }, headers: { 'auth-token': tok } },
    );
    expect(res.status).toBe(201);
  });

  it('admin expireTokens makes every token fail with 401', async () => {
    const tok = await token(h);
    expect(h.sandbox.expireTokens()).toBe(1);
    const res = await billSearch(h, tok, { tenantId: 'pb.amritsar', service: 'PT', consumerCode: 'PB-PT-2023-04-12-000457' });
    expect(res.status).toBe(401);
    expect(await token(h)).not.toBe(tok);
  });

  it('applies RBAC per tenant: city roles do not reach another city (403)', async () => {
    h.sandbox.addUser({
      userName: 'AMR_COLLECTOR', password: 'pw', type: 'EMPLOYEE', tenantId: 'pb.amritsar',
      roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }, { code: 'UC_EMP', tenantId: 'pb.amritsar' }],
    });
    const tok = await token(h, { username: 'AMR_COLLECTOR', password: 'pw', tenantId: 'pb.amritsar' });
    const own = await fetchBill(h, tok, { tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000456' });
    expect(own.status).toBe(201);
    const other = await fetchBill(h, tok, { tenantId: 'pb.jalandhar', businessService: 'PT', consumerCode: 'PB-PT-2023-05-01-000101' });
    expect(other.status).toBe(403);
    expect(other.data.Errors[0]).toMatchObject({ code: 'CustomException', message: 'Not authorized to access this resource' });
    // tenants inside the body count too
    const body = await post(h, '/collection-services/payments/_create', tok, {}, { Payment: { tenantId: 'pb.jalandhar' } });
    expect(body.status).toBe(403);
  });

  it('refuses a URI the roles do not map to (403)', async () => {
    h.sandbox.addUser({ userName: 'PT_CLERK', password: 'pw', type: 'EMPLOYEE', tenantId: 'pb', roles: [{ code: 'CR_PT', tenantId: 'pb' }] });
    const tok = await token(h, { username: 'PT_CLERK', password: 'pw' });
    const res = await post(h, '/collection-services/payments/_create', tok, {}, { Payment: { tenantId: 'pb.amritsar' } });
    expect(res.status).toBe(403);
    expect(codes(res)).toEqual(['CustomException']);
  });

  it('answers 404 ResourceNotFoundException for unknown routes and JsonParseException for bad JSON', async () => {
    const missing = await h.http.post('/billing-service/bill/v2/_generate_nothing', {});
    expect(missing.status).toBe(404);
    expect(codes(missing)).toEqual(['ResourceNotFoundException']);
    const bad = await h.http.post('/billing-service/bill/v2/_fetchbill', '{"RequestInfo": {', { headers: { 'Content-Type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.data.ResponseInfo).toBeNull();
    expect(codes(bad)).toEqual(['JsonParseException']);
  });
});
