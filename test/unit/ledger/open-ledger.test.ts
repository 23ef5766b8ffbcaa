import { resolve } from 'node:path';
import { openLedger, parseDatabaseUrl, SqliteLedger } from '../../../src/ledger';
import { redactUrl } from '../../../src/ledger/migrate-cli';
import { redactDatabaseUrl } from '../../../src/ledger/url';
import { rejectionCode } from './conformance/fixtures';

describe('parseDatabaseUrl', () => {
  it('reads sqlite:<path> relative to the working directory', () => {
    expect(parseDatabaseUrl('sqlite:./data/ledger.db', '/srv/app')).toEqual({ kind: 'sqlite', path: '/srv/app/data/ledger.db' });
    expect(parseDatabaseUrl('sqlite:data/x.db', '/srv/app')).toEqual({ kind: 'sqlite', path: '/srv/app/data/x.db' });
    expect(parseDatabaseUrl('sqlite:/var/lib/ledger.db', '/srv/app')).toEqual({ kind: 'sqlite', path: '/var/lib/ledger.db' });
    expect(parseDatabaseUrl('sqlite:./data/ledger.db')).toEqual({ kind: 'sqlite', path: resolve('data/ledger.db') });
  });

  it('reads sqlite::memory:', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('passes postgres:// and postgresql:// URLs through untouched', () => {
    for (const url of ['postgres://u:p@db:5432/ledger', 'postgresql://u@db/ledger?sslmode=require']) {
      expect(parseDatabaseUrl(url)).toEqual({ kind: 'postgres', url });
    }
  });

  it.each(['', 'sqlite:', 'mysql://db/x', 'postgres:/db', 'file:./x.db', './ledger.db'])('refuses %p with CONFIG_INVALID', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(expect.objectContaining({
      code: 'CONFIG_INVALID',
      message: 'DATABASE_URL must be sqlite:<path> or postgres://…',
    }));
  });
});

describe('openLedger', () => {
  it('opens SQLite for sqlite: URLs', async () => {
    const ledger = await openLedger('sqlite::memory:', { sqliteSynchronous: 'FULL' });
    try {
      expect(ledger).toBeInstanceOf(SqliteLedger);
      expect((ledger as SqliteLedger).settings().synchronous).toBe(2);
      await ledger.ping();
    } finally {
      await ledger.close();
    }
  });

  it('opens PostgreSQL for postgres:// URLs (here: nothing listening, so LEDGER_UNAVAILABLE)', async () => {
    expect(await rejectionCode(openLedger('postgres://postgres@127.0.0.1:1/test'))).toBe('LEDGER_UNAVAILABLE');
  });

  it('refuses any other scheme with CONFIG_INVALID', async () => {
    expect(await rejectionCode(openLedger('redis://localhost'))).toBe('CONFIG_INVALID');
  });
});

describe('redactDatabaseUrl: one redaction for every log line and terminal', () => {
  it.each([
    ['postgres://bbps:s3cret@db.internal:5432/ledger', 'postgres://bbps:***@db.internal:5432/ledger'],
    // a raw '@' in the password: the userinfo ends at the LAST '@', nothing of the password stays
    ['postgres://bbps:p@ss@w0rd@db.internal/ledger', 'postgres://bbps:***@db.internal/ledger'],
    // '/', '?' or '#' in the password: a URL parse ends the authority early, so the whole userinfo goes
    ['postgresql://bbps:a/b@c@db/ledger', 'postgresql://***:***@db/ledger'],
    ['postgres://bbps:p?x@db/ledger', 'postgres://***:***@db/ledger'],
    ['postgres://bbps:pw@db/ledger?options=-c%20search_path%3Dx&password=zz', 'postgres://bbps:***@db/ledger?options=-c%20search_path%3Dx&password=***'],
    ['postgres://db/ledger?sslpassword=k', 'postgres://db/ledger?sslpassword=***'],
    ['postgres://bbps@db/ledger', 'postgres://bbps@db/ledger'],
    ['sqlite:./data/ledger.db', 'sqlite:./data/ledger.db'],
  ])('%s → %s', (url, shown) => {
    expect(redactDatabaseUrl(url)).toBe(shown);
  });

  it('redacts URLs inside an error text (the migrate command)', () => {
    expect(redactUrl('connect ECONNREFUSED for postgres://u:p@ss@h/db, giving up')).toBe('connect ECONNREFUSED for postgres://u:***@h/db, giving up');
  });
});
