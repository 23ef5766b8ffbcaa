// Opens the PostgreSQL ledger: production, and several instances behind a load balancer.
import { Pool } from 'pg';
import { systemClock, type Clock } from '../../core/ports';
import { ledgerError } from '../errors';
import { newInstanceId } from '../instance-id';
import { PostgresLedger, type LeaseOptions } from './ledger';
import { migratePostgres } from './migrate';
import { poolConfig } from './pool';

export interface PostgresLedgerOptions {
  /** tables live in this schema (created if missing): lets tests, or tenants, isolate themselves */
  schema?: string;
  /** connections in the pool (default 10) */
  poolSize?: number;
  /** shown in pg_stat_activity (default bbps-ledger) */
  applicationName?: string;
  clock?: Clock;
  /** the owner named by this instance's leases (default: made here, unique per open) */
  instanceId?: string;
  /** heartbeat cadence and when a silent owner counts as dead (defaults 1 s and 5 s; design §3.7) */
  leases?: Partial<LeaseOptions>;
}

export const DEFAULT_LEASES: LeaseOptions = { heartbeatMs: 1000, ownerStaleMs: 5000 };

export async function openPostgresLedger(url: string, opts: PostgresLedgerOptions = {}): Promise<PostgresLedger> {
  const clock = opts.clock ?? systemClock;
  const pool = new Pool(poolConfig(url, opts.schema, opts.poolSize ?? 10, opts.applicationName));
  // an idle connection dropped by the server must not crash the process: the next query reconnects,
  // or fails as LEDGER_UNAVAILABLE
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, opts.schema, clock.now());
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw ledgerError('open the PostgreSQL ledger', e);
  }
  const ledger = new PostgresLedger(pool, clock, opts.instanceId ?? newInstanceId(), { ...DEFAULT_LEASES, ...opts.leases });
  try {
    await ledger.heartbeat(); // registered before it takes any lease
  } catch (e) {
    await ledger.close();
    throw e;
  }
  return ledger;
}
