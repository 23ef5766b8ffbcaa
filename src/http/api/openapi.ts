// schemas/openapi.json is the single source of the JSON API: requests are validated against its
// schemas (ajv, JSON Schema 2020-12 = OpenAPI 3.1's dialect), it is served as is, and the docs page is
// drawn from it. A route the document lacks, or the other way round, fails a test.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import document from '../../../schemas/openapi.json';
import { AppError } from '../../core/errors';

export const OPENAPI = document as unknown as OpenApiDocument;

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'header' | 'path';
  required?: boolean;
  description?: string;
  schema: Record<string, unknown>;
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: Array<OpenApiParameter | { $ref: string }>;
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { $ref?: string; description?: string; content?: Record<string, { schema: { $ref: string } }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; summary?: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, Record<string, unknown>>;
}

export interface FieldError {
  field: string;
  message: string;
}

/** A request's parts, checked against one operation. `query` is handed back with integers coerced. */
export interface CheckedRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const DOC_ID = 'openapi.json';

// OpenAPI's own top-level members are not JSON Schema keywords: declared so that strict mode accepts
// the whole document as one schema resource and every "#/components/schemas/…" $ref resolves in it
function newAjv(coerce: boolean) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, logger: false, coerceTypes: coerce });
  addFormats(ajv, ['date', 'date-time']);
  for (const k of ['openapi', 'info', 'servers', 'security', 'paths', 'components']) ajv.addKeyword(k);
  ajv.addSchema({ ...(document as object), $id: DOC_ID });
  return ajv;
}

const bodies = newAjv(false);
// query and path parameters arrive as text: integers are coerced there, and only there
const parameters = newAjv(true);

const deref = <T>(x: T | { $ref: string }): T => {
  if (!(x && typeof x === 'object' && '$ref' in x)) return x as T;
  const path = (x.$ref as string).replace(/^#\//, '').split('/');
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document) as T;
};

/** `/bills/0/amountPaise` + the error's own property → `bills[0].amountPaise` */
function fieldOf(e: ErrorObject, root: string): string {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty
    ?? (e.params as { additionalProperty?: string }).additionalProperty;
  if (extra !== undefined) parts.push(extra);
  const path = parts.map((p, i) => (/^[0-9]+$/.test(p) ? `[${p}]` : i === 0 ? p : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
  return root ? (path ? `${root}${path.startsWith('[') ? '' : '.'}${path}` : root) : path || '(body)';
}

const messageOf = (e: ErrorObject): string =>
  e.keyword === 'additionalProperties' ? 'is not a known field' : e.keyword === 'required' ? 'is required' : e.message ?? 'is invalid';

function fieldErrors(errors: ErrorObject[] | null | undefined, root: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors ?? []) {
    const f = { field: fieldOf(e, root), message: messageOf(e) };
    const k = `${f.field}\u0000${f.message}`;
    if (!seen.has(k)) out.push(f);
    seen.add(k);
  }
  return out;
}

interface CompiledParam {
  spec: OpenApiParameter;
  validate: ValidateFunction;
}

export interface CompiledOperation {
  method: string;
  path: string;
  operation: OpenApiOperation;
  check(req: CheckedRequest): CheckedRequest;
}

function compileOperation(method: string, path: string, op: OpenApiOperation): CompiledOperation {
  const params: CompiledParam[] = (op.parameters ?? []).map(deref<OpenApiParameter>).map((spec) => ({
    spec,
    validate: parameters.compile({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { v: rewriteRefs(spec.schema) } }),
  }));
  const bodyRef = op.requestBody?.content['application/json']?.schema.$ref;
  const body = bodyRef ? bodies.getSchema(`${DOC_ID}${bodyRef}`) : undefined;
  if (bodyRef && !body) throw new Error(`openapi: ${bodyRef} does not resolve`);

  return {
    method,
    path,
    operation: op,
    check(req) {
      const errors: FieldError[] = [];
      const query: Record<string, unknown> = {};
      for (const { spec, validate } of params) {
        const source = spec.in === 'query' ? req.query : spec.in === 'path' ? req.params : req.headers;
        const raw = source[spec.in === 'header' ? spec.name.toLowerCase() : spec.name];
        if (raw === undefined || raw === '') {
          if (spec.required) {
            if (spec.in === 'header' && spec.name === 'Idempotency-Key') {
              throw new AppError('IDEMPOTENCY_KEY_REQUIRED', 'a payment needs an Idempotency-Key header (one per payment attempt; a retry sends the same)');
            }
            errors.push({ field: `${spec.in} ${spec.name}`, message: 'is required' });
          }
          continue;
        }
        const holder = { v: raw };
        if (!validate(holder)) errors.push(...(validate.errors ?? []).map((e) => ({ field: `${spec.in} ${spec.name}`, message: messageOf(e) })));
        else if (spec.in === 'query') query[spec.name] = holder.v;
      }
      if (body && !body(req.body)) errors.push(...fieldErrors(body.errors, ''));
      if (errors.length > 0) {
        const first = errors[0];
        throw new AppError('REQUEST_INVALID', `${first.field}: ${first.message}`, { errors });
      }
      return { ...req, query };
    },
  };
}

/** Parameter schemas are compiled on their own: their $refs point into the document resource. */
function rewriteRefs(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOC_ID}#/`)) as Record<string, unknown>;
}

/** Every operation of the document, by operationId. */
export const OPERATIONS: ReadonlyMap<string, CompiledOperation> = new Map(
  Object.entries(OPENAPI.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => [op.operationId, compileOperation(method, path, op)] as const)),
);
