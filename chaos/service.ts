// The built service (dist/src/main.js) as a child process of the chaos run: started on a fresh
// loopback port, SIGKILLed at the moments the plan names, restarted on the same ledger.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../bench/processes';

export const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private current?: Promise<string>;
  private restarting?: Promise<void>;
  /** SIGKILLs delivered, by the moment that asked for them */
  readonly kills: Record<string, number> = {};
  starts = 0;

  constructor(private readonly env: Record<string, string>, private readonly logFile: string) {}

  /** Starts the first process. */
  async start(): Promise<void> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npm run chaos runs tsc -b)`);
    this.current = this.spawnOne();
    await this.current;
  }

  /** The base URL of a live process; waits while a restart is under way. */
  url(): Promise<string> {
    if (!this.current) return Promise.reject(new Error('service not started'));
    return this.current;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * SIGKILL now (synchronously: callers kill at an exact moment) and restart on the same ledger;
   * with `bootKillMs`, the first restart is itself killed that long after it was spawned (mid-boot:
   * migrations, lease release, the sweeper's first pass) and started again. A kill while a restart is
   * under way is ignored (false).
   */
  kill(moment: string, bootKillMs?: number): boolean {
    const child = this.child;
    if (this.restarting || !child || child.exitCode !== null || child.signalCode !== null) return false;
    child.kill('SIGKILL');
    this.kills[moment] = (this.kills[moment] ?? 0) + 1;
    const exited = this.exited;
    let ready!: (url: string) => void;
    let failed!: (e: unknown) => void;
    this.current = new Promise<string>((res, rej) => ((ready = res), (failed = rej)));
    this.current.catch(() => undefined);
    this.restarting = (async () => {
      await exited;
      try {
        if (bootKillMs !== undefined) await this.killDuringBoot(bootKillMs);
        ready(await this.spawnOne());
      } catch (e) {
        failed(e);
      } finally {
        this.restarting = undefined;
      }
    })();
    return true;
  }

  /** Waits for a restart in progress (if any). */
  async settled(): Promise<void> {
    await this.restarting;
    await this.current;
  }

  /** SIGTERM and wait (the end of a run); SIGKILL if it lingers. */
  async stop(): Promise<void> {
    await this.restarting?.catch(() => undefined);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  private async killDuringBoot(ms: number): Promise<void> {
    const booting = this.spawnOne().catch(() => undefined);
    await sleep(ms);
    this.child?.kill('SIGKILL');
    this.kills.duringBoot = (this.kills.duringBoot ?? 0) + 1;
    await this.exited;
    await booting;
  }

  private async spawnOne(): Promise<string> {
    const port = await freePort();
    const fd = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.starts += 1;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the service exited during start (code ${child.exitCode}, signal ${child.signalCode}); see ${this.logFile}`);
      if (await fetch(`${url}/health/live`).then((r) => r.ok, () => false)) return url;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the service did not come up within 30 s; see ${this.logFile}`);
      }
      await sleep(50);
    }
  }
}
