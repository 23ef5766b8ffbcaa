// Starts the real service in-process (express over HTTP, in-process DIGIT sandbox, SQLite file)
// for component tests, and checks money conservation between the ledger and the sandbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../../src/core/logger';
import type { Clock } from '../../src/core/ports';
import { startService, type RunningService } from '../../src/service';
import { SANDBOX_USER, type DigitSandbox } from '../../src/simulators/digit';

export interface Harness {
  svc: RunningService;
  sandbox: DigitSandbox;
  dir: string;
  post(path: string, body: string | Buffer, contentType?: string): Promise<{ status: number; body: string }>;
  /** sandbox payments made by this adapter (those carrying BBPS ids), count and sum in paise */
  digitTotals(): { count: number; sumPaise: number };
  stop(): Promise<void>;
}

export const TEST_ENV = {
  PORT: '0',
  BBPS_SYNC_DEADLINE_MS: '4000',
  DIGIT_TIMEOUT_MS: '800',
  SWEEP_INTERVAL_MS: '60000',
  LOG_LEVEL: 'error',
};

export interface HarnessOptions {
  env?: Record<string, string>;
  /** keep the ledger here (a restart test reuses it) */
  dir?: string;
  /** an external sandbox that outlives the service (restart tests); else the in-process one */
  sandbox?: { instance: DigitSandbox; url: string };
  clock?: Clock;
  /** the service's logger (default: silent) */
  logger?: Logger;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const { dir } = opts;
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'bbps-adapter-'));
  const external = opts.sandbox
    ? { DIGIT_URL: opts.sandbox.url, DIGIT_USERNAME: SANDBOX_USER.username, DIGIT_PASSWORD: SANDBOX_USER.password, DIGIT_LOGIN_TENANT: SANDBOX_USER.tenantId }
    : {};
  const svc = await startService({
    env: { ...TEST_ENV, DATABASE_URL: `sqlite:${join(folder, 'ledger.db')}`, ...external, ...opts.env },
    logger: opts.logger ?? silentLogger,
    sweeper: false,
    clock: opts.clock,
  });
  // undefined only when the test points DIGIT_URL at something else on purpose
  const sandbox = (opts.sandbox?.instance ?? svc.sandbox) as DigitSandbox;
  return {
    svc,
    sandbox,
    dir: folder,
    async post(path, body, contentType = 'application/xml') {
      const res = await fetch(svc.url + path, { method: 'POST', headers: { 'content-type': contentType }, body });
      return { status: res.status, body: await res.text() };
    },
    digitTotals() {
      let count = 0;
      let sumPaise = 0;
      for (const p of sandbox?.listPayments() ?? []) {
        const extra = p.additionalDetails as { bbps?: unknown } | null;
        if (!extra?.bbps || p.paymentStatus === 'CANCELLED') continue;
        count += 1;
        sumPaise += Math.round(Number(p.totalAmountPaid) * 100);
      }
      return { count, sumPaise };
    },
    async stop() {
      await svc.close();
      if (!dir) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** After a suite: successful payments in the ledger = payments in DIGIT (count and sum). */
export async function expectConservation(h: Harness): Promise<void> {
  const ledger = await h.svc.ledger.successTotals();
  expect(h.digitTotals()).toEqual(ledger);
}

/** The header /ops needs: the demo operator's key (the in-process sandbox makes one). */
export function opsAuth(svc: RunningService): { authorization: string } {
  if (!svc.demoOperatorKey) throw new Error('no demo operator key: the service runs without the in-process sandbox or with OPERATORS_FILE');
  return { authorization: `Bearer ${svc.demoOperatorKey}` };
}
