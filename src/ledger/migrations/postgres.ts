// PostgreSQL schema: the same logical tables as SQLite (migrations/sqlite.ts). Times are BIGINT epoch
// ms rather than TIMESTAMPTZ: the port speaks epoch ms, lease comparisons stay exact integer compares
// identical to SQLite's, and no time zone setting of a session can shift them. Money is BIGINT paise;
// documents are JSONB (operators can query request->>'billerId' and the like).
import { ALL_STATES_SQL, OUTBOX_STATES_SQL } from '../states';
import type { Migration } from './types';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'messages, fetches, payments, payment_bills',
    sql: `
CREATE TABLE messages (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('IN', 'OUT')),
  api TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  msg_id TEXT,
  txn_reference_id TEXT,
  outcome TEXT,
  body TEXT NOT NULL
);
CREATE INDEX messages_by_ref ON messages (ref_id, api);
CREATE INDEX messages_by_txn ON messages (txn_reference_id) WHERE txn_reference_id IS NOT NULL;

CREATE TABLE fetches (
  ref_id TEXT PRIMARY KEY,
  biller_id TEXT NOT NULL,
  bills JSONB NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE payments (
  txn_reference_id TEXT PRIMARY KEY,
  ref_id TEXT NOT NULL,
  msg_id TEXT NOT NULL,
  biller_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ${ALL_STATES_SQL}),
  request JSONB NOT NULL,
  plan JSONB,
  outcome JSONB,
  paid_paise BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  note TEXT
);
CREATE INDEX payments_due ON payments (state, next_attempt_at);
CREATE INDEX payments_created ON payments (created_at);
CREATE INDEX payments_by_ref ON payments (ref_id);

CREATE TABLE payment_bills (
  txn_reference_id TEXT NOT NULL REFERENCES payments (txn_reference_id),
  bill_id TEXT NOT NULL,
  PRIMARY KEY (txn_reference_id, bill_id)
);
CREATE INDEX payment_bills_by_bill ON payment_bills (bill_id);
`,
  },
  {
    version: 2,
    name: 'outbox',
    sql: `
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  ref_id TEXT NOT NULL,
  api TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ${OUTBOX_STATES_SQL}),
  version INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_error TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
`,
  },
  {
    version: 3,
    name: 'outbox listing index',
    // the operators' list (listOutbox): one state, newest first, paged by (updated_at, id)
    sql: `
CREATE INDEX outbox_by_state_updated ON outbox (state, updated_at, id);
`,
  },
  {
    version: 4,
    name: 'payments reversed_at',
    // a SUCCESS payment later cancelled in DIGIT by a BBPS reversal: still SUCCESS (its outcome is
    // what was answered), no longer counted as money collected
    sql: `
ALTER TABLE payments ADD COLUMN reversed_at BIGINT;
`,
  },
  {
    version: 5,
    name: 'fenced leases, instance heartbeats',
    // design §3.7: as the SQLite migration 5, plus one heartbeat row per running instance: a lease
    // whose owner has not beaten for a few seconds is free, whatever its expiry
    sql: `
ALTER TABLE payments ADD COLUMN lease_owner TEXT;
ALTER TABLE payments ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN last_post_at BIGINT;
ALTER TABLE payments ADD COLUMN reversal_requested_at BIGINT;
UPDATE payments SET last_post_at = updated_at WHERE state IN ('POSTING', 'UNKNOWN');
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
CREATE TABLE ledger_instances (
  id TEXT PRIMARY KEY,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);
`,
  },
  {
    version: 6,
    name: 'digit login guard',
    // one row per DIGIT account: when the next login may be sent, and the refusals so far, shared by
    // every process on this ledger (a crash loop or a second instance cannot lock the account)
    sql: `
CREATE TABLE digit_login_guard (
  account TEXT PRIMARY KEY,
  next_login_at BIGINT NOT NULL,
  claimed_by TEXT,
  refusals INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  refused_at BIGINT,
  updated_at BIGINT NOT NULL
);
`,
  },
  {
    version: 7,
    name: 'JSON API idempotency keys and client payments',
    // design §3.4: an Idempotency-Key is claimed per client by its primary key; a clientReference names
    // one ledger payment per client, and a transaction id belongs to one reference (UNIQUE). Rows are
    // kept as long as the payments they answer for.
    sql: `
CREATE TABLE api_idempotency_keys (
  client_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  client_reference TEXT NOT NULL,
  answer TEXT,
  locked_until BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, idempotency_key)
);

CREATE TABLE api_payments (
  client_id TEXT NOT NULL,
  client_reference TEXT NOT NULL,
  txn_reference_id TEXT NOT NULL UNIQUE,
  biller_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, client_reference)
);
CREATE INDEX api_payments_by_created ON api_payments (client_id, created_at, client_reference);
`,
  },
  {
    version: 8,
    name: 'operators search indexes',
    // the console's payment search by consumer code and receipt number: expression indexes on the
    // first bill of the plan and the first receipt of the outcome, so no new column is written per payment
    sql: `
CREATE INDEX payments_by_consumer_code ON payments ((plan->'bills'->0->>'consumerCode')) WHERE plan IS NOT NULL;
CREATE INDEX payments_by_receipt ON payments ((outcome->'receipts'->0->>'receiptNumber')) WHERE state = 'SUCCESS';
`,
  },
  {
    version: 9,
    name: 'compressed message bodies',
    // design §6: ≤ 3 KB of ledger per payment with its fetch, the signed messages kept. New bodies are
    // stored deflated (src/ledger/body-codec.ts) in body_z, with body left empty; rows written before
    // keep their text in body. Reads take body_z when it is there (rows.ts toMessage).
    sql: `
ALTER TABLE messages ADD COLUMN body_z BYTEA;
`,
  },
  {
    version: 10,
    name: 'compressed payment documents',
    // SQLite only (its payments documents are stored deflated, with columns for what SQL reads in them):
    // PostgreSQL keeps JSONB, which its indexes and statements read directly. The step is recorded here
    // too so both dialects keep one numbering of the logical schema.
    sql: `SELECT 1`,
  },
];
