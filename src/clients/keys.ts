// API keys: random, shown once, stored as SHA-256 (a leaked CLIENTS_FILE reveals no key).
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe, with a prefix that tells what the secret is when it turns up somewhere. */
export const newApiKey = (): string => `bbk_${randomBytes(32).toString('base64url')}`;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
