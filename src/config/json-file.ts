// Reading a JSON configuration file (BILLERS_FILE, CLIENTS_FILE, OPERATORS_FILE) and naming what is wrong in it: one
// line per problem, naming the entry by its id (or its position) and the field.
import { readFileSync } from 'node:fs';
import type Joi from 'joi';

type Fail = (msg: string) => never;

/** The parsed file; undefined only when `missingOk` and the file does not exist. */
export function readJsonFile(file: string, fail: Fail, missingOk = false): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (missingOk && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return fail(`cannot be read (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`is not valid JSON (${(e as Error).message})`);
  }
}

/** Joi's details as `<noun> <id>, field <path>: <message>`, joined by `; `. */
export function describeProblems(error: Joi.ValidationError, json: unknown, list: string, idKey: string, noun: string): string {
  const raw = (json as Record<string, unknown> | null)?.[list];
  return error.details.map((d) => {
    const [, index, ...rest] = d.path;
    const id = typeof index === 'number' && Array.isArray(raw) ? (raw[index] as Record<string, unknown> | undefined)?.[idKey] : undefined;
    const who = typeof index === 'number' ? `${noun} ${typeof id === 'string' ? id : `#${index + 1}`}` : 'file';
    return `${who}, field ${rest.join('.') || d.path.join('.')}: ${d.message}`;
  }).join('; ');
}
