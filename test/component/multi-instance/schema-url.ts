// DATABASE_URL for one PostgreSQL schema, with no code for it in the adapter: pg passes the URL's
// `options` in the startup packet, so every pooled connection has the search_path before its first
// query. The schema must exist (migrations create tables, not schemas, in it).
export function schemaUrl(base: string, schema: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
