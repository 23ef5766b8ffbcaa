// The console's one way to write HTML: a tagged template that escapes every interpolated value and
// masks mobile numbers in it as the logs do (so no page can show one in full, whatever field it came
// from). Only an Html value — markup this module built — goes in unescaped.
import { maskMobiles } from '../../observability/mask';

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function render(v: unknown): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(maskMobiles(String(v)));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/**
 * A value already safe to place in an attribute or text as it is, and never to be masked: the CSRF
 * token (base64url) — masking would alter it. Refuses anything outside base64url's alphabet.
 */
export function token(s: string): Html {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not a base64url token');
  return new Html(s);
}

/** A query string built from fixed names and escaped values (links that keep the current filters). */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
