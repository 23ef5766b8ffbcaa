// Review finding: the renewal skip (FRESH_MS) compares two readings of the wall clock. When the clock
// steps back after a claim (NTP correction, VM resume), `now - leasedAt` is negative, so every
// renewal is skipped until the clock has caught up again — however long the call path has really run.
// The skip must only apply to a reading that is in [leasedAt, leasedAt + FRESH_MS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeldPayment } from '../../../src/core/held-payment';
import { paymentLeaseMs } from '../../../src/digit';
import { openSqliteLedger } from '../../../src/ledger';
import { tradeLicencePayment } from '../../support/core-rig';

const LEASE = paymentLeaseMs(10_000);

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'held-step-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('after the clock steps back, a renewal is written (not skipped as "fresh")', async () => {
  let offset = 0;
  const wall = { now: () => Date.now() + offset };
  // the ledger keeps its own (steady) clock, as PostgreSQL's NOW() does
  const ledgerClock = { now: () => Date.now() };
  const ledger = await openSqliteLedger(join(dir, 'l.db'), { clock: ledgerClock, instanceId: 'a' });
  const req = tradeLicencePayment();
  const leasedAt = wall.now();
  const { payment } = await ledger.claimPayment({ request: req, contentHash: 'h', leaseMs: LEASE });
  const held = new HeldPayment(ledger, payment, LEASE, { clock: wall, leasedAt });
  const renewals: number[] = [];
  const renew = ledger.renewLease.bind(ledger);
  ledger.renewLease = (txn, token, ms) => {
    renewals.push(Date.now());
    return renew(txn, token, ms);
  };
  offset = -60_000; // the wall clock is corrected one minute back
  expect(await held.renew()).toBe(true);
  expect(renewals).toHaveLength(1); // written: nothing says the lease is still fresh
  await ledger.close();
});
