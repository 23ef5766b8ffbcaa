// GET /api/openapi.json (the document as is) and GET /api/docs: the document drawn as plain HTML on
// the server, with a stylesheet of our own: works offline, no script, nothing from another origin.
import { Router } from 'express';
import { OPENAPI, type OpenApiOperation, type OpenApiParameter } from './openapi';

type Schema = Record<string, unknown>;

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const code = (s: unknown) => `<code>${esc(s)}</code>`;
const refName = (ref: string) => ref.split('/').pop() as string;
const refLink = (ref: string) => `<a href="#schema-${esc(refName(ref))}">${esc(refName(ref))}</a>`;
const resolve = <T>(x: T | { $ref: string }): T =>
  ('$ref' in (x as object) ? (x as { $ref: string }).$ref.replace(/^#\//, '').split('/').reduce<unknown>((n, k) => (n as Schema)[k], OPENAPI) : x) as T;

const CONSTRAINTS = ['format', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'default'];

function typeOf(s: Schema): string {
  if (typeof s.$ref === 'string') return refLink(s.$ref);
  if (s.type === 'array' && s.items) return `array of ${typeOf(s.items as Schema)}`;
  if (Array.isArray(s.enum)) return `${esc(s.type ?? '')} one of ${s.enum.map(code).join(', ')}`;
  return esc(s.type ?? 'any');
}

function describe(s: Schema): string {
  const rules = CONSTRAINTS.filter((k) => s[k] !== undefined).map((k) => `${k} ${code(s[k])}`);
  return [s.description ? esc(s.description) : '', rules.join(', ')].filter(Boolean).join(' — ');
}

function schemaTable(s: Schema): string {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  const rows = Object.entries(props).map(([name, p]) => {
    const nested = p.type === 'array' && (p.items as Schema)?.properties ? schemaTable(p.items as Schema) : '';
    return `<tr><td>${code(name)}${required.has(name) ? ' <strong>required</strong>' : ''}</td><td>${typeOf(p)}</td><td>${describe(p)}${nested}</td></tr>`;
  });
  const extra = s.additionalProperties === false ? '<p>No other fields are accepted.</p>' : '';
  if (rows.length === 0) return `<p>${typeOf(s)}${describe(s) ? ` — ${describe(s)}` : ''}</p>`;
  return `<table><thead><tr><th>field</th><th>type</th><th>rules</th></tr></thead><tbody>${rows.join('')}</tbody></table>${extra}`;
}

function operationHtml(method: string, path: string, op: OpenApiOperation): string {
  const params = (op.parameters ?? []).map((p) => resolve<OpenApiParameter>(p));
  const paramRows = params.map((p) => `<tr><td>${code(p.name)}${p.required ? ' <strong>required</strong>' : ''}</td><td>${esc(p.in)}</td><td>${typeOf(p.schema)} ${describe({ ...p.schema, description: p.description ?? p.schema.description })}</td></tr>`);
  const body = op.requestBody?.content['application/json']?.schema.$ref;
  const responses = Object.entries(op.responses).map(([status, r0]) => {
    const r = resolve<{ description?: string; content?: Record<string, { schema: { $ref: string } }> }>(r0);
    const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
    return `<li>${code(status)} ${esc(r.description ?? '')}${media ? ` — ${code(type)} ${refLink(media.schema.$ref)}` : ''}</li>`;
  });
  return `<section id="op-${esc(op.operationId)}"><h3>${code(`${method.toUpperCase()} ${path}`)}</h3>
<p>${esc(op.summary ?? '')}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${paramRows.length ? `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>schema</th></tr></thead><tbody>${paramRows.join('')}</tbody></table>` : ''}
${body ? `<h4>Request body</h4><p>${code('application/json')} ${refLink(body)}</p>` : ''}
<h4>Responses</h4><ul>${responses.join('')}</ul></section>`;
}

export function renderDocs(): string {
  const ops = Object.entries(OPENAPI.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => operationHtml(m, path, op)));
  const schemas = Object.entries(OPENAPI.components.schemas as Record<string, Schema>)
    .map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${schemaTable(s)}</section>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(OPENAPI.info.title)}</title><link rel="stylesheet" href="/api/docs/docs.css"></head><body><main>
<h1>${esc(OPENAPI.info.title)} <small>${esc(OPENAPI.info.version)}</small></h1>
<p>${esc(OPENAPI.info.description ?? '')}</p>
<p>Authentication: ${code('Authorization: Bearer <api key>')}. The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(OPENAPI.openapi)}).</p>
<h2>Operations</h2>${ops.join('\n')}
<h2>Schemas</h2>${schemas.join('\n')}
</main></body></html>`;
}

const CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem}h1 small{font-size:.5em;color:#555}
section{border-top:1px solid #ddd;padding:.5rem 0}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f4f4f4}
code{font:13px ui-monospace,monospace;background:#f4f4f4;padding:0 .2em}a{color:#0645ad}`;

export function docsRoutes(): Router {
  const router = Router();
  const html = renderDocs();
  router.get('/openapi.json', (_req, res) => {
    res.json(OPENAPI);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(html);
  });
  router.get('/docs/docs.css', (_req, res) => {
    res.type('css').send(CSS);
  });
  return router;
}
