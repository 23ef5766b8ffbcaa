// The JSON API's store (core/api-store.ts) on the database DATABASE_URL names, beside the ledger.
import type { ApiStore } from '../../core/api-store';
import { parseDatabaseUrl } from '../url';
import { openPostgresApiStore } from './postgres';
import { openSqliteApiStore } from './sqlite';

export { openPostgresApiStore } from './postgres';
export { openSqliteApiStore } from './sqlite';

export async function openApiStore(databaseUrl: string, now: () => number, sqliteSynchronous?: 'NORMAL' | 'FULL'): Promise<ApiStore> {
  const target = parseDatabaseUrl(databaseUrl);
  return target.kind === 'sqlite' ? openSqliteApiStore(target.path, now, sqliteSynchronous) : openPostgresApiStore(target.url, now);
}
