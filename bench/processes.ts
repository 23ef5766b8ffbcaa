// The sandbox and the adapter as child processes of the bench, so their CPU and memory are theirs.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { newApiKey, sha256Hex } from '../src/clients/keys';

export interface Child {
  name: string;
  pid: number;
  url: string;
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `node <script>` with env, output to logFile; resolves once `ready` answers 200. */
export async function startNode(o: { name: string; script: string; env: NodeJS.ProcessEnv; url: string; readyPath: string; logFile: string; nodeArgs?: string[] }): Promise<Child> {
  const fd = openSync(o.logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [...(o.nodeArgs ?? []), '--disable-warning=ExperimentalWarning', o.script], {
    env: o.env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (gone) throw new Error(`${o.name} exited during start; see ${o.logFile}`);
    const ok = await fetch(o.url + o.readyPath).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${o.name} not ready after 20 s; see ${o.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name: o.name,
    pid: child.pid!,
    url: o.url,
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

const DIST = join(__dirname, '..', 'src');
export const SANDBOX_USER = { username: 'BBPS_INTEGRATOR', password: 'sandbox-password', tenantId: 'pb' };

export async function startSandbox(logFile: string): Promise<Child> {
  const port = await freePort();
  return startNode({
    name: 'DIGIT sandbox',
    script: join(DIST, 'simulators', 'digit', 'main.js'),
    env: { ...process.env, SANDBOX_PORT: String(port), NODE_ENV: 'production' },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/_admin/stats',
    logFile,
  });
}

/** The node flags `npm start` (and the Dockerfile's CMD, a test keeps them equal) runs the adapter with. */
export function startFlags(): string[] {
  // bench/ (ts-jest) or dist/bench/ (npm run bench)
  const root = existsSync(join(__dirname, '..', 'package.json')) ? join(__dirname, '..') : join(__dirname, '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const argv = pkg.scripts.start.trim().split(/\s+/);
  return argv.slice(1, -1).filter((a) => a !== '--disable-warning=ExperimentalWarning');
}

export async function startAdapter(o: { name: string; digitUrl: string; databaseUrl: string; logFile: string; nodeArgs?: string[]; env?: NodeJS.ProcessEnv }): Promise<Child> {
  const port = await freePort();
  return startNode({
    name: o.name,
    script: join(DIST, 'main.js'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DIGIT_URL: o.digitUrl,
      DIGIT_USERNAME: SANDBOX_USER.username,
      DIGIT_PASSWORD: SANDBOX_USER.password,
      DATABASE_URL: o.databaseUrl,
      ...o.env,
    },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/health/ready',
    logFile: o.logFile,
    // what `npm start` runs, then the bench's own (a later flag wins)
    nodeArgs: [...startFlags(), ...(o.nodeArgs ?? [])],
  });
}

/** The sandbox's own login (the baseline calls DIGIT with a token like the adapter does). */
export async function sandboxToken(sandboxUrl: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'password', scope: 'read', ...SANDBOX_USER, userType: 'EMPLOYEE' });
  const res = await fetch(`${sandboxUrl}/user/oauth/token`, {
    method: 'POST',
    headers: { Authorization: 'Basic ZWdvdi11c2VyLWNsaWVudDo=', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!res.ok || !body.access_token) throw new Error(`sandbox login failed: HTTP ${res.status}`);
  return body.access_token;
}

export async function adminPost<T>(sandboxUrl: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${sandboxUrl}/_admin${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`sandbox admin ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function adminGet<T>(sandboxUrl: string, path: string): Promise<T> {
  const res = await fetch(`${sandboxUrl}/_admin${path}`);
  if (!res.ok) throw new Error(`sandbox admin ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The minimal path of design §6 (bench/minimal-server.ts) on its own ledger table in the same engine. */
export async function startMinimal(o: { sandboxUrl: string; token: string; databaseUrl: string; logFile: string }): Promise<Child> {
  const port = await freePort();
  return startNode({
    name: 'minimal path',
    script: join(__dirname, 'minimal-server.js'),
    env: { ...process.env, PORT: String(port), SANDBOX_URL: o.sandboxUrl, DIGIT_TOKEN: o.token, DATABASE_URL: o.databaseUrl },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/',
    logFile: o.logFile,
  });
}

/** A CLIENTS_FILE with one bench client (no rate limit to speak of); returns its key. */
export function writeClientsFile(file: string, billerId: string): string {
  const key = newApiKey();
  const clients = [{ id: 'bench', name: 'bench load generator', keySha256: sha256Hex(key), billers: [billerId], ratePerMinute: 1_000_000 }];
  writeFileSync(file, JSON.stringify({ clients }, null, 2));
  return key;
}
