// Where the adapter keeps its ledger during a bench run, how big it is, and what it says after.
import { existsSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { openLedger } from '../src/ledger';
import type { Totals } from './gate';
import { cloneSql, paymentClones } from './growth';

export interface LedgerTarget {
  kind: 'sqlite' | 'postgres';
  databaseUrl: string;
  /** bytes on disk now (SQLite: main file after a WAL checkpoint; PostgreSQL: tables and indexes) */
  bytes(): Promise<number>;
  /** SUCCESS rows and their paise, read after the adapter stopped */
  successTotals(): Promise<Totals>;
  cleanup(): Promise<void>;
  /** growth mode: a SUCCESS payment of the run (its key, its fetch's refId, its paise) to clone */
  template(txnPrefix: string): Promise<{ txn: string; ref: string; paidPaise: number }>;
  /** growth mode: clones of the template for every i of each chunk, one transaction per chunk */
  seed(tag: string, template: { txn: string; ref: string }, chunks: ReadonlyArray<[number, number]>): Promise<void>;
}

const TEMPLATE_SQL = (p: string) => `SELECT txn_reference_id AS txn, ref_id AS ref, paid_paise AS paid FROM payments
  WHERE state = 'SUCCESS' AND txn_reference_id LIKE ${p} ORDER BY created_at LIMIT 1`;

const templateOf = (row: { txn: unknown; ref: unknown; paid: unknown } | undefined, prefix: string) => {
  if (!row) throw new Error(`growth: no successful payment ${prefix}… in the ledger to clone`);
  return { txn: String(row.txn), ref: String(row.ref), paidPaise: Number(row.paid) };
};

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
      // BENCH_KEEP_LEDGER=1: left in the run's directory, to look at where the bytes go (dbstat)
      if (!process.env.BENCH_KEEP_LEDGER) rmSync(dir, { recursive: true, force: true });
    },
    async template(prefix) {
      const db = new DatabaseSync(file, { timeout: 5000 });
      try {
        return templateOf(db.prepare(TEMPLATE_SQL('?')).get(`${prefix}%`) as never, prefix);
      } finally {
        db.close();
      }
    },
    async seed(tag, t, chunks) {
      const db = new DatabaseSync(file, { timeout: 5000, enableForeignKeyConstraints: true });
      try {
        const cols = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
        const steps = paymentClones(tag, cols).map((c) => ({ stmt: db.prepare(cloneSql('sqlite', c)), key: c.key === 'txn' ? t.txn : t.ref }));
        for (const [from, to] of chunks) {
          db.exec('BEGIN IMMEDIATE');
          try {
            for (const s of steps) s.stmt.run(from, to, s.key);
            db.exec('COMMIT');
          } catch (e) {
            db.exec('ROLLBACK');
            throw e;
          }
        }
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
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
    template: (prefix) =>
      admin(async (c) => templateOf((await c.query(TEMPLATE_SQL('$1').replace('FROM payments', `FROM ${schema}.payments`), [`${prefix}%`])).rows[0], prefix)),
    seed: (tag, t, chunks) =>
      admin(async (c) => {
        await c.query(`SET search_path = ${schema}`);
        const r = await c.query<{ table_name: string; column_name: string }>(
          'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 ORDER BY ordinal_position', [schema]);
        const cols = (table: string) => r.rows.filter((x) => x.table_name === table).map((x) => x.column_name);
        const steps = paymentClones(tag, cols).map((cl) => ({ sql: cloneSql('postgres', cl), key: cl.key === 'txn' ? t.txn : t.ref }));
        for (const [from, to] of chunks) {
          await c.query('BEGIN');
          try {
            for (const s of steps) await c.query(s.sql, [from, to, s.key]);
            await c.query('COMMIT');
          } catch (e) {
            await c.query('ROLLBACK');
            throw e;
          }
        }
        await c.query('ANALYZE');
      }),
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
