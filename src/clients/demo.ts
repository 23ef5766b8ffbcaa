// With the in-process sandbox and no client configured, `npm start` makes a demo client for every
// biller, kept in memory only; its key is printed with the other demo hints.
import type { BillerRegistry } from '../billers/registry';
import { newApiKey, sha256Hex } from './keys';
import type { ApiClient } from './types';

export function demoClient(billers: BillerRegistry): { client: ApiClient; key: string } {
  const key = newApiKey();
  const client = { id: 'demo-agent', name: 'Demo agent (sandbox only)', keySha256: sha256Hex(key), billers: billers.all().map((b) => b.billerId), ratePerMinute: 600 };
  return { client, key };
}
