// SQL of the PostgreSQL ledger as named prepared statements: each connection parses a statement once.
import { HELD_SQL, LIVE_SQL, TAKE_UNKNOWN, TAKING_SQL } from '../states';

/** The database's clock in epoch ms: every lease of every instance is compared in this one clock. */
export const NOW = `(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`;
/**
 * A lease is free when it expired, or when its owner (another instance) has not beaten for $stale ms:
 * a SIGKILLed instance's work is resumed within seconds, not after its whole lease. $me is this instance.
 */
const FREE = (me: string, stale: string) => `(next_attempt_at <= ${NOW} OR (lease_owner IS NOT NULL AND lease_owner <> ${me}
      AND NOT EXISTS (SELECT 1 FROM ledger_instances i WHERE i.id = lease_owner AND i.heartbeat_at > ${NOW} - ${stale})))`;

export interface Named {
  name: string;
  text: string;
}

const named = (name: string, text: string): Named => ({ name: `ledger_${name}`, text });

export const SQL = {
  // the body is stored deflated in body_z (body-codec.ts), body left empty
  insertMessage: named('insert_message', `INSERT INTO messages (at, direction, api, ref_id, msg_id, txn_reference_id, outcome, body, body_z)
    VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8)`),
  findMessages: named('find_messages', `SELECT * FROM messages WHERE ref_id = $1
    AND ($2::text IS NULL OR api = $2) AND ($3::text IS NULL OR direction = $3) ORDER BY id`),

  // from each named payment into messages_by_txn (partial: the IS NOT NULL lets the planner use it),
  // never along messages_by_ref, which holds every reversal ever recorded (a plain WHERE took it before
  // the table was analysed): ref_id is compared as an expression no index serves
  findTxnMessages: named('find_txn_messages', `SELECT m.* FROM (SELECT DISTINCT unnest($2::text[]) AS txn) t
    CROSS JOIN LATERAL (SELECT * FROM messages WHERE txn_reference_id = t.txn AND txn_reference_id IS NOT NULL
      AND (ref_id || '') = $1) m
    ORDER BY m.id`),

  upsertFetch: named('upsert_fetch', `INSERT INTO fetches (ref_id, biller_id, bills, created_at) VALUES ($1, $2, $3::jsonb, $4)
    ON CONFLICT (ref_id) DO UPDATE SET biller_id = excluded.biller_id, bills = excluded.bills, created_at = excluded.created_at`),
  getFetch: named('get_fetch', `SELECT * FROM fetches WHERE ref_id = $1`),

  // the unique key decides who creates the row: a concurrent claimer waits for the winner's commit
  claimPayment: named('claim_payment', `INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state,
      request, attempts, next_attempt_at, lease_owner, lease_token, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, 'RECEIVED', $6::jsonb, 0, ${NOW} + $7, $8, 1, $9, $9)
    ON CONFLICT (txn_reference_id) DO NOTHING RETURNING *`),
  // a reversal before its forward: the row is born terminal, so no crash can leave it half-closed
  claimClosed: named('claim_closed', `INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state,
      request, outcome, attempts, next_attempt_at, lease_token, reversal_requested_at, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, 'FAILED', $6::jsonb, $7::jsonb, 0, ${NOW}, 0, $8, $8, $8)
    ON CONFLICT (txn_reference_id) DO NOTHING RETURNING *`),
  getPayment: named('get_payment', `SELECT * FROM payments WHERE txn_reference_id = $1`),

  renewLease: named('renew_lease', `UPDATE payments SET next_attempt_at = ${NOW} + $3
    WHERE txn_reference_id = $1 AND ${HELD_SQL('$2')}`),
  // one statement: the state change and payment_bills (kept equal to the plan's bills) commit together;
  // the DELETE and INSERT touch disjoint rows, as data-modifying CTEs must
  markPosting: named('mark_posting', `WITH p AS (
      UPDATE payments SET state = 'POSTING', plan = $3::jsonb, attempts = attempts + 1, next_attempt_at = ${NOW} + $4,
        last_post_at = $5, updated_at = $6
      WHERE txn_reference_id = $1 AND ${HELD_SQL('$2')} AND reversal_requested_at IS NULL RETURNING txn_reference_id),
    stale AS (DELETE FROM payment_bills WHERE txn_reference_id IN (SELECT txn_reference_id FROM p) AND bill_id <> ALL ($7::text[])),
    fresh AS (INSERT INTO payment_bills (txn_reference_id, bill_id)
      SELECT p.txn_reference_id, b FROM p, unnest($7::text[]) AS b ON CONFLICT DO NOTHING)
    SELECT count(*) AS changed FROM p`),
  // terminal states are final, and only the holder writes: a late, duplicate or stale completion is a no-op
  complete: named('complete', `UPDATE payments SET state = $3, outcome = $4::jsonb, paid_paise = $5, lease_owner = NULL, updated_at = $6
    WHERE txn_reference_id = $1 AND ${HELD_SQL('$2')}`),
  markUnknown: named('mark_unknown', `UPDATE payments SET state = 'UNKNOWN', note = $3, next_attempt_at = ${NOW} + $4,
      lease_owner = NULL, last_post_at = $6, updated_at = $5
    WHERE txn_reference_id = $1 AND ${HELD_SQL('$2')}`),
  requestReversal: named('request_reversal', `UPDATE payments SET reversal_requested_at = COALESCE(reversal_requested_at, $2),
      updated_at = $2
    WHERE txn_reference_id = $1 AND state IN ${LIVE_SQL}`),

  // SKIP LOCKED: rows another worker is leasing right now are passed over, never waited for or shared.
  // A leased UNKNOWN row becomes POSTING, so an UNKNOWN row is never anybody's (see tryLease).
  claimDue: named('claim_due', `WITH due AS (
      SELECT txn_reference_id FROM payments WHERE state IN ${LIVE_SQL} AND ${FREE('$2', '$3')}
        AND txn_reference_id <> ALL ($5::text[])
      ORDER BY next_attempt_at, created_at LIMIT $4 FOR UPDATE SKIP LOCKED)
    UPDATE payments p SET next_attempt_at = ${NOW} + $1, lease_owner = $2, lease_token = p.lease_token + 1, ${TAKE_UNKNOWN}
    FROM due WHERE p.txn_reference_id = due.txn_reference_id
    RETURNING p.*`),
  tryLease: named('try_lease', `UPDATE payments SET next_attempt_at = ${NOW} + $2, lease_owner = $3, lease_token = lease_token + 1,
      ${TAKE_UNKNOWN}
    WHERE txn_reference_id = $1 AND state IN ${LIVE_SQL} AND (${FREE('$3', '$4')} OR state = 'UNKNOWN') RETURNING *`),

  // this instance is alive: others may not take its leases while this row is fresh
  beat: named('beat', `INSERT INTO ledger_instances (id, started_at, heartbeat_at) VALUES ($1, ${NOW}, ${NOW})
    ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`),
  forgetInstance: named('forget_instance', `DELETE FROM ledger_instances WHERE id = $1 OR heartbeat_at < ${NOW} - 86400000`),
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
  countByState: named('count_by_state', `SELECT state, COUNT(*) AS count FROM payments WHERE created_at >= $1 GROUP BY state`),
  pendingOutbox: named('pending_outbox', `SELECT COUNT(*) AS count, MIN(created_at) AS oldest FROM outbox WHERE state = 'PENDING'`),
  markReversed: named('mark_reversed', `UPDATE payments SET reversed_at = $2, updated_at = $2
    WHERE txn_reference_id = $1 AND state = 'SUCCESS' AND reversed_at IS NULL`),

  addOutbox: named('add_outbox', `INSERT INTO outbox (id, ref_id, api, url, body, state, version, attempts, next_attempt_at,
      lease_owner, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, 'PENDING', 1, 0, ${NOW} + $6, $7, $8, $8)
    ON CONFLICT (id) DO NOTHING`),
  requeueOutbox: named('requeue_outbox', `UPDATE outbox SET state = 'PENDING', version = version + 1, attempts = 0,
      next_attempt_at = ${NOW} + $2, lease_owner = $3, last_error = NULL, updated_at = $4
    WHERE id = $1`),
  getOutbox: named('get_outbox', `SELECT * FROM outbox WHERE id = $1`),
  // each claim moves the version on: it fences the marks of whoever worked the item before
  claimDueOutbox: named('claim_due_outbox', `WITH due AS (
      SELECT id FROM outbox WHERE state = 'PENDING' AND ${FREE('$2', '$3')}
      ORDER BY next_attempt_at, created_at LIMIT $4 FOR UPDATE SKIP LOCKED)
    UPDATE outbox o SET next_attempt_at = ${NOW} + $1, lease_owner = $2, version = o.version + 1 FROM due WHERE o.id = due.id
    RETURNING o.*`),
  markOutbox: named('mark_outbox', `UPDATE outbox SET state = $3, attempts = attempts + 1, next_attempt_at = ${NOW} + $4,
      last_error = $5, lease_owner = NULL, updated_at = $6
    WHERE id = $1 AND version = $2 AND state = 'PENDING'`),

  // a row-value compare walks outbox_by_state_updated backwards from the cursor
  listOutbox: named('list_outbox', `SELECT * FROM outbox WHERE state = $1 AND (updated_at, id) < ($2::bigint, $3::text)
    ORDER BY updated_at DESC, id DESC LIMIT $4`),

  // the operators' search: each way of naming a payment has its own index (txnReferenceId, refId, the
  // first bill's consumer code, the first receipt's number); the filters apply to the few rows found
  searchByTerm: named('search_by_term', `SELECT DISTINCT ON (created_at, txn_reference_id) * FROM (
      SELECT * FROM payments WHERE txn_reference_id = $1
      UNION ALL SELECT * FROM payments WHERE ref_id = $1
      UNION ALL SELECT * FROM payments WHERE (plan->'bills'->0->>'consumerCode') = $1 AND plan IS NOT NULL
      UNION ALL SELECT * FROM payments WHERE (outcome->'receipts'->0->>'receiptNumber') = $1 AND state = 'SUCCESS') p
    WHERE ($2::text IS NULL OR biller_id = $2) AND ($3::text IS NULL OR state = $3)
      AND ($4::bigint IS NULL OR created_at >= $4) AND ($5::bigint IS NULL OR created_at < $5)
    ORDER BY created_at DESC, txn_reference_id DESC LIMIT $6 OFFSET $7`),
  // without a term: a window of the creation index, newest first
  searchWindow: named('search_window', `SELECT * FROM payments WHERE created_at >= $1 AND created_at < $2
    AND ($3::text IS NULL OR biller_id = $3) AND ($4::text IS NULL OR state = $4)
    ORDER BY created_at DESC, txn_reference_id DESC LIMIT $5 OFFSET $6`),
  totalsByState: named('totals_by_state', `SELECT state, reversed_at IS NOT NULL AS reversed, COUNT(*) AS count,
      COALESCE(SUM(CASE WHEN state = 'SUCCESS' THEN paid_paise ELSE (request->>'amountPaise')::bigint END), 0) AS sum
    FROM payments WHERE created_at >= $1 AND created_at < $2 GROUP BY state, reversed ORDER BY state, reversed`),
  findMessagesOfTxn: named('find_messages_of_txn', `SELECT * FROM messages WHERE txn_reference_id = $1 ORDER BY id`),
  countOutbox: named('count_outbox', `SELECT COUNT(*) AS count FROM outbox WHERE state = $1`),

  ping: named('ping', `SELECT 1 AS ok`),
  now: named('now', `SELECT ${NOW} AS now`),
} as const;
