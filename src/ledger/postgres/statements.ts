// SQL of the PostgreSQL ledger as named prepared statements: each connection parses a statement once.
import { LIVE_SQL, TAKE_UNKNOWN, TAKING_SQL } from '../states';

export interface Named {
  name: string;
  text: string;
}

const named = (name: string, text: string): Named => ({ name: `ledger_${name}`, text });

export const SQL = {
  insertMessage: named('insert_message', `INSERT INTO messages (at, direction, api, ref_id, msg_id, txn_reference_id, outcome, body)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`),
  findMessages: named('find_messages', `SELECT * FROM messages WHERE ref_id = $1
    AND ($2::text IS NULL OR api = $2) AND ($3::text IS NULL OR direction = $3) ORDER BY id`),

  upsertFetch: named('upsert_fetch', `INSERT INTO fetches (ref_id, biller_id, bills, created_at) VALUES ($1, $2, $3::jsonb, $4)
    ON CONFLICT (ref_id) DO UPDATE SET biller_id = excluded.biller_id, bills = excluded.bills, created_at = excluded.created_at`),
  getFetch: named('get_fetch', `SELECT * FROM fetches WHERE ref_id = $1`),

  // the unique key decides who creates the row: a concurrent claimer waits for the winner's commit
  claimPayment: named('claim_payment', `INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state,
      request, attempts, next_attempt_at, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, 'RECEIVED', $6::jsonb, 0, $7, $8, $8)
    ON CONFLICT (txn_reference_id) DO NOTHING RETURNING *`),
  getPayment: named('get_payment', `SELECT * FROM payments WHERE txn_reference_id = $1`),

  // one statement: the state change and payment_bills (kept equal to the plan's bills) commit together;
  // the DELETE and INSERT touch disjoint rows, as data-modifying CTEs must
  markPosting: named('mark_posting', `WITH p AS (
      UPDATE payments SET state = 'POSTING', plan = $2::jsonb, attempts = attempts + 1, next_attempt_at = $3, updated_at = $4
      WHERE txn_reference_id = $1 AND state IN ${LIVE_SQL} RETURNING txn_reference_id),
    stale AS (DELETE FROM payment_bills WHERE txn_reference_id IN (SELECT txn_reference_id FROM p) AND bill_id <> ALL ($5::text[])),
    fresh AS (INSERT INTO payment_bills (txn_reference_id, bill_id)
      SELECT p.txn_reference_id, b FROM p, unnest($5::text[]) AS b ON CONFLICT DO NOTHING)
    SELECT count(*) AS changed FROM p`),
  // terminal states are final: the guard makes a late or duplicate completion a no-op
  complete: named('complete', `UPDATE payments SET state = $2, outcome = $3::jsonb, paid_paise = $4, updated_at = $5
    WHERE txn_reference_id = $1 AND state IN ${LIVE_SQL}`),
  markUnknown: named('mark_unknown', `UPDATE payments SET state = 'UNKNOWN', note = $2, next_attempt_at = $3, updated_at = $4
    WHERE txn_reference_id = $1 AND state IN ${LIVE_SQL}`),

  // SKIP LOCKED: rows another worker is leasing right now are passed over, never waited for or shared
  claimDue: named('claim_due', `WITH due AS (
      SELECT txn_reference_id FROM payments WHERE state IN ${LIVE_SQL} AND next_attempt_at <= $1
      ORDER BY next_attempt_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
    UPDATE payments p SET next_attempt_at = $2, ${TAKE_UNKNOWN} FROM due WHERE p.txn_reference_id = due.txn_reference_id
    RETURNING p.*`),
  tryLease: named('try_lease', `UPDATE payments SET next_attempt_at = $3, ${TAKE_UNKNOWN}
    WHERE txn_reference_id = $1 AND state IN ${LIVE_SQL} AND (next_attempt_at <= $2 OR state = 'UNKNOWN') RETURNING *`),
  // starts from the named bills whatever the statistics say: a join let the planner, on a fresh or
  // not yet analysed table, start from payments_due and walk every SUCCESS payment per fetch. The
  // correlated scalar subquery is never flattened: one primary-key probe per payment_bills row found.
  billIdsTaken: named('bill_ids_taken', `SELECT DISTINCT pb.bill_id FROM payment_bills pb
    WHERE pb.bill_id = ANY ($1::text[])
      AND (SELECT p.state FROM payments p WHERE p.txn_reference_id = pb.txn_reference_id) IN ${TAKING_SQL}`),
  listUnresolved: named('list_unresolved', `SELECT * FROM payments WHERE state IN ${LIVE_SQL} AND created_at < $1
    ORDER BY created_at, txn_reference_id`),
  listPayments: named('list_payments', `SELECT * FROM payments WHERE created_at >= $1 AND created_at < $2
    ORDER BY created_at, txn_reference_id`),
  // a SUCCESS payment reversed afterwards (cancelled in DIGIT) is no longer money collected
  successTotals: named('success_totals', `SELECT COUNT(*) AS count, COALESCE(SUM(paid_paise), 0) AS sum
    FROM payments WHERE state = 'SUCCESS' AND reversed_at IS NULL`),
  markReversed: named('mark_reversed', `UPDATE payments SET reversed_at = $2, updated_at = $2
    WHERE txn_reference_id = $1 AND state = 'SUCCESS' AND reversed_at IS NULL`),

  putOutbox: named('put_outbox', `INSERT INTO outbox (id, ref_id, api, url, body, state, version, attempts, next_attempt_at,
      created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, 'PENDING', 1, 0, $6, $7, $7)
    ON CONFLICT (id) DO UPDATE SET ref_id = excluded.ref_id, api = excluded.api, url = excluded.url, body = excluded.body,
      state = 'PENDING', version = outbox.version + 1, attempts = 0, next_attempt_at = excluded.next_attempt_at,
      updated_at = excluded.updated_at, last_error = NULL`),
  addOutbox: named('add_outbox', `INSERT INTO outbox (id, ref_id, api, url, body, state, version, attempts, next_attempt_at,
      created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, 'PENDING', 1, 0, $6, $7, $7)
    ON CONFLICT (id) DO NOTHING`),
  getOutbox: named('get_outbox', `SELECT * FROM outbox WHERE id = $1`),
  claimDueOutbox: named('claim_due_outbox', `WITH due AS (
      SELECT id FROM outbox WHERE state = 'PENDING' AND next_attempt_at <= $1
      ORDER BY next_attempt_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
    UPDATE outbox o SET next_attempt_at = $2 FROM due WHERE o.id = due.id
    RETURNING o.*`),
  markOutbox: named('mark_outbox', `UPDATE outbox SET state = $3, attempts = attempts + 1, next_attempt_at = $4,
      last_error = $5, updated_at = $6
    WHERE id = $1 AND version = $2 AND state = 'PENDING'`),

  // a row-value compare walks outbox_by_state_updated backwards from the cursor
  listOutbox: named('list_outbox', `SELECT * FROM outbox WHERE state = $1 AND (updated_at, id) < ($2::bigint, $3::text)
    ORDER BY updated_at DESC, id DESC LIMIT $4`),

  ping: named('ping', `SELECT 1 AS ok`),
} as const;
