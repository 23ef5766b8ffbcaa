// A purpose-built fake of DIGIT's gateway for the client's unit tests: real HTTP on 127.0.0.1,
// OAuth login checked the way egov-user checks it, token required in RequestInfo.authToken, and
// every request recorded so tests can assert exactly what the client sent.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import express from 'express';
import { createDigitGateway, type DigitClient, type DigitClientConfig } from '../../../src/digit';

export interface LoginSeen {
  headers: http.IncomingHttpHeaders;
  form: Record<string, string>;
}

export interface CallSeen {
  path: string;
  originalUrl: string;
  query: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  body: { RequestInfo?: Record<string, unknown>; [k: string]: unknown };
}

export type Responder = (call: CallSeen, res: express.Response, req: express.Request) => void;

export const USER = { username: 'COLL_AGG_01', password: 's3cret', loginTenant: 'pb', userType: 'EMPLOYEE' as const };

export class FakeDigit {
  readonly logins: LoginSeen[] = [];
  readonly calls: CallSeen[] = [];
  readonly valid = new Set<string>();
  /** expires_in of issued tokens, seconds */
  expiresIn = 604799;
  /** replaces the default login answer when set */
  loginAnswer?: (n: number, res: express.Response) => void;
  private readonly routes = new Map<string, Responder>();
  private server?: http.Server;
  url = '';

  on(path: string, responder: Responder): this {
    this.routes.set(path, responder);
    return this;
  }

  async start(): Promise<this> {
    const app = express();
    app.post('/user/oauth/token', express.urlencoded({ extended: false }), (req, res) => this.login(req, res));
    app.use(express.json());
    app.use((req, res) => this.business(req, res));
    this.server = http.createServer(app);
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  connections(): Promise<number> {
    return new Promise((r, j) => this.server!.getConnections((e, n) => (e ? j(e) : r(n))));
  }

  gateway(over: Partial<DigitClientConfig> = {}): DigitClient {
    return createDigitGateway({ baseUrl: this.url, ...USER, timeoutMs: 2000, ...over });
  }

  private login(req: express.Request, res: express.Response): void {
    const form = { ...(req.body as Record<string, string>) };
    this.logins.push({ headers: req.headers, form });
    if (this.loginAnswer) return this.loginAnswer(this.logins.length, res);
    const ok =
      req.headers['content-type']?.startsWith('application/x-www-form-urlencoded') &&
      req.headers.authorization === 'Basic ZWdvdi11c2VyLWNsaWVudDo=' &&
      form.grant_type === 'password' &&
      form.scope === 'read' &&
      form.username === USER.username &&
      form.password === USER.password &&
      form.tenantId === USER.loginTenant &&
      form.userType === USER.userType &&
      form.isInternal === undefined;
    if (!ok) {
      res.status(400).json({ error: 'invalid_request', error_description: 'Invalid login credentials' });
      return;
    }
    const token = `tok-${this.logins.length}`;
    this.valid.add(token);
    res.status(200).json({ access_token: token, token_type: 'bearer', expires_in: this.expiresIn, scope: 'read' });
  }

  private business(req: express.Request, res: express.Response): void {
    const call: CallSeen = {
      path: req.path,
      originalUrl: req.originalUrl,
      query: req.query as Record<string, unknown>,
      headers: req.headers,
      body: (req.body ?? {}) as CallSeen['body'],
    };
    this.calls.push(call);
    const token = call.body.RequestInfo?.authToken;
    if (typeof token !== 'string' || !this.valid.has(token)) {
      res.status(401).json({
        ResponseInfo: null,
        Errors: [{ code: 'InvalidAccessTokenException', message: 'An unhandled exception occurred on the server' }],
      });
      return;
    }
    const responder = this.routes.get(req.path);
    if (!responder) {
      res.status(404).json({ ResponseInfo: null, Errors: [{ code: 'ResourceNotFoundException', message: 'no route' }] });
      return;
    }
    responder(call, res, req);
  }
}

export const FETCHBILL = '/billing-service/bill/v2/_fetchbill';
export const BILL_SEARCH = '/billing-service/bill/v2/_search';
export const CREATE = '/collection-services/payments/_create';

/** a one-bill posting plan for `_create` calls */
export const ONE_BILL_PLAN = {
  tenantId: 'pb.amritsar',
  paidBy: 'Ramesh Kumar',
  paymentMode: 'ONLINE',
  bills: [{ billId: 'b1', billNumber: 'BN1', businessService: 'PT', consumerCode: 'C1', amountPaise: 150000 }],
  additionalDetails: {},
};
export const Q = { tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: 'PB-PT-2023-04-12-000456' };

/** a DIGIT bill like reference §3.5, overridable */
export function digitBill(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '7c9e1b8a-35a4-4c1e-9a0e-2f1d3b4c5d6e',
    mobileNumber: '9876543210',
    payerName: 'Ramesh Kumar',
    status: 'ACTIVE',
    totalAmount: 1500,
    businessService: 'PT',
    billNumber: 'BILLNO-PT-000123',
    billDate: 1700000000000,
    consumerCode: 'PB-PT-2023-04-12-000456',
    billDetails: [
      { id: 'd1', expiryDate: 1700159399000, amount: 1500, fromPeriod: 1680307200000, toPeriod: 1711929599000 },
    ],
    tenantId: 'pb.amritsar',
    ...over,
  };
}

/** answers `_fetchbill` like billing-service: HTTP 201 and the `ResposneInfo` typo */
export const billsAnswer =
  (bills: unknown[], status = 201): Responder =>
  (_c, res) => {
    res.status(status).json({ ResposneInfo: null, Bill: bills });
  };

export function recordingLogger() {
  const lines: Array<{ level: string; msg: string; meta?: object }> = [];
  const at = (level: string) => (msg: string, meta?: object) => void lines.push({ level, msg, meta });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}
