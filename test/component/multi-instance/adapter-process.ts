// The adapter as a real child process (`node dist/src/main.js`, the built output that `npm test`
// compiles first): what an operator runs, with its own event loop, pool and signal handling.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_USER } from '../../../src/simulators/digit';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

export interface AdapterProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** everything the process wrote so far (stdout and stderr) */
  output(): string;
  /** resolves when the process has exited */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** waits until the output contains `text` (bounded) */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
}

/** The env an adapter needs against the test's own DIGIT sandbox. */
export function sandboxEnv(sandboxUrl: string): Record<string, string> {
  return {
    DIGIT_URL: sandboxUrl,
    DIGIT_USERNAME: SANDBOX_USER.username,
    DIGIT_PASSWORD: SANDBOX_USER.password,
    DIGIT_LOGIN_TENANT: SANDBOX_USER.tenantId,
  };
}

/** Starts one adapter and resolves with its URL, read from its "adapter listening" log line. */
export function startAdapter(env: Record<string, string>, timeoutMs = 20_000, cwd = ROOT): Promise<AdapterProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npm test runs tsc -b; or npx tsc -b)`);
  // a minimal environment: nothing from the developer's shell (a DATABASE_URL, a DIGIT_URL) leaks in
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: 'pipe',
  });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const w of waiters) w();
    }),
  );

  const waitFor = (text: string, ms = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (out.includes(text)) return done(resolve);
        if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`adapter exited before "${text}":\n${out}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no "${text}" from the adapter within ${ms} ms:\n${out}`))), ms);
      const done = (f: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        f();
      };
      waiters.add(check);
      check();
    });

  return waitFor('"adapter listening"', timeoutMs).then(
    () => {
      const line = out.split('\n').find((l) => l.includes('"adapter listening"')) as string;
      const url = (JSON.parse(line) as { url: string }).url;
      return { url, child, output: () => out, exited, waitFor };
    },
    (e: unknown) => {
      child.kill('SIGKILL');
      throw e;
    },
  );
}

/** Ends a child that a test left running (SIGKILL: the test is over, nothing to finish). */
export async function killAdapter(p: AdapterProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}
