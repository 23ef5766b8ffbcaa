// Loads and checks CLIENTS_FILE. Any problem stops the boot with a message naming the client and field.
import Joi from 'joi';
import type { BillerRegistry } from '../billers/registry';
import { checkKeyedEntries, describeProblems, readJsonFile } from '../config/json-file';
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
  const json = readJsonFile(file, (msg) => fail(file, msg), true);
  return json === undefined ? undefined : parseClients(json, billers, file);
}

export function parseClients(json: unknown, billers: BillerRegistry, file = '<inline>'): ApiClient[] {
  const { value, error } = clientsFileSchema.validate(json, { abortEarly: false, convert: false });
  if (error) fail(file, describeProblems(error, json, 'clients', 'id', 'client'));
  const clients = value.clients as ApiClient[];
  checkKeyedEntries(clients, 'client', (msg) => fail(file, msg));
  return clients.map((c) => {
    const unknown = c.billers.find((b) => !billers.get(b));
    if (unknown) fail(file, `client ${c.id}, field billers: ${unknown} is not in BILLERS_FILE`);
    return { id: c.id, name: c.name, keySha256: c.keySha256, billers: [...c.billers], ratePerMinute: c.ratePerMinute };
  });
}
