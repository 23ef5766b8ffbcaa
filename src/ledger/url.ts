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

// query parameters libpq reads secrets from
const SECRET_PARAM = /([?&](?:password|sslpassword)=)[^&#\s]*/gi;

/**
 * A database URL fit for logs: the password (and `?password=`) replaced by `***`. The userinfo ends at
 * the LAST `@` (as URL parsers and PostgreSQL clients read `postgres://u:p@ss@host/db`), so a raw `@`
 * in the password cannot leave its tail in view; the user name is shown only when a URL parse reads the
 * same user name (else the whole userinfo is hidden: a '/', '?' or '#' in a password makes the parse
 * end the authority early). Text without `scheme://` (`sqlite:./data/ledger.db`) is returned as it is.
 */
export function redactDatabaseUrl(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([\s\S]*)$/.exec(url);
  if (!m) return url;
  const scheme = m[1] as string;
  const rest = m[2] as string;
  const at = rest.lastIndexOf('@');
  let out = url;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const shown = parsedUser(url) === user ? user : '***';
    out = `${scheme}${colon < 0 && shown === user ? user : `${shown}:***`}@${rest.slice(at + 1)}`;
  }
  return out.replace(SECRET_PARAM, '$1***');
}

function parsedUser(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).username);
  } catch {
    return undefined;
  }
}

/** Every `scheme://…` URL inside a free text (an error message) redacted as above. */
export const redactUrlsIn = (text: string): string => text.replace(/[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+/g, redactDatabaseUrl);
