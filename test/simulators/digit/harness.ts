// Test harness: a sandbox on a loopback port with a controllable clock, and thin DIGIT calls.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { createDigitSandbox, SANDBOX_USER, type DigitSandbox, type DigitSandboxOptions } from '../../../src/simulators/digit';

/** 2026-01-15 12:00 IST: fiscal year 2025-26 */
export const T0 = Date.UTC(2026, 0, 15, 6, 30);
export const BASIC = `Basic ${Buffer.from('egov-user-client:').toString('base64')}`;

export interface Harness {
  sandbox: DigitSandbox;
  url: string;
  http: AxiosInstance;
  clock: { t: number };
  close(): Promise<void>;
}

export async function startSandbox(opts: DigitSandboxOptions = {}): Promise<Harness> {
  const clock = { t: T0 };
  const sandbox = createDigitSandbox({ markPaidDelayMs: 60_000, now: () => clock.t, ...opts });
  const { url, close } = await sandbox.listen();
  const http = axios.create({ baseURL: url, validateStatus: () => true, timeout: 5000 });
  return {
    sandbox,
    url,
    http,
    clock,
    close: async () => {
      await sandbox.dispose();
      await close();
    },
  };
}

export function loginForm(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export async function login(h: Harness, fields: Partial<Record<string, string>> = {}, auth = BASIC): Promise<AxiosResponse> {
  const form = {
    grant_type: 'password',
    scope: 'read',
    username: SANDBOX_USER.username,
    password: SANDBOX_USER.password,
    tenantId: SANDBOX_USER.tenantId,
    userType: SANDBOX_USER.userType,
    ...fields,
  };
  const clean = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return h.http.post('/user/oauth/token', loginForm(clean), {
    headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

export async function token(h: Harness, fields: Partial<Record<string, string>> = {}): Promise<string> {
  const res = await login(h, fields);
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.data)}`);
  return res.data.access_token as string;
}

export const requestInfo = (authToken: string) => ({ apiId: 'Rainmaker', ver: '1.0', ts: 1700000000000, msgId: '1700000000000|en_IN', authToken });

export function post(h: Harness, path: string, tok: string, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}) {
  return h.http.post(path, { RequestInfo: requestInfo(tok), ...extra }, { params });
}

export const fetchBill = (h: Harness, tok: string, params: Record<string, string>) =>
  post(h, '/billing-service/bill/v2/_fetchbill', tok, params);

export const billSearch = (h: Harness, tok: string, params: Record<string, string>) =>
  post(h, '/billing-service/bill/v2/_search', tok, params);

export const createPayment = (h: Harness, tok: string, payment: unknown) =>
  h.http.post('/collection-services/payments/_create', { RequestInfo: requestInfo(tok), Payment: payment });

export const searchPayments = (h: Harness, tok: string, module: string, params: Record<string, string | number>) =>
  post(h, `/collection-services/payments/${module}/_search`, tok, params);

/** The one ACTIVE bill _fetchbill gives for a consumer. */
export async function billFor(h: Harness, tok: string, tenantId: string, businessService: string, consumerCode: string) {
  const res = await fetchBill(h, tok, { tenantId, businessService, consumerCode });
  if (res.status !== 201 || res.data.Bill.length !== 1) throw new Error(`no bill: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data.Bill[0];
}

let txnSeq = 0;
/** An ONLINE payment of `amount` (default: the bill's total) for one bill, as an aggregator sends it. */
export function onlinePayment(bill: { id: string; tenantId: string; totalAmount: number }, overrides: Record<string, unknown> = {}, amount = bill.totalAmount) {
  const txn = `AGG-${++txnSeq}-${Date.now()}`;
  return {
    tenantId: bill.tenantId,
    totalDue: bill.totalAmount,
    totalAmountPaid: amount,
    paymentMode: 'ONLINE',
    transactionNumber: txn,
    instrumentNumber: txn,
    paidBy: 'Ramesh Kumar',
    mobileNumber: '9876543210',
    paymentDetails: [{ billId: bill.id, totalDue: bill.totalAmount, totalAmountPaid: amount }],
    ...overrides,
  };
}

export const codes = (res: AxiosResponse): string[] => (res.data?.Errors ?? []).map((e: { code: string }) => e.code);
