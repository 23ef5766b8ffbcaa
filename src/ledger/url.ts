// DATABASE_URL → which ledger to open (design §3.2).
import { resolve } from 'node:path';
import { AppError } from '../core/errors';

export type LedgerTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** `sqlite:<path>` (relative to the working directory; `sqlite::memory:`) or `postgres://` / `postgresql://`. */
export function parseDatabaseUrl(databaseUrl: string, cwd: string = process.cwd()): LedgerTarget {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return { kind: 'postgres', url: databaseUrl };
  const sqlite = /^sqlite:(.+)$/i.exec(databaseUrl);
  if (sqlite) {
    const path = sqlite[1];
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) };
  }
  throw new AppError('CONFIG_INVALID', 'DATABASE_URL must be sqlite:<path> or postgres://…', { key: 'DATABASE_URL' });
}
