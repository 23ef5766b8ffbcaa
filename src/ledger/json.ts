// JSON (de)serialisation of the ledger's documents, in one place for both dialects.
import { AppError } from '../core/errors';

/**
 * Serialises a document, refusing any `…Paise` field that is not a safe integer: money is stored as
 * integer paise or not at all (a float here would be replayed to BBPS and summed in reconciliation).
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key.endsWith('Paise') && v !== undefined && !Number.isSafeInteger(v)) {
      throw new AppError('INTERNAL', `ledger refuses ${key}=${String(v)}: money must be integer paise`);
    }
    return v;
  });
}

/** SQLite hands back the TEXT we stored; pg has already parsed JSONB. */
export function decodeJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** Integer columns: numbers from SQLite, strings from pg (BIGINT, COUNT, SUM). */
export function toInt(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(String(v));
  if (!Number.isSafeInteger(n)) throw new AppError('INTERNAL', `ledger read a non-integer where an integer belongs: ${String(v)}`);
  return n;
}
