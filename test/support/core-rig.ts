// The payment use cases wired by hand over the real DIGIT sandbox (HTTP, real client) and real SQLite
// ledger files, with a manual clock and gates that pause a worker between two steps: the deterministic
// rig for the interleavings of design §3.7 (a lease that expires mid-call, a second worker, a reversal).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BillerRegistry } from '../../src/billers/registry';
import { loadBillersFile } from '../../src/billers/load';
import { silentLogger } from '../../src/core/logger';
import { PayBill } from '../../src/core/pay-bill';
import type { Clock, DigitGateway, Ledger } from '../../src/core/ports';
import { ReversePayment } from '../../src/core/reverse-payment';
import type { PaymentRequest } from '../../src/core/types';
import { createDigitGateway, type DigitClient } from '../../src/digit';
import { Sweeper } from '../../src/jobs/sweeper';
import { openSqliteLedger } from '../../src/ledger';
import { createDigitSandbox, SANDBOX_USER, type DigitSandbox } from '../../src/simulators/digit';
import { newId } from './messages';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, check: () => boolean | Promise<boolean>, withinMs = 10_000): Promise<void> {
  const end = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await sleep(10);
  }
}

/** Holds calls of one gateway method until opened (a worker paused between two steps). */
export class Gate {
  private opened?: () => void;
  private readonly open$ = new Promise<void>((r) => (this.opened = r));
  waiting = 0;
  constructor(public closed = true) {}
  async pass(): Promise<void> {
    if (!this.closed) return;
    this.waiting++;
    await this.open$;
  }
  open(): void {
    this.closed = false;
    this.opened?.();
  }
}

export type Gates = Partial<Record<'fetchBills' | 'createPayment' | 'searchPayments', Gate>>;

/** The real client, each gated method paused at its gate before the call is made. */
export function gated(digit: DigitGateway, gates: Gates): DigitGateway {
  const wrap = <K extends keyof Gates>(k: K) => async (...args: unknown[]) => {
    await gates[k]?.pass();
    return (digit[k] as (...a: unknown[]) => Promise<unknown>).apply(digit, args);
  };
  return {
    fetchBills: wrap('fetchBills') as DigitGateway['fetchBills'],
    searchBills: (q) => digit.searchBills(q),
    createPayment: wrap('createPayment') as DigitGateway['createPayment'],
    searchPayments: wrap('searchPayments') as DigitGateway['searchPayments'],
    cancelPayment: (q) => digit.cancelPayment(q),
    listPayments: (q) => digit.listPayments(q),
    healthy: () => digit.healthy(),
  };
}

export interface Worker {
  ledger: Ledger;
  payBill: PayBill;
  reverse: ReversePayment;
  sweeper: Sweeper;
}

export interface Rig {
  sandbox: DigitSandbox;
  clock: { now(): number; advance(ms: number): void };
  leaseMs: number;
  persistBoundMs: number;
  /** a worker (an instance) with its own ledger connection on the one ledger file */
  worker(gates?: Gates, o?: WorkerOptions): Promise<Worker>;
  paymentsFor(txn: string): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** this instance's clock runs ahead (or, negative, behind) the rig's */
  clockOffsetMs?: number;
  /** another ledger than the rig's SQLite file (PostgreSQL: several instances, the database's clock) */
  openLedger?: (clock: Clock) => Promise<Ledger>;
}

export interface RigOptions {
  createCommitDelayMs?: number;
  timeoutMs?: number;
  leaseMs?: number;
  persistBoundMs?: number;
}

export async function startRig(o: RigOptions = {}): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'bbps-rig-'));
  const sandbox = createDigitSandbox({ createCommitDelayMs: o.createCommitDelayMs ?? 0, markPaidDelayMs: 50 });
  const server = await sandbox.listen();
  const billers = new BillerRegistry(loadBillersFile('config/billers.json'));
  let offset = 0;
  const clock = { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
  const leaseMs = o.leaseMs ?? 2000;
  const persistBoundMs = o.persistBoundMs ?? 3000;
  const opened: Array<{ ledger: Ledger; client: DigitClient }> = [];
  return {
    sandbox, clock, leaseMs, persistBoundMs,
    async worker(gates = {}, w: WorkerOptions = {}) {
      // an instance whose own clock is off by clockOffsetMs (clock differences between instances)
      const offsetMs = w.clockOffsetMs ?? 0;
      const own = offsetMs === 0 ? clock : { now: () => clock.now() + offsetMs };
      const ledger = w.openLedger ? await w.openLedger(own) : await openSqliteLedger(join(dir, 'ledger.db'), { clock: own });
      const client = createDigitGateway({
        baseUrl: server.url, username: SANDBOX_USER.username, password: SANDBOX_USER.password, loginTenant: SANDBOX_USER.tenantId,
        userType: 'EMPLOYEE', timeoutMs: o.timeoutMs ?? 500, circuit: false,
      });
      opened.push({ ledger, client });
      const digit = gated(client, gates);
      const deps = { billers, digit, ledger, clock: own, log: silentLogger, ouId: 'XX01', leaseMs, persistBoundMs };
      const payBill = new PayBill(deps);
      const sweeper = new Sweeper(ledger, payBill, own, silentLogger, { intervalMs: 60_000, leaseMs, budgetMs: 3000, batch: 20, alertAfterMs: 15 * 60_000 });
      return { ledger, payBill, reverse: new ReversePayment(deps), sweeper };
    },
    paymentsFor: (txn) => sandbox.listPayments().filter((p) => p.transactionNumber === txn),
    async stop() {
      for (const { ledger, client } of opened) {
        client.close();
        await ledger.close();
      }
      await server.close();
      await sandbox.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A quick pay (no stored fetch) of the demo trade licence PB-TL-2026-01-15-000321, ₹5,000. */
export function tradeLicencePayment(over: Partial<PaymentRequest> = {}): PaymentRequest {
  const txn = newId(20);
  return {
    refId: newId(), msgId: newId(), origInst: 'OU01', agentId: 'AGT0001', channel: 'INT', billerId: 'PBTL00000PUN01',
    params: [{ name: 'City', value: 'Amritsar' }, { name: 'Application Number', value: 'PB-TL-2026-01-15-000321' }],
    txnReferenceId: txn, amountPaise: 500_000, custConvFeePaise: 0, paymentMode: 'UPI', quickPay: true, billsNamed: [],
    customerName: 'Asha Rani', reversal: false, ...over,
  };
}

export const TL_BILL = { tenantId: 'pb.amritsar', businessService: 'TL', consumerCode: 'PB-TL-2026-01-15-000321' };
