import { POSTGRES_MIGRATIONS } from '../../../src/ledger/migrations/postgres';
import { SQLITE_MIGRATIONS } from '../../../src/ledger/migrations/sqlite';
import { pendingMigrations, type Migration } from '../../../src/ledger/migrations/types';

const m = (version: number): Migration => ({ version, name: `m${version}`, sql: '' });

describe('migrations', () => {
  it('number both dialects alike, strictly increasing: one logical schema', () => {
    for (const list of [SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS]) {
      const versions = list.map((x) => x.version);
      expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    }
    const shape = (list: readonly Migration[]) => list.map(({ version, name }) => ({ version, name }));
    expect(shape(POSTGRES_MIGRATIONS)).toEqual(shape(SQLITE_MIGRATIONS));
  });

  it('create the same tables and indexes in both dialects', () => {
    const names = (list: readonly Migration[]) =>
      list.flatMap((x) => [...x.sql.matchAll(/CREATE (?:TABLE|INDEX) (\w+)/g)].map((r) => r[1])).sort();
    expect(names(POSTGRES_MIGRATIONS)).toEqual(names(SQLITE_MIGRATIONS));
  });

  it('pendingMigrations returns what is missing, in order', () => {
    const all = [m(1), m(2), m(3)];
    expect(pendingMigrations(all, [])).toEqual(all);
    expect(pendingMigrations(all, [1])).toEqual([m(2), m(3)]);
    expect(pendingMigrations(all, [1, 2, 3])).toEqual([]);
  });

  it('pendingMigrations refuses a store newer than the build', () => {
    expect(() => pendingMigrations([m(1)], [1, 2])).toThrow(/version 2, newer than this build knows \(1\)/);
  });
});
