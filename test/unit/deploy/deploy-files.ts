// Readers for the deployment artifacts (Dockerfile, .dockerignore, compose, k8s manifests) and for the
// facts they must agree with (the app's documented environment, its default port).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = resolve(__dirname, '../../..');
export const K8S_DIR = join(ROOT, 'deploy/k8s');

export const readText = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');

export interface Instruction {
  /** 0-based index of the build stage (each FROM starts one) */
  stage: number;
  keyword: string;
  args: string;
}

/** Dockerfile → instructions: continuation lines joined, comments and blank lines dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (/^\s*#/.test(line)) continue; // comments, also inside a continued instruction
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole) logical.push(whole);
  }
  let stage = -1;
  return logical.map((l) => {
    const m = /^(\S+)\s*(.*)$/s.exec(l)!;
    const keyword = m[1].toUpperCase();
    if (keyword === 'FROM') stage += 1;
    return { stage, keyword, args: m[2].trim() };
  });
}

/** JSON exec form (`["node", "x.js"]`) → argv; shell form → undefined. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const argv: unknown = JSON.parse(args);
  return Array.isArray(argv) && argv.every((a) => typeof a === 'string') ? (argv as string[]) : undefined;
}

/** Whether .dockerignore keeps `path` (relative, forward slashes) out of the build context. */
export function dockerIgnores(patterns: string[], path: string): boolean {
  const toRegex = (p: string) =>
    new RegExp(
      `^${p
        .replace(/^\/+/, '')
        .replace(/[.+^${}()|[\]]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\*\*/g, '.*')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\u0000/g, '(?:.*/)?')}$`,
    );
  // a pattern also excludes everything under a matched directory; later `!` patterns re-include
  const prefixes = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const re = toRegex(negate ? raw.slice(1) : raw);
    if (prefixes.some((p) => re.test(p))) ignored = !negate;
  }
  return ignored;
}

export const dockerignorePatterns = (): string[] =>
  readText('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

/** Compose file as plain data (anchors/aliases resolved). */
export interface ComposeService {
  image?: string;
  build?: string | { context: string };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  stop_grace_period?: string;
}
export const loadCompose = (): { services: Record<string, ComposeService>; volumes?: Record<string, unknown> } =>
  parse(readText('docker-compose.yml')) as { services: Record<string, ComposeService> };

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}
export interface ManifestDoc {
  file: string;
  object: K8sObject;
}

export const k8sFiles = (): string[] => readdirSync(K8S_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();

/** Every document of every manifest (kustomization.yaml excluded); throws on a YAML error. */
export function loadManifests(): ManifestDoc[] {
  const docs: ManifestDoc[] = [];
  for (const file of k8sFiles().filter((f) => f !== 'kustomization.yaml')) {
    for (const doc of parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8'))) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const object = doc.toJS() as K8sObject | null;
      if (object) docs.push({ file, object });
    }
  }
  return docs;
}

export function findObject<T>(docs: ManifestDoc[], kind: string, name?: string): T {
  const found = docs.filter((d) => d.object.kind === kind && (name === undefined || d.object.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0].object as unknown as T;
}

/** The keys of the Joi schema in src/config/env.ts: the documented environment (design §3.2). */
export function appEnvNames(): Set<string> {
  const src = readText('src/config/env.ts');
  const body = /Joi\.object\(\{([\s\S]*?)\n\}\)/.exec(src);
  if (!body) throw new Error('no Joi.object({...}) schema in src/config/env.ts');
  return new Set([...body[1].matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:\s*Joi\./gm)].map((m) => m[1]));
}

/** Variables the standalone DIGIT sandbox reads (its own entry point, outside the app's schema). */
export function sandboxEnvNames(): Set<string> {
  const src = readText('src/simulators/digit/main.ts');
  return new Set([...src.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
}

/** The default of a numeric key in the env.ts schema, e.g. PORT → 8080. */
export function appDefault(key: string): number {
  const m = new RegExp(`^\\s*${key}\\s*:\\s*Joi\\.number\\(\\)[^\\n]*\\.default\\((\\d+)\\)`, 'm').exec(readText('src/config/env.ts'));
  if (!m) throw new Error(`no numeric default for ${key} in src/config/env.ts`);
  return Number(m[1]);
}

/** `dist/src/x/y.js` → `src/x/y.ts`: the source a compiled entry point comes from. */
export const sourceOf = (distPath: string): string => distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
