// SQLite schema, as ordered migrations applied at open (src/ledger/sqlite/migrate.ts).
// Times are INTEGER epoch ms, money INTEGER paise; documents (request, plan, outcome, bills) are JSON
// TEXT. STRICT tables make SQLite refuse a value of the wrong type instead of storing it.
import { ALL_STATES_SQL, OUTBOX_STATES_SQL } from '../states';
import type { Migration } from './types';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'messages, fetches, payments, payment_bills',
    sql: `
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('IN', 'OUT')),
  api TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  msg_id TEXT,
  txn_reference_id TEXT,
  outcome TEXT,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX messages_by_ref ON messages (ref_id, api);
CREATE INDEX messages_by_txn ON messages (txn_reference_id) WHERE txn_reference_id IS NOT NULL;

CREATE TABLE fetches (
  ref_id TEXT PRIMARY KEY,
  biller_id TEXT NOT NULL,
  bills TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE payments (
  txn_reference_id TEXT PRIMARY KEY,
  ref_id TEXT NOT NULL,
  msg_id TEXT NOT NULL,
  biller_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ${ALL_STATES_SQL}),
  request TEXT NOT NULL,
  plan TEXT,
  outcome TEXT,
  paid_paise INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  note TEXT
) STRICT;
CREATE INDEX payments_due ON payments (state, next_attempt_at);
CREATE INDEX payments_created ON payments (created_at);
CREATE INDEX payments_by_ref ON payments (ref_id);

-- the bills a payment's plan names: which bills a fetch must not offer again (billIdsTaken)
CREATE TABLE payment_bills (
  txn_reference_id TEXT NOT NULL REFERENCES payments (txn_reference_id),
  bill_id TEXT NOT NULL,
  PRIMARY KEY (txn_reference_id, bill_id)
) STRICT;
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
  next_attempt_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_error TEXT
) STRICT;
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
ALTER TABLE payments ADD COLUMN reversed_at INTEGER;
`,
  },
  {
    version: 5,
    name: 'fenced leases',
    // design §3.7: every lease names its owner (an instance id made at boot) and carries a token that
    // every progress write must present; last_post_at is when the latest _create was started (the
    // persistence bound counts from it); reversal_requested_at refuses any new _create once set
    sql: `
ALTER TABLE payments ADD COLUMN lease_owner TEXT;
ALTER TABLE payments ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN last_post_at INTEGER;
ALTER TABLE payments ADD COLUMN reversal_requested_at INTEGER;
UPDATE payments SET last_post_at = updated_at WHERE state IN ('POSTING', 'UNKNOWN');
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
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
  next_login_at INTEGER NOT NULL,
  claimed_by TEXT,
  refusals INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  refused_at INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;
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
  locked_until INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, idempotency_key)
) STRICT;

CREATE TABLE api_payments (
  client_id TEXT NOT NULL,
  client_reference TEXT NOT NULL,
  txn_reference_id TEXT NOT NULL UNIQUE,
  biller_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, client_reference)
) STRICT;
CREATE INDEX api_payments_by_created ON api_payments (client_id, created_at, client_reference);
`,
  },
  {
    version: 8,
    name: 'operators search indexes',
    // the console's payment search by consumer code and receipt number: expression indexes on the
    // first bill of the plan and the first receipt of the outcome, so no new column is written per payment
    sql: `
CREATE INDEX payments_by_consumer_code ON payments (json_extract(plan, '$.bills[0].consumerCode'))
  WHERE plan IS NOT NULL;
CREATE INDEX payments_by_receipt ON payments (json_extract(outcome, '$.receipts[0].receiptNumber'))
  WHERE state = 'SUCCESS';
`,
  },
  {
    version: 9,
    name: 'compressed message bodies',
    // design §6: ≤ 3 KB of ledger per payment with its fetch, the signed messages kept. New bodies are
    // stored deflated (src/ledger/body-codec.ts) in body_z, with body left empty; rows written before
    // keep their text in body. Reads take body_z when it is there (rows.ts toMessage).
    sql: `
ALTER TABLE messages ADD COLUMN body_z BLOB;
`,
  },
  {
    version: 10,
    name: 'compressed payment documents',
    // design §6 (issue 16): ≤ 3 KB of ledger per payment with its fetch. The payments row was the largest
    // part (~1.7 KB): its JSON TEXT request, plan and outcome, and the space left in pages as each row
    // grows at markPosting and complete. New rows store them deflated (body-codec.ts, tag 2) in request_z,
    // plan_z, outcome_z, with request '' (NOT NULL; as messages.body) and plan, outcome NULL; rows written
    // before keep their TEXT and read as they are (rows.ts toPayment takes the blob when it is there).
    // SQL can no longer look inside a compressed document, so what it reads there gets its own column,
    // written with the blob: consumer_code (plan.bills[0].consumerCode, the console's search),
    // receipt_number (outcome.receipts[0].receiptNumber of a SUCCESS, the search) and amount_paise
    // (request.amountPaise, totalsByState). They are filled here once from the old rows' JSON — one pass
    // rewriting every payments row, in this migration's transaction (docs/benchmark.md "Ledger bytes"
    // gives its cost on a large ledger) — and the expression indexes of migration 8 are replaced by
    // indexes on the columns, under the same names, with the same rows in them.
    // Then, as the documents alone left too little margin under 3 KB (measured ~2,830 B): a fetch's bills
    // are stored deflated too (bills_z, bills ''), as they are read only whole (getFetch); and
    // payment_bills becomes a WITHOUT ROWID table — its rows are nothing but their key, so the rowid
    // table beside the primary key's index kept every pair twice. SQLite cannot change a table to
    // WITHOUT ROWID in place: it is rebuilt (copied, dropped, renamed) with its index.
    // PostgreSQL is unchanged (its JSONB stays; TOAST is its own affair): this step is SQLite storage only.
    sql: `
ALTER TABLE payments ADD COLUMN request_z BLOB;
ALTER TABLE payments ADD COLUMN plan_z BLOB;
ALTER TABLE payments ADD COLUMN outcome_z BLOB;
ALTER TABLE payments ADD COLUMN consumer_code TEXT;
ALTER TABLE payments ADD COLUMN receipt_number TEXT;
ALTER TABLE payments ADD COLUMN amount_paise INTEGER;
UPDATE payments SET
  amount_paise = json_extract(request, '$.amountPaise'),
  consumer_code = CASE WHEN plan IS NOT NULL THEN json_extract(plan, '$.bills[0].consumerCode') END,
  receipt_number = CASE WHEN state = 'SUCCESS' THEN json_extract(outcome, '$.receipts[0].receiptNumber') END;
DROP INDEX payments_by_consumer_code;
DROP INDEX payments_by_receipt;
CREATE INDEX payments_by_consumer_code ON payments (consumer_code) WHERE consumer_code IS NOT NULL;
CREATE INDEX payments_by_receipt ON payments (receipt_number) WHERE state = 'SUCCESS';
ALTER TABLE fetches ADD COLUMN bills_z BLOB;
CREATE TABLE payment_bills_v10 (
  txn_reference_id TEXT NOT NULL REFERENCES payments (txn_reference_id),
  bill_id TEXT NOT NULL,
  PRIMARY KEY (txn_reference_id, bill_id)
) STRICT, WITHOUT ROWID;
INSERT INTO payment_bills_v10 (txn_reference_id, bill_id) SELECT txn_reference_id, bill_id FROM payment_bills;
DROP TABLE payment_bills;
ALTER TABLE payment_bills_v10 RENAME TO payment_bills;
CREATE INDEX payment_bills_by_bill ON payment_bills (bill_id);
`,
  },
];
