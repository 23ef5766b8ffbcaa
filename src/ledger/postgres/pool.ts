// Connection settings shared by the ledger's pool and the migration runner.
import type { PoolConfig } from 'pg';
import { AppError } from '../../core/errors';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema name is spliced into SQL (identifiers cannot be parameters): only plain names pass. */
export function checkSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new AppError('CONFIG_INVALID', `ledger schema "${schema}" must be lower-case letters, digits and _ (max 63)`);
  }
  return schema;
}

export function poolConfig(url: string, schema: string | undefined, max: number, applicationName = 'bbps-ledger'): PoolConfig {
  return {
    connectionString: url,
    max,
    // names our sessions in pg_stat_activity for operators
    application_name: applicationName,
    // a server that does not answer must fail a request (LEDGER_UNAVAILABLE → 503), not hang it
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    // set in the startup packet, so every pooled connection has it before its first query
    ...(schema ? { options: `-c search_path=${checkSchema(schema)}` } : {}),
  };
}
