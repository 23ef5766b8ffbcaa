// Runtime readers for DIGIT's JSON: a response is data from another system, so every field is
// checked before use. A failure throws Unreadable; each call site decides what that means
// (a garbled `_create` answer is an unknown outcome, a bill with a bad amount is refused).

export class Unreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unreadable';
  }
}

export type Json = Record<string, unknown>;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Unreadable('body is not JSON');
  }
}

export function obj(v: unknown, what: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Unreadable(`${what} is not an object`);
  return v as Json;
}

export function arr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new Unreadable(`${what} is not an array`);
  return v;
}

export function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new Unreadable(`${what} is missing`);
  return v;
}

export function optStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Unreadable(`${what} is not a number`);
  return v;
}

export function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
