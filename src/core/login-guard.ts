// The login guard (a port): the right to send one DIGIT login, shared by every process on one ledger.
// DIGIT locks an account after 5 refused logins in 30 minutes (digit-api §1.4). A cool-down held in
// one process does not survive a crash loop or a second instance, so the "next login allowed at"
// slot lives in the ledger and is claimed atomically before each login.

export interface LoginSlot {
  /** this caller may send one login now (the slot is held for it until `nextLoginAt`) */
  granted: boolean;
  /** epoch ms (the store's clock): when the next login may be sent */
  nextLoginAt: number;
  /** refused logins in a row, as remembered (reset by a successful login) */
  refusals: number;
  /** not granted because a login (another process's, or one that crashed) holds the slot right now */
  inFlight: boolean;
  /** DIGIT's reason for the last refusal */
  reason?: string;
  /** epoch ms of the last refusal */
  refusedAt?: number;
}

export interface LoginGuardStore {
  /** Takes the slot for `account` when it is free (next login allowed now), holding it `holdMs`. */
  claim(account: string, owner: string, holdMs: number): Promise<LoginSlot>;
  /** DIGIT refused the login sent under the slot: no login for `waitMs`; the refusal is counted. */
  refused(account: string, owner: string, waitMs: number, reason: string): Promise<LoginSlot>;
  /** The login ended without a refusal: the slot is free again; `success` also forgets past refusals. */
  release(account: string, owner: string, success: boolean): Promise<void>;
  close(): Promise<void>;
}

interface Row {
  nextLoginAt: number;
  /** the login holding the slot, while it runs */
  owner?: string;
  refusals: number;
  reason?: string;
  refusedAt?: number;
}

/** One process's guard (an in-memory ledger, unit tests): the same rules without persistence. */
export class MemoryLoginGuard implements LoginGuardStore {
  private readonly rows = new Map<string, Row>();

  constructor(private readonly now: () => number = Date.now) {}

  async claim(account: string, owner: string, holdMs: number): Promise<LoginSlot> {
    const now = this.now();
    const row = this.rows.get(account) ?? { nextLoginAt: 0, refusals: 0 };
    const granted = row.nextLoginAt <= now;
    if (granted) this.rows.set(account, { ...row, nextLoginAt: now + holdMs, owner });
    return slot(granted, this.rows.get(account) ?? row, now);
  }

  async refused(account: string, _owner: string, waitMs: number, reason: string): Promise<LoginSlot> {
    const now = this.now();
    const row = this.rows.get(account);
    // recorded whoever holds the slot now: a refusal counts at DIGIT whatever happened to our hold
    const next = { nextLoginAt: now + waitMs, refusals: (row?.refusals ?? 0) + 1, reason, refusedAt: now };
    this.rows.set(account, next);
    return slot(false, next, now);
  }

  async release(account: string, owner: string, success: boolean): Promise<void> {
    const row = this.rows.get(account);
    if (!row || row.owner !== owner) return;
    this.rows.set(account, success ? { nextLoginAt: 0, refusals: 0 } : { ...row, nextLoginAt: 0, owner: undefined });
  }

  async close(): Promise<void> {}
}

const slot = (granted: boolean, r: Row, now: number): LoginSlot => ({
  granted,
  nextLoginAt: r.nextLoginAt,
  refusals: r.refusals,
  inFlight: !granted && r.owner !== undefined && r.nextLoginAt > now,
  ...(r.reason === undefined ? {} : { reason: r.reason }),
  ...(r.refusedAt === undefined ? {} : { refusedAt: r.refusedAt }),
});
