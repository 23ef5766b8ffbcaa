// Where the adapter keeps its ledger during a bench run, how big it is, and what it says after.
import { existsSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { openLedger } from '../src/ledger';
import type { Totals } from './gate';

export interface LedgerTarget {
  kind: 'sqlite' | 'postgres';
  databaseUrl: string;
  /** bytes on disk now (SQLite: main file after a WAL checkpoint; PostgreSQL: tables and indexes) */
  bytes(): Promise<number>;
  /** SUCCESS rows and their paise, read after the adapter stopped */
  successTotals(): Promise<Totals>;
  cleanup(): Promise<void>;
}

export function sqliteTarget(dir: string): LedgerTarget {
  const file = join(dir, 'ledger.db');
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  return {
    kind: 'sqlite',
    databaseUrl: `sqlite:${file}`,
    async bytes() {
      if (!existsSync(file)) return 0;
      // fold the WAL into the main file so the size is the data's, not the log's (no load is running)
      const db = new DatabaseSync(file, { timeout: 5000 });
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
      return size(file) + size(`${file}-wal`);
    },
    successTotals: () => readTotals(`sqlite:${file}`),
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PG_DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema on TEST_DATABASE_URL (or the local default), dropped at cleanup. */
export async function postgresTarget(runTag: string): Promise<LedgerTarget> {
  const baseUrl = process.env.TEST_DATABASE_URL || PG_DEFAULT_URL;
  const schema = `bench_${runTag.toLowerCase()}`;
  const admin = async <T>(work: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: baseUrl, connectionTimeoutMillis: 5000 });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  // search_path in the startup packet: the adapter's unqualified tables land in the fresh schema
  const databaseUrl = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    kind: 'postgres',
    databaseUrl,
    bytes: () =>
      admin(async (c) => {
        const r = await c.query<{ bytes: string }>(
          `SELECT COALESCE(SUM(pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass)), 0) AS bytes
           FROM pg_tables WHERE schemaname = $1`,
          [schema],
        );
        return Number(r.rows[0].bytes);
      }),
    successTotals: () => readTotals(databaseUrl),
    cleanup: () => admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

async function readTotals(databaseUrl: string): Promise<Totals> {
  const ledger = await openLedger(databaseUrl);
  try {
    return await ledger.successTotals();
  } finally {
    await ledger.close();
  }
}
