// PostgreSQL migrations, serialised by a transaction-scoped advisory lock: several instances starting
// together queue up, and each later one finds the schema current.
import { Client, type ClientBase } from 'pg';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres';
import { pendingMigrations, type Migration } from '../migrations/types';
import { ledgerError } from '../errors';
import { checkSchema, poolConfig } from './pool';

/** Runs pending migrations on an open connection; returns the versions it applied. */
export async function migratePostgres(
  client: ClientBase,
  schema: string | undefined,
  now: number,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bbps-ledger-migrate:${schema ?? ''}`]);
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${checkSchema(schema)}`);
      await client.query(`SET LOCAL search_path TO ${schema}`);
    }
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const todo = pendingMigrations(migrations, rows.map((r) => Number(r.version)));
    for (const m of todo) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now]);
    }
    await client.query('COMMIT');
    return todo.map((m) => m.version);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined); // the connection may be gone: the error below says why
    throw e;
  }
}

/** For `npm run migrate`: brings the schema at `url` up to date and disconnects. */
export async function runMigrations(url: string, schema?: string): Promise<number[]> {
  const client = new Client(poolConfig(url, schema, 1));
  client.on('error', () => undefined); // a dropped connection fails the query in flight; nothing else to do
  try {
    await client.connect();
    return await migratePostgres(client, schema, Date.now());
  } catch (e) {
    throw ledgerError('migrate', e);
  } finally {
    await client.end().catch(() => undefined);
  }
}
