// API and operator keys: random, shown once, stored as SHA-256 (a leaked CLIENTS_FILE reveals no key).
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe, with a prefix that tells what the secret is when it turns up somewhere. */
export const newKey = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

/** A JSON API client's key (operator keys, src/operators, start `bbo_`). */
export const newApiKey = (): string => newKey('bbk');

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
