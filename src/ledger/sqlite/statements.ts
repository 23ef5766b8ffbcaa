// SQL of the SQLite ledger (named parameters). Prepared once per connection by SqliteLedger.
import { HELD_SQL, LIVE_SQL, TAKE_UNKNOWN, TAKING_SQL } from '../states';

const HELD = HELD_SQL(':token');
// a lease taken: this instance's, for leaseMs of this process's clock, with a new fencing token
const TAKE = `next_attempt_at = :now + :leaseMs, lease_owner = :me, lease_token = lease_token + 1`;

export const SQL = {
  // the body is stored deflated in body_z (body-codec.ts), body left empty
  insertMessage: `INSERT INTO messages (at, direction, api, ref_id, msg_id, txn_reference_id, outcome, body, body_z)
    VALUES (:at, :direction, :api, :refId, :msgId, :txn, :outcome, '', :bodyZ)`,
  findMessages: `SELECT * FROM messages WHERE ref_id = :refId
    AND (:api IS NULL OR api = :api) AND (:direction IS NULL OR direction = :direction) ORDER BY id`,

  // CROSS JOIN fixes the loop order: from the few named payments into the txnReferenceId index, never
  // along messages_by_ref (every reversal ever recorded)
  findTxnMessages: `SELECT m.* FROM json_each(:txns) j CROSS JOIN messages m
    WHERE m.txn_reference_id = j.value AND m.txn_reference_id IS NOT NULL AND m.ref_id = :refId ORDER BY m.id`,

  // the bills are stored deflated in bills_z (migration 10), bills left ''
  upsertFetch: `INSERT INTO fetches (ref_id, biller_id, bills, bills_z, created_at) VALUES (:refId, :billerId, '', :billsZ, :createdAt)
    ON CONFLICT (ref_id) DO UPDATE SET biller_id = excluded.biller_id, bills = excluded.bills, bills_z = excluded.bills_z,
      created_at = excluded.created_at`,
  getFetch: `SELECT * FROM fetches WHERE ref_id = :refId`,

  // the unique key decides who creates the row: never a read before the insert. Documents are stored
  // deflated (request_z, plan_z, outcome_z; migration 10), request left '', with a column for each
  // thing SQL reads in them (amount_paise, consumer_code, receipt_number)
  claimPayment: `INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state, request, request_z,
      amount_paise, attempts, next_attempt_at, lease_owner, lease_token, created_at, updated_at)
    VALUES (:txn, :refId, :msgId, :billerId, :contentHash, 'RECEIVED', '', :requestZ, :amountPaise, 0, :now + :leaseMs, :me, 1,
      :now, :now)
    ON CONFLICT (txn_reference_id) DO NOTHING RETURNING *`,
  // a reversal before its forward: the row is born terminal, so no crash can leave it half-closed
  claimClosed: `INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state, request, request_z,
      amount_paise, outcome_z, attempts, next_attempt_at, lease_token, reversal_requested_at, created_at, updated_at)
    VALUES (:txn, :refId, :msgId, :billerId, :contentHash, 'FAILED', '', :requestZ, :amountPaise, :outcomeZ, 0, :now, 0, :now,
      :now, :now)
    ON CONFLICT (txn_reference_id) DO NOTHING RETURNING *`,
  getPayment: `SELECT * FROM payments WHERE txn_reference_id = :txn`,

  renewLease: `UPDATE payments SET next_attempt_at = :now + :leaseMs WHERE txn_reference_id = :txn AND ${HELD}`,
  // plan = NULL: a row from before migration 10 re-planned keeps only the new plan
  markPosting: `UPDATE payments SET state = 'POSTING', plan = NULL, plan_z = :planZ, consumer_code = :consumerCode,
      attempts = attempts + 1,
      next_attempt_at = :now + :leaseMs, last_post_at = :startedAt, updated_at = :now
    WHERE txn_reference_id = :txn AND ${HELD} AND reversal_requested_at IS NULL`,
  dropStaleBills: `DELETE FROM payment_bills WHERE txn_reference_id = :txn
    AND bill_id NOT IN (SELECT value FROM json_each(:billIds))`,
  addBills: `INSERT INTO payment_bills (txn_reference_id, bill_id) SELECT :txn, value FROM json_each(:billIds) WHERE true
    ON CONFLICT DO NOTHING`,
  // terminal states are final, and only the holder writes: a late, duplicate or stale completion is a no-op
  complete: `UPDATE payments SET state = :state, outcome = NULL, outcome_z = :outcomeZ, receipt_number = :receiptNumber,
      paid_paise = :paidPaise, lease_owner = NULL, updated_at = :now
    WHERE txn_reference_id = :txn AND ${HELD}`,
  markUnknown: `UPDATE payments SET state = 'UNKNOWN', note = :note, next_attempt_at = :now + :retryInMs, lease_owner = NULL,
      last_post_at = :landableAt, updated_at = :now
    WHERE txn_reference_id = :txn AND ${HELD}`,
  requestReversal: `UPDATE payments SET reversal_requested_at = COALESCE(reversal_requested_at, :now), updated_at = :now
    WHERE txn_reference_id = :txn AND state IN ${LIVE_SQL}`,

  // a leased UNKNOWN row becomes POSTING, so an UNKNOWN row is never anybody's: see tryLease
  claimDue: `UPDATE payments SET ${TAKE}, ${TAKE_UNKNOWN}
    WHERE txn_reference_id IN (SELECT txn_reference_id FROM payments
      WHERE state IN ${LIVE_SQL} AND next_attempt_at <= :now AND txn_reference_id NOT IN (SELECT value FROM json_each(:skip))
      ORDER BY next_attempt_at, created_at LIMIT :limit)
    RETURNING *`,
  tryLease: `UPDATE payments SET ${TAKE}, ${TAKE_UNKNOWN}
    WHERE txn_reference_id = :txn AND state IN ${LIVE_SQL} AND (next_attempt_at <= :now OR state = 'UNKNOWN') RETURNING *`,
  // one process per ledger file: what another (dead) process held is free the moment this one opens
  freeOthersPayments: `UPDATE payments SET next_attempt_at = :now
    WHERE state IN ${LIVE_SQL} AND lease_owner IS NOT NULL AND lease_owner <> :me AND next_attempt_at > :now`,
  freeOthersOutbox: `UPDATE outbox SET next_attempt_at = :now
    WHERE state = 'PENDING' AND lease_owner IS NOT NULL AND lease_owner <> :me AND next_attempt_at > :now`,
  // CROSS JOIN fixes the loop order (SQLite never reorders it): from the few named bills to their
  // payments. Left to the planner it walked payments_due over every SUCCESS row, so a fetch got
  // slower with each payment ever made.
  billIdsTaken: `SELECT DISTINCT pb.bill_id FROM payment_bills pb CROSS JOIN payments p USING (txn_reference_id)
    WHERE pb.bill_id IN (SELECT value FROM json_each(:billIds)) AND p.state IN ${TAKING_SQL}`,
  listUnresolved: `SELECT * FROM payments WHERE state IN ${LIVE_SQL} AND created_at < :before
    ORDER BY created_at, txn_reference_id`,
  listPayments: `SELECT * FROM payments WHERE created_at >= :from AND created_at < :before
    ORDER BY created_at, txn_reference_id`,
  // a SUCCESS payment reversed afterwards (cancelled in DIGIT) is no longer money collected
  successTotals: `SELECT COUNT(*) AS count, COALESCE(SUM(paid_paise), 0) AS sum FROM payments
    WHERE state = 'SUCCESS' AND reversed_at IS NULL`,
  countByState: `SELECT state, COUNT(*) AS count FROM payments WHERE created_at >= :since GROUP BY state`,
  pendingOutbox: `SELECT COUNT(*) AS count, MIN(created_at) AS oldest FROM outbox WHERE state = 'PENDING'`,
  markReversed: `UPDATE payments SET reversed_at = :now, updated_at = :now
    WHERE txn_reference_id = :txn AND state = 'SUCCESS' AND reversed_at IS NULL`,

  addOutbox: `INSERT INTO outbox (id, ref_id, api, url, body, state, version, attempts, next_attempt_at, lease_owner,
      created_at, updated_at)
    VALUES (:id, :refId, :api, :url, :body, 'PENDING', 1, 0, :now + :leaseMs, :me, :now, :now)
    ON CONFLICT (id) DO NOTHING`,
  requeueOutbox: `UPDATE outbox SET state = 'PENDING', version = version + 1, attempts = 0, next_attempt_at = :now + :leaseMs,
      lease_owner = :me, last_error = NULL, updated_at = :now
    WHERE id = :id`,
  getOutbox: `SELECT * FROM outbox WHERE id = :id`,
  // each claim moves the version on: it fences the marks of whoever worked the item before
  claimDueOutbox: `UPDATE outbox SET next_attempt_at = :now + :leaseMs, lease_owner = :me, version = version + 1
    WHERE id IN (SELECT id FROM outbox WHERE state = 'PENDING' AND next_attempt_at <= :now
      ORDER BY next_attempt_at, created_at LIMIT :limit)
    RETURNING *`,
  markOutbox: `UPDATE outbox SET state = :state, attempts = attempts + 1, next_attempt_at = :now + :retryInMs,
      last_error = :error, lease_owner = NULL, updated_at = :now
    WHERE id = :id AND version = :version AND state = 'PENDING'`,

  // a row-value compare walks outbox_by_state_updated backwards from the cursor
  listOutbox: `SELECT * FROM outbox WHERE state = :state AND (updated_at, id) < (:before, :beforeId)
    ORDER BY updated_at DESC, id DESC LIMIT :limit`,

  // the operators' search: each way of naming a payment has its own index (txnReferenceId, refId, the
  // first bill's consumer code, the first receipt's number); the filters apply to the few rows found
  searchByTerm: `SELECT * FROM payments WHERE txn_reference_id IN (
      SELECT txn_reference_id FROM payments WHERE txn_reference_id = :term
      UNION SELECT txn_reference_id FROM payments WHERE ref_id = :term
      UNION SELECT txn_reference_id FROM payments WHERE consumer_code = :term AND consumer_code IS NOT NULL
      UNION SELECT txn_reference_id FROM payments WHERE receipt_number = :term AND state = 'SUCCESS')
    AND (:biller IS NULL OR biller_id = :biller) AND (:state IS NULL OR state = :state)
    AND (:from IS NULL OR created_at >= :from) AND (:before IS NULL OR created_at < :before)
    ORDER BY created_at DESC, txn_reference_id DESC LIMIT :limit OFFSET :offset`,
  // without a term: a window of the creation index, newest first
  searchWindow: `SELECT * FROM payments WHERE created_at >= :from AND created_at < :before
    AND (:biller IS NULL OR biller_id = :biller) AND (:state IS NULL OR state = :state)
    ORDER BY created_at DESC, txn_reference_id DESC LIMIT :limit OFFSET :offset`,
  totalsByState: `SELECT state, reversed_at IS NOT NULL AS reversed, COUNT(*) AS count,
      COALESCE(SUM(CASE WHEN state = 'SUCCESS' THEN paid_paise ELSE amount_paise END), 0) AS sum
    FROM payments WHERE created_at >= :from AND created_at < :before GROUP BY state, reversed ORDER BY state, reversed`,
  findMessagesOfTxn: `SELECT * FROM messages WHERE txn_reference_id = :txn ORDER BY id`,
  countOutbox: `SELECT COUNT(*) AS count FROM outbox WHERE state = :state`,

  ping: `SELECT 1 AS ok`,
} as const;
