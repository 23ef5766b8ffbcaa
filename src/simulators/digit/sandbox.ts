// The sandbox object: state, the express app, admin operations and listen().
import type { Express } from 'express';
import { TokenStore } from './auth/tokens';
import { UserRegistry, type NewUser } from './auth/users';
import { buildApp, type ReceivedCall } from './http/app';
import { listenOn, type Listening } from './http/server';
import type { CreateHooks, SandboxContext } from './context';
import { FaultInjector, faultSpecProblem, type FaultSpec } from './faults';
import { Scheduler } from './scheduler';
import { SandboxState } from './state';
import { fiscalYearPeriod } from './time';
import { defaultSeed } from './admin/default-seed';
import { addDemands, bulkSeeds, type BulkSeed, type DemandSeed } from './admin/seed';
import { payAsSomeoneElse, seedPaidInFull, type ConsumerRef, type OtherPaymentOptions } from './admin/history';
import type { PaymentRecord } from './types';
import { rupees } from './amounts';

export interface DigitSandboxOptions {
  /** delay before billing consumes a payment (bill PAID / PARTIALLY_PAID); default 300 */
  markPaidDelayMs?: number;
  /** time _create spends between validation and insert (downstream calls); default 0 */
  createCommitDelayMs?: number;
  /** access-token lifetime; default 604799 */
  tokenTtlSeconds?: number;
  /** the sandbox clock (epoch ms); default Date.now */
  now?: () => number;
  /** load the demo data (default true) */
  seed?: boolean;
}

export interface SandboxStats {
  /** POSTs that reached /payments/_create, including those a fault answered, hung or dropped */
  createCalls: number;
  /** _create calls that stored a payment (an answer may still have been swallowed by commitThenHang) */
  createSucceeded: number;
  logins: number;
  failedLogins: number;
  /** stored payments that are not cancelled or dishonoured (seeded history included) */
  payments: { count: number; sumPaise: number; sumRupees: number };
  pendingMarkPaid: number;
}

export class DigitSandbox {
  readonly app: Express;
  private readonly ctx: SandboxContext;
  private readonly faultInjector = new FaultInjector();
  private readonly servers = new Set<Listening>();
  private readonly seedOnReset: boolean;
  /** the latest calls received (bounded), oldest first */
  private received: ReceivedCall[] = [];

  constructor(opts: DigitSandboxOptions = {}) {
    const now = opts.now ?? Date.now;
    this.ctx = {
      now,
      state: new SandboxState(),
      users: new UserRegistry(now),
      tokens: new TokenStore(now, (opts.tokenTtlSeconds ?? 604799) * 1000),
      scheduler: new Scheduler(),
      markPaidDelayMs: opts.markPaidDelayMs ?? 300,
      createCommitDelayMs: opts.createCommitDelayMs ?? 0,
      createHooks: {},
    };
    this.seedOnReset = opts.seed ?? true;
    this.app = buildApp(this.ctx, this.faultInjector, this, (c) => {
      if (this.received.push(c) > 1000) this.received.shift();
    });
    if (this.seedOnReset) this.loadDefaultSeed();
  }

  /** HTTP server on host:port (0 = any free port); close() also ends hanging and keep-alive sockets. */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; close(): Promise<void> }> {
    const server = await listenOn(this.app, port, host, () => this.faultInjector.releaseAll());
    this.servers.add(server);
    return {
      url: server.url,
      close: async () => {
        this.servers.delete(server);
        await server.close();
      },
    };
  }

  /** Back to the initial data: demands, bills, payments, users, counters, faults. Tokens survive. */
  reset(): void {
    this.ctx.scheduler.cancelAll();
    this.faultInjector.clear();
    this.ctx.state = new SandboxState();
    this.ctx.users = new UserRegistry(this.ctx.now);
    this.received = [];
    if (this.seedOnReset) this.loadDefaultSeed();
  }

  private loadDefaultSeed(): void {
    for (const seed of defaultSeed(this.ctx.now())) this.addDemand(seed);
  }

  /** Adds one consumer's demands (amounts in rupees); `alreadyPaid` also records a settled payment. */
  addDemand(seed: DemandSeed): void {
    addDemands(this.ctx.state, seed);
    if (seed.alreadyPaid) seedPaidInFull(this.ctx, seed);
  }

  addDemands(seeds: DemandSeed[]): void {
    for (const s of seeds) this.addDemand(s);
  }

  /** N PT consumers `PB-PT-2024-01-01-<6 digits>` (distinct owners' mobiles); returns their codes. */
  addBulkPtConsumers(bulk: BulkSeed): string[] {
    const seeds = bulkSeeds(bulk, fiscalYearPeriod(this.ctx.now()));
    for (const s of seeds) addDemands(this.ctx.state, s);
    return seeds.map((s) => s.consumerCode);
  }

  addUser(user: NewUser): void {
    this.ctx.users.add(user);
  }

  setFault(spec: FaultSpec): void {
    const problem = faultSpecProblem(spec);
    if (problem) throw new Error(`invalid fault: ${problem}`);
    this.faultInjector.set(spec);
  }

  faults(): FaultSpec[] {
    return this.faultInjector.list();
  }

  /** Removes all faults; requests held by hang / commitThenHang have their connection closed. */
  clearFaults(): void {
    this.faultInjector.clear();
  }

  /**
   * Observes `_create` calls from now on (replacing earlier hooks; `{}` removes them): `received`
   * before validation, `committed` once the payment is stored, before the answer. A hook returning
   * 'drop' closes the caller's connection instead (see CreateHooks). Survives reset().
   */
  onCreate(hooks: CreateHooks): void {
    this.ctx.createHooks = hooks;
  }

  /** From now on `_create` spends `ms` between validation and insert (DIGIT persisting late; 0 = at once). */
  setCreateCommitDelay(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0) throw new Error('createCommitDelayMs must be an integer >= 0');
    this.ctx.createCommitDelayMs = ms;
  }

  /** Every issued access token stops working now; returns how many there were. */
  expireTokens(): number {
    return this.ctx.tokens.expireAll();
  }

  /** Expires the consumer's ACTIVE bill now; returns its id (undefined when it has none). */
  expireBill(ref: ConsumerRef): string | undefined {
    const bill = this.ctx.state.latestBill(`${ref.tenantId}|${ref.businessService}|${ref.consumerCode}`);
    if (!bill || bill.status !== 'ACTIVE') return undefined;
    // strictly in the past: _fetchbill tests expiryDate < now, _create now >= expiryDate
    for (const d of bill.details) d.expiryDate = this.ctx.now() - 1;
    return bill.id;
  }

  /** A payment by someone else (counter clerk, own transactionNumber) under the _create rules. */
  payElsewhere(target: { billId: string } | ConsumerRef, opts?: OtherPaymentOptions): Record<string, unknown> {
    return payAsSomeoneElse(this.ctx, target, opts).json;
  }

  /**
   * A data fault: the stored payment with this transactionNumber (its first detail) now says `amount`
   * rupees were paid, as if DIGIT's records had been edited. Returns false when there is none.
   */
  amendPayment(transactionNumber: string, amount: number): boolean {
    const record = this.ctx.state.paymentsByTxn.get(transactionNumber)?.[0];
    const paise = Math.round(amount * 100);
    if (!record || !Number.isSafeInteger(paise) || paise <= 0 || paise / 100 !== amount) return false;
    const first = record.details[0];
    const others = record.details.slice(1).reduce((s, d) => s + d.paidPaise, 0);
    first.paidPaise = paise;
    const details = record.json.paymentDetails as Array<Record<string, unknown>>;
    details[0].totalAmountPaid = rupees(paise);
    record.json.totalAmountPaid = rupees(paise + others);
    return true;
  }

  /** Runs pending mark-as-paid jobs now; returns how many ran. */
  flushMarkPaid(): number {
    return this.ctx.scheduler.flush();
  }

  stats(): SandboxStats {
    let count = 0;
    let sumPaise = 0;
    for (const p of this.ctx.state.paymentList) {
      if (p.json.paymentStatus === 'CANCELLED' || p.json.paymentStatus === 'DISHONOURED') continue;
      count += 1;
      for (const d of p.details) sumPaise += d.paidPaise;
    }
    return { ...this.ctx.state.counters, payments: { count, sumPaise, sumRupees: sumPaise / 100 }, pendingMarkPaid: this.ctx.scheduler.size };
  }

  /** The latest DIGIT calls received (at most 1000, admin calls excluded), oldest first; reset() empties it. */
  receivedCalls(): ReceivedCall[] {
    return [...this.received];
  }

  /** Stored payments, oldest first, as payment search shows them. */
  listPayments(): Array<Record<string, unknown>> {
    return this.ctx.state.paymentList.map((p: PaymentRecord) => p.json);
  }

  /** Stops timers and closes every server this sandbox opened. */
  async dispose(): Promise<void> {
    this.ctx.scheduler.cancelAll();
    this.faultInjector.clear();
    await Promise.all([...this.servers].map((s) => s.close()));
    this.servers.clear();
  }
}
