// The adapter with a CLIENTS_FILE of test clients, and a small JSON client for the /api/v1 routes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newApiKey, sha256Hex } from '../../../src/clients/keys';
import { startHarness, type Harness, type HarnessOptions } from '../../support/harness';

export const PT = 'PBMC00000PUN01';
export const WATER = 'AMRW00000PUN01';
export const TL = 'PBTL00000PUN01';

export interface TestClient {
  id: string;
  key: string;
  billers: string[];
  ratePerMinute?: number;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiHarness {
  /** the service harness underneath (BBPS XML posts, conservation) */
  base: Harness;
  svc: Harness['svc'];
  sandbox: Harness['sandbox'];
  clients: Record<string, TestClient>;
  get(key: string | undefined, path: string): Promise<ApiResponse>;
  post(key: string | undefined, path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  postXml: Harness['post'];
  stop(): Promise<void>;
}

/** agent-01: PT and water; agent-02: trade licence only; plus any given. */
export async function startApiHarness(opts: HarnessOptions & { clients?: TestClient[] } = {}): Promise<ApiHarness> {
  const clients: TestClient[] = [
    { id: 'agent-01', key: newApiKey(), billers: [PT, WATER] },
    { id: 'agent-02', key: newApiKey(), billers: [TL] },
    ...(opts.clients ?? []),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'bbps-api-clients-'));
  const file = join(dir, 'clients.json');
  writeFileSync(file, JSON.stringify({
    clients: clients.map((c) => ({ id: c.id, name: c.id, keySha256: sha256Hex(c.key), billers: c.billers, ratePerMinute: c.ratePerMinute ?? 100_000 })),
  }));
  const h = await startHarness({ ...opts, env: { CLIENTS_FILE: file, ...opts.env } });
  const call = async (method: string, key: string | undefined, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> => {
    const res = await fetch(h.svc.url + path, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    base: h,
    svc: h.svc,
    sandbox: h.sandbox,
    clients: Object.fromEntries(clients.map((c) => [c.id, c])),
    get: (key, path) => call('GET', key, path),
    post: (key, path, body, headers) => call('POST', key, path, body, headers),
    postXml: h.post,
    stop: () => h.stop(),
  };
}

/** A fresh property with one bill of `rupees` due (seeded in the sandbox), and its customer parameters. */
let next = 700_000 + (process.pid % 1000) * 100;
export function freshProperty(h: { sandbox: Harness['sandbox'] }, rupees = 1500): Record<string, string> {
  const [code] = h.sandbox.addBulkPtConsumers({ count: 1, amount: rupees, start: next++ });
  return { City: 'Amritsar', 'Property ID': code };
}

/** sandbox payments naming this transaction number */
export const digitPaymentsOf = (h: { sandbox: Harness['sandbox'] }, txn: string) => h.sandbox.listPayments().filter((p) => p.transactionNumber === txn);
