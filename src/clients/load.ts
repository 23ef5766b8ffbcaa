// Loads and checks CLIENTS_FILE. Any problem stops the boot with a message naming the client and field.
import { readFileSync } from 'node:fs';
import Joi from 'joi';
import type { BillerRegistry } from '../billers/registry';
import { AppError } from '../core/errors';
import type { ApiClient } from './types';

// no ':' in an id: derived transaction ids are `JSON:<client id>:<clientReference>` (http/api/to-payment.ts)
export const CLIENT_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const clientSchema = Joi.object({
  id: Joi.string().pattern(CLIENT_ID).required().messages({ 'string.pattern.base': 'must be 1-32 of a-z, 0-9, - and _, starting with a letter or digit' }),
  name: Joi.string().min(1).max(200).required(),
  keySha256: Joi.string().pattern(/^[0-9a-f]{64}$/).required().messages({ 'string.pattern.base': 'must be 64 lower-case hex digits (the SHA-256 of the key)' }),
  billers: Joi.array().items(Joi.string().min(1).max(64)).min(1).unique().required(),
  ratePerMinute: Joi.number().integer().min(1).max(1_000_000).default(600),
});

export const clientsFileSchema = Joi.object({ clients: Joi.array().items(clientSchema).required() });

const fail = (file: string, msg: string): never => {
  throw new AppError('CONFIG_INVALID', `CLIENTS_FILE ${file}: ${msg}`);
};

/** The file's clients; undefined when the file does not exist (no client configured). */
export function loadClientsFile(file: string, billers: BillerRegistry): ApiClient[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return fail(file, `cannot be read (${(e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(file, `is not valid JSON (${(e as Error).message})`);
  }
  return parseClients(json, billers, file);
}

export function parseClients(json: unknown, billers: BillerRegistry, file = '<inline>'): ApiClient[] {
  const { value, error } = clientsFileSchema.validate(json, { abortEarly: false, convert: false });
  if (error) {
    const raw = (json as { clients?: { id?: unknown }[] })?.clients;
    const lines = error.details.map((d) => {
      const [, index, ...rest] = d.path;
      const id = typeof index === 'number' && Array.isArray(raw) ? raw[index]?.id : undefined;
      const who = typeof index === 'number' ? `client ${typeof id === 'string' ? id : `#${index + 1}`}` : 'file';
      return `${who}, field ${rest.join('.') || d.path.join('.')}: ${d.message}`;
    });
    fail(file, lines.join('; '));
  }
  const ids = new Set<string>();
  const hashes = new Set<string>();
  return (value.clients as ApiClient[]).map((c) => {
    if (ids.has(c.id)) fail(file, `client ${c.id}: id is repeated`);
    if (hashes.has(c.keySha256)) fail(file, `client ${c.id}, field keySha256: another client has the same key`);
    ids.add(c.id);
    hashes.add(c.keySha256);
    const unknown = c.billers.find((b) => !billers.get(b));
    if (unknown) fail(file, `client ${c.id}, field billers: ${unknown} is not in BILLERS_FILE`);
    return { id: c.id, name: c.name, keySha256: c.keySha256, billers: [...c.billers], ratePerMinute: c.ratePerMinute };
  });
}
