// The DIGIT sandbox: a faithful in-process / standalone simulator of the eGov DIGIT APIs the adapter
// calls (reference/digit-api.md §8), with seeding and fault injection.
//
//   const sandbox = createDigitSandbox({ markPaidDelayMs: 50 });
//   const { url, close } = await sandbox.listen();        // http://127.0.0.1:<port>
//   … adapter calls url + '/user/oauth/token', '/billing-service/bill/v2/_fetchbill', …
//   sandbox.setFault({ route: 'create', mode: 'commitThenHang', times: 1 });
//   await close();
//
// Options: markPaidDelayMs (300), tokenTtlSeconds (604799), now (clock), seed (true),
// createCommitDelayMs (0: the validation→insert window of _create, widen it to force the
// UNIQUE(billId) race to PAYMENT_CREATION_FAILED).
// Admin methods on the returned object (same operations under /_admin, see admin/admin-routes.ts):
//   reset(), addDemand(seed), addDemands(seeds), addBulkPtConsumers({count, amount, tenantId?, start?}),
//   addUser(user), setFault(spec), faults(), clearFaults(), onCreate(hooks), setCreateCommitDelay(ms), expireTokens(), expireBill(ref),
//   payElsewhere(billIdOrRef, opts?), flushMarkPaid(), stats(), listPayments(), dispose().
import { DigitSandbox, type DigitSandboxOptions } from './sandbox';

export { DigitSandbox } from './sandbox';
export type { DigitSandboxOptions, SandboxStats } from './sandbox';
export { SANDBOX_USER } from './auth/users';
export type { NewUser } from './auth/users';
export type { FaultSpec, FaultMode, FaultRoute } from './faults';
export type { CreateHooks } from './context';
export type { DemandSeed, PeriodSeed, TaxHeadSeed, BulkSeed } from './admin/seed';
export type { ConsumerRef, OtherPaymentOptions } from './admin/history';
export { isValidDigitName } from './name-check';

/** Seed consumer codes of the demo data (see admin/default-seed.ts). */
export const SEED_CONSUMERS = Object.freeze({
  ptDue: 'PB-PT-2023-04-12-000456',
  ptPaid: 'PB-PT-2023-04-12-000457',
  ptNearExpiry: 'PB-PT-2023-04-12-000458',
  ptFractional: 'PB-PT-2023-04-12-000459',
  ptJalandhar: 'PB-PT-2023-05-01-000101',
  ws: 'WS/107/2023-24/000045',
  sw: 'SW/107/2023-24/000046',
  wsMonthly: 'WS/107/2023-24/000047',
  tl: 'PB-TL-2026-01-15-000321',
  challan: 'PB-CH-2026-02-01-000077',
});

export function createDigitSandbox(opts: DigitSandboxOptions = {}): DigitSandbox {
  return new DigitSandbox(opts);
}
