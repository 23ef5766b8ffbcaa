// Reading a JSON configuration file (BILLERS_FILE, CLIENTS_FILE, OPERATORS_FILE) and naming what is wrong in it: one
// line per problem, naming the entry by its id (or its position) and the field.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** Keyed entries (clients, operators): ids and key hashes each unique, else `fail` names the entry. */
export function checkKeyedEntries(entries: ReadonlyArray<{ id: string; keySha256: string }>, noun: string, fail: Fail): void {
  const ids = new Set<string>();
  const hashes = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) fail(`${noun} ${e.id}: id is repeated`);
    if (hashes.has(e.keySha256)) fail(`${noun} ${e.id}, field keySha256: another ${noun} has the same key`);
    ids.add(e.id);
    hashes.add(e.keySha256);
  }
}

/**
 * Appends `entry` to the list `list` of a JSON file (created when missing), runs `check` on the whole
 * new content (the boot's checks: a file written here always loads), then replaces the file atomically,
 * readable by its owner only (it holds key hashes).
 */
export function appendEntry(file: string, list: string, entry: object, check: (next: unknown) => void): void {
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : { [list]: [] };
  const next = { ...current, [list]: [...((current[list] as unknown[] | undefined) ?? []), entry] };
  check(next);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
