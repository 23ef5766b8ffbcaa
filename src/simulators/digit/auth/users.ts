// egov-user as far as login needs it: users matched on (userName, type, tenantId) and the
// lockout policy (max.invalid.login.attempts=5 in 30 minutes, lazy unlock after 60 minutes).
import { randomUUID } from 'node:crypto';
import type { Role, SandboxUserRecord, UserType } from '../types';

export const MAX_FAILED_LOGINS = 5;
const FAILURE_WINDOW_MS = 30 * 60 * 1000;
const UNLOCK_AFTER_MS = 60 * 60 * 1000;

/** The seeded integrator login (design §3.2 defaults for the sandbox). */
export const SANDBOX_USER = Object.freeze({
  username: 'BBPS_INTEGRATOR',
  password: 'sandbox-password',
  tenantId: 'pb',
  userType: 'EMPLOYEE' as const,
});

const role = (code: string, name: string, tenantId: string): Role => ({ code, name, tenantId });

export interface NewUser {
  userName: string;
  password: string;
  type: UserType;
  tenantId: string;
  roles: Array<{ code: string; tenantId: string; name?: string }>;
  name?: string;
  mobileNumber?: string | null;
  /** null reproduces a user without uuid (collection: USER_INFO_INVALID) */
  uuid?: string | null;
  active?: boolean;
}

interface LockState {
  failures: number[];
  lockedAt: number | null;
}

export class UserRegistry {
  private readonly users = new Map<string, SandboxUserRecord>();
  private readonly usersById = new Map<number, SandboxUserRecord>();
  private readonly locks = new Map<number, LockState>();
  private nextId = 2301;

  constructor(private readonly now: () => number) {
    this.add({
      userName: SANDBOX_USER.username,
      password: SANDBOX_USER.password,
      type: SANDBOX_USER.userType,
      tenantId: SANDBOX_USER.tenantId,
      name: 'BBPS Integrator',
      mobileNumber: '9999999999',
      // state-level roles: valid in every pb.* city with one token (reference §7)
      roles: [
        { code: 'EMPLOYEE', name: 'Employee', tenantId: 'pb' },
        { code: 'UC_EMP', name: 'Universal Collection Employee', tenantId: 'pb' },
        { code: 'CR_PT', name: 'PT Counter Receipt', tenantId: 'pb' },
        { code: 'WS_CEMP', name: 'WS Counter Employee', tenantId: 'pb' },
        { code: 'SW_CEMP', name: 'SW Counter Employee', tenantId: 'pb' },
        { code: 'TL_CEMP', name: 'TL Counter Employee', tenantId: 'pb' },
      ],
    });
    // the municipal counter clerk behind payments "by someone else"; it has no usable password
    this.counterClerk = this.add({
      userName: 'COUNTER_CLERK',
      password: randomUUID(),
      type: 'EMPLOYEE',
      tenantId: 'pb',
      name: 'Counter Clerk',
      roles: [{ code: 'EMPLOYEE', tenantId: 'pb' }, { code: 'UC_EMP', tenantId: 'pb' }],
    });
  }

  readonly counterClerk: SandboxUserRecord;

  private key(userName: string, type: UserType, tenantId: string): string {
    return `${type}|${tenantId}|${userName}`;
  }

  add(u: NewUser): SandboxUserRecord {
    const record: SandboxUserRecord = {
      id: this.nextId++,
      uuid: u.uuid === undefined ? randomUUID() : u.uuid,
      userName: u.userName,
      password: u.password,
      name: u.name ?? u.userName,
      mobileNumber: u.mobileNumber ?? null,
      emailId: null,
      type: u.type,
      tenantId: u.tenantId,
      roles: u.roles.map((r) => role(r.code, r.name ?? r.code, r.tenantId)),
      active: u.active ?? true,
    };
    this.users.set(this.key(record.userName, record.type, record.tenantId), record);
    this.usersById.set(record.id, record);
    return record;
  }

  /** EMPLOYEE/SYSTEM: exact tenant; CITIZEN: a city tenant is cut to its state. */
  find(userName: string, type: UserType, tenantId: string): SandboxUserRecord | undefined {
    const tenant = type === 'CITIZEN' ? tenantId.split('.')[0] : tenantId;
    return this.users.get(this.key(userName, type, tenant));
  }

  byId(id: number): SandboxUserRecord | undefined {
    return this.usersById.get(id);
  }

  /** Locked now? A lock older than the cool-down is lifted lazily, as egov-user does. */
  isLocked(user: SandboxUserRecord): boolean {
    const state = this.locks.get(user.id);
    if (!state?.lockedAt) return false;
    if (this.now() - state.lockedAt >= UNLOCK_AFTER_MS) {
      this.locks.delete(user.id);
      return false;
    }
    return true;
  }

  /** Records a failed password; locks once MAX_FAILED_LOGINS fall within the window. */
  recordFailure(user: SandboxUserRecord): void {
    const now = this.now();
    const state = this.locks.get(user.id) ?? { failures: [], lockedAt: null };
    state.failures = state.failures.filter((t) => now - t < FAILURE_WINDOW_MS);
    state.failures.push(now);
    if (state.failures.length >= MAX_FAILED_LOGINS) state.lockedAt = now;
    this.locks.set(user.id, state);
  }

  recordSuccess(user: SandboxUserRecord): void {
    this.locks.delete(user.id);
  }
}
