// Query parameters the way Spring binds them: a single value, or a Set from comma lists / repeats.
import type { Request } from 'express';

export function queryString(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

export function querySet(req: Request, name: string): string[] {
  const v = (req.query as Record<string, unknown>)[name];
  const parts = (Array.isArray(v) ? v : [v])
    .filter((x): x is string => typeof x === 'string')
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return [...new Set(parts)];
}

export function queryNumber(req: Request, name: string): number | undefined {
  const s = queryString(req, name);
  if (s === undefined || !/^-?\d+$/.test(s)) return undefined;
  return Number(s);
}
