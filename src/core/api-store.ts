// The JSON API's own storage port (design §3.4): Idempotency-Key claims and each client's payments by
// its clientReference. Kept beside the Ledger, not in it: the payment itself lives in the ledger under
// its txnReferenceId, exactly as a BBPS payment does.
import type { ErrorCode } from './errors';
import type { PaymentOutcome } from './types';

/** What a payment request was answered with, stored once final and replayed to a repeat of the key. */
export type ApiAnswer =
  /** `createdAt`: when the client's reference was first recorded (epoch ms), the payment's time on the API */
  | { kind: 'outcome'; outcome: PaymentOutcome; createdAt: number }
  /** refused before or instead of paying (e.g. clientReference already names another payment) */
  | { kind: 'refused'; code: ErrorCode; detail: string };

export interface IdempotencyRecord {
  clientId: string;
  key: string;
  /** SHA-256 of the request body's canonical JSON: the same key with another body is refused */
  requestHash: string;
  clientReference: string;
  /** final answer; absent while the first request is in flight or its outcome is still unknown */
  answer?: ApiAnswer;
  /** epoch ms until which the request holding the key is working on it; 0 = nobody */
  lockedUntil: number;
  createdAt: number;
}

/** One payment of one client: its clientReference names exactly one ledger payment. */
export interface ApiPaymentRef {
  clientId: string;
  clientReference: string;
  txnReferenceId: string;
  billerId: string;
  createdAt: number;
}

export interface ApiStore {
  /**
   * Inserts the key unless (clientId, key) exists (unique constraint, never check-then-insert), locked
   * until `lockedUntil`. Returns the stored row and whether this call created it.
   */
  claimKey(r: Omit<IdempotencyRecord, 'answer'>): Promise<{ created: boolean; record: IdempotencyRecord }>;
  /** Takes over a key whose holder let go or died: only while its lock still reads `expected`. */
  relockKey(clientId: string, key: string, expected: number, lockedUntil: number): Promise<boolean>;
  /** Stores the final answer and unlocks. */
  saveAnswer(clientId: string, key: string, answer: ApiAnswer): Promise<void>;
  /** Unlocks without an answer (outcome still unknown, or refused for a passing reason): a repeat works again. */
  unlockKey(clientId: string, key: string): Promise<void>;

  /**
   * Records a client's payment unless its clientReference or its txnReferenceId is recorded already
   * (unique constraints). Returns what is stored under the reference or, failing that, the txn.
   */
  claimReference(r: ApiPaymentRef): Promise<{ created: boolean; record: ApiPaymentRef }>;
  findReference(clientId: string, clientReference: string): Promise<ApiPaymentRef | undefined>;
  /**
   * A client's payments created in [from, before), oldest first, at most `limit`; `after` continues a
   * page: only those after (createdAt, clientReference).
   */
  listReferences(q: {
    clientId: string;
    from: number;
    before: number;
    limit: number;
    after?: { createdAt: number; clientReference: string };
  }): Promise<ApiPaymentRef[]>;
  close(): Promise<void>;
}
