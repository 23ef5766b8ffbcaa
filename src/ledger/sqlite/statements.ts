// SQL of the SQLite ledger (named parameters). Prepared once per connection by SqliteLedger.
import { LIVE_SQL, TAKE_UNKNOWN, TAKING_SQL } from '../states';

export const SQL = {
  insertMessage: `INSERT INTO messages (at, direction, api, ref_id, msg_id, txn_reference_id, outcome, body)
    VALUES (:at, :direction, :api, :refId, :msgId, :txn, :outcome, :body)`,
  findMessages: `SELECT * FROM messages WHERE ref_id = :refId
    AND (:api IS NULL OR api = :api) AND (:direction IS NULL OR direction = :direction) ORDER BY id`,

  upsertFetch: `INSERT INTO fetches (ref_id, biller_id, bills, created_at) VALUES (:refId, :billerId, :bills, :createdAt)
    ON CONFLICT (ref_id) DO UPDATE SET biller_id = excluded.biller_id, bills = excluded.bills, created_at = excluded.created_at`,
  getFetch: `SELECT * FROM fetches WHERE ref_id = :refId`,

  // the unique key decides who creates the row: never a read before the insert
  claimPayment: `INSERT INTO payments (txn_reference_id, ref_id, msg_id, biller_id, content_hash, state, request,
      attempts, next_attempt_at, created_at, updated_at)
    VALUES (:txn, :refId, :msgId, :billerId, :contentHash, 'RECEIVED', :request, 0, :leaseUntil, :now, :now)
    ON CONFLICT (txn_reference_id) DO NOTHING RETURNING *`,
  getPayment: `SELECT * FROM payments WHERE txn_reference_id = :txn`,

  markPosting: `UPDATE payments SET state = 'POSTING', plan = :plan, attempts = attempts + 1,
      next_attempt_at = :leaseUntil, updated_at = :now
    WHERE txn_reference_id = :txn AND state IN ${LIVE_SQL}`,
  dropStaleBills: `DELETE FROM payment_bills WHERE txn_reference_id = :txn
    AND bill_id NOT IN (SELECT value FROM json_each(:billIds))`,
  addBills: `INSERT INTO payment_bills (txn_reference_id, bill_id) SELECT :txn, value FROM json_each(:billIds) WHERE true
    ON CONFLICT DO NOTHING`,
  // terminal states are final: the guard makes a late or duplicate completion a no-op
  complete: `UPDATE payments SET state = :state, outcome = :outcome, paid_paise = :paidPaise, updated_at = :now
    WHERE txn_reference_id = :txn AND state IN ${LIVE_SQL}`,
  markUnknown: `UPDATE payments SET state = 'UNKNOWN', note = :note, next_attempt_at = :nextAttemptAt, updated_at = :now
    WHERE txn_reference_id = :txn AND state IN ${LIVE_SQL}`,

  // a leased UNKNOWN row becomes POSTING, so an UNKNOWN row is never anybody's: see tryLease
  claimDue: `UPDATE payments SET next_attempt_at = :leaseUntil, ${TAKE_UNKNOWN}
    WHERE txn_reference_id IN (SELECT txn_reference_id FROM payments
      WHERE state IN ${LIVE_SQL} AND next_attempt_at <= :now ORDER BY next_attempt_at, created_at LIMIT :limit)
    RETURNING *`,
  tryLease: `UPDATE payments SET next_attempt_at = :leaseUntil, ${TAKE_UNKNOWN}
    WHERE txn_reference_id = :txn AND state IN ${LIVE_SQL} AND (next_attempt_at <= :now OR state = 'UNKNOWN') RETURNING *`,
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
  markReversed: `UPDATE payments SET reversed_at = :now, updated_at = :now
    WHERE txn_reference_id = :txn AND state = 'SUCCESS' AND reversed_at IS NULL`,

  putOutbox: `INSERT INTO outbox (id, ref_id, api, url, body, state, version, attempts, next_attempt_at, created_at, updated_at)
    VALUES (:id, :refId, :api, :url, :body, 'PENDING', 1, 0, :nextAttemptAt, :now, :now)
    ON CONFLICT (id) DO UPDATE SET ref_id = excluded.ref_id, api = excluded.api, url = excluded.url, body = excluded.body,
      state = 'PENDING', version = outbox.version + 1, attempts = 0, next_attempt_at = excluded.next_attempt_at,
      updated_at = excluded.updated_at, last_error = NULL`,
  addOutbox: `INSERT INTO outbox (id, ref_id, api, url, body, state, version, attempts, next_attempt_at, created_at, updated_at)
    VALUES (:id, :refId, :api, :url, :body, 'PENDING', 1, 0, :nextAttemptAt, :now, :now)
    ON CONFLICT (id) DO NOTHING`,
  getOutbox: `SELECT * FROM outbox WHERE id = :id`,
  claimDueOutbox: `UPDATE outbox SET next_attempt_at = :leaseUntil
    WHERE id IN (SELECT id FROM outbox WHERE state = 'PENDING' AND next_attempt_at <= :now
      ORDER BY next_attempt_at, created_at LIMIT :limit)
    RETURNING *`,
  markOutbox: `UPDATE outbox SET state = :state, attempts = attempts + 1, next_attempt_at = :nextAttemptAt,
      last_error = :error, updated_at = :now
    WHERE id = :id AND version = :version AND state = 'PENDING'`,

  // a row-value compare walks outbox_by_state_updated backwards from the cursor
  listOutbox: `SELECT * FROM outbox WHERE state = :state AND (updated_at, id) < (:before, :beforeId)
    ORDER BY updated_at DESC, id DESC LIMIT :limit`,

  ping: `SELECT 1 AS ok`,
} as const;
