// Boots the built adapter (dist/src/main.js) — or another built script — and waits for it to end by
// itself: for boots that must stop in the configuration phase, and for CLIs. Keeps nothing from the
// developer's shell environment.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the adapter until it exits; SIGKILL (and a failing result) after `timeoutMs`. */
export function bootToExit(env: Record<string, string>, timeoutMs = 15_000): Promise<Ended> {
  return runToExit(MAIN, [], { PORT: '0', LOG_LEVEL: 'info', ...env }, timeoutMs);
}

/** Runs a built script (`node <script> <args>`) from the repository root until it exits; SIGKILL after `timeoutMs`. */
export function runToExit(script: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<Ended> {
  if (!existsSync(script)) throw new Error(`${script} is missing: build first (npm test runs tsc -b)`);
  const started = Date.now();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

/** A TCP port nobody listens on right now (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
