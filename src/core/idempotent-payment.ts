// A JSON API payment under an Idempotency-Key (design §3.4): the key is claimed with a unique
// constraint, then the payment goes through the same PayBill as a BBPS payment. The key only decides
// which answer an HTTP repeat gets; exactly-once in DIGIT is PayBill's, keyed by txnReferenceId.
import type { ApiAnswer, ApiPaymentRef, ApiStore } from './api-store';
import type { Logger } from './logger';
import type { PayBill } from './pay-bill';
import type { Clock } from './ports';
import type { PaymentRequest } from './types';

export interface ApiPaymentCommand {
  clientId: string;
  key: string;
  /** SHA-256 of the body's canonical JSON */
  requestHash: string;
  clientReference: string;
  /** the PaymentRequest PayBill gets, its txnReferenceId already decided (http/api/to-payment.ts) */
  request: PaymentRequest;
}

export interface ApiPaymentResult {
  /** the answer is not this request's own work: a stored answer, or another request's */
  replayed: boolean;
  answer: ApiAnswer;
}

export interface IdempotentPaymentDeps {
  store: ApiStore;
  payBill: PayBill;
  clock: Clock;
  log: Logger;
  /** how long a request holds its key: a holder that died frees it after this */
  lockMs: number;
}

const refused = (code: 'IDEMPOTENCY_KEY_REUSED' | 'IDEMPOTENCY_KEY_IN_FLIGHT' | 'CLIENT_REFERENCE_REUSED' | 'TXN_REFERENCE_TAKEN', detail: string): ApiAnswer =>
  ({ kind: 'refused', code, detail });

export class IdempotentPayment {
  /** keys this process is answering: a concurrent copy here gets the one answer instead of a 409 */
  private readonly inFlight = new Map<string, Promise<ApiAnswer>>();

  constructor(private readonly deps: IdempotentPaymentDeps) {}

  async execute(cmd: ApiPaymentCommand, deadline: number): Promise<ApiPaymentResult> {
    const { store, clock, lockMs } = this.deps;
    const slot = `${cmd.clientId}\u0000${cmd.key}`;
    const now = clock.now();
    const { created, record } = await store.claimKey({
      clientId: cmd.clientId, key: cmd.key, requestHash: cmd.requestHash, clientReference: cmd.clientReference,
      lockedUntil: now + lockMs, createdAt: now,
    });
    if (created) return { replayed: false, answer: await this.run(slot, cmd, deadline) };
    if (record.requestHash !== cmd.requestHash) {
      return { replayed: false, answer: refused('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request body') };
    }
    if (record.answer) return { replayed: true, answer: record.answer };
    const mine = this.inFlight.get(slot);
    if (mine) return { replayed: true, answer: await mine };
    const inFlight = refused('IDEMPOTENCY_KEY_IN_FLIGHT', 'the first request with this Idempotency-Key is still being processed; repeat it shortly');
    if (record.lockedUntil > now) return { replayed: false, answer: inFlight };
    // the first request let go with its outcome unknown, or its process died: this one carries on
    if (!(await store.relockKey(cmd.clientId, cmd.key, record.lockedUntil, now + lockMs))) return { replayed: false, answer: inFlight };
    return { replayed: true, answer: await this.run(slot, cmd, deadline) };
  }

  private run(slot: string, cmd: ApiPaymentCommand, deadline: number): Promise<ApiAnswer> {
    const work = this.answer(cmd, deadline).finally(() => this.inFlight.delete(slot));
    this.inFlight.set(slot, work);
    return work;
  }

  private async answer(cmd: ApiPaymentCommand, deadline: number): Promise<ApiAnswer> {
    const { store, payBill, clock } = this.deps;
    try {
      const { record } = await store.claimReference({
        clientId: cmd.clientId, clientReference: cmd.clientReference, txnReferenceId: cmd.request.txnReferenceId,
        billerId: cmd.request.billerId, createdAt: clock.now(),
      });
      const clash = referenceClash(record, cmd);
      if (clash) {
        await store.saveAnswer(cmd.clientId, cmd.key, clash);
        return clash;
      }
      const outcome = await payBill.execute(cmd.request, deadline);
      const answer: ApiAnswer = { kind: 'outcome', outcome, createdAt: record.createdAt };
      // an unknown outcome is not an answer to keep: the next repeat asks PayBill again
      if (outcome.status === 'PENDING') await store.unlockKey(cmd.clientId, cmd.key);
      else await store.saveAnswer(cmd.clientId, cmd.key, answer);
      return answer;
    } catch (e) {
      // nothing was answered: a repeat of the key must be able to try again at once
      await store.unlockKey(cmd.clientId, cmd.key).catch((u: unknown) =>
        this.deps.log.warn('idempotency key could not be unlocked; it frees itself after its lock', { clientId: cmd.clientId, error: String(u) }));
      throw e;
    }
  }
}

/** A clientReference names one payment, and a BBPS transaction id belongs to one client's reference. */
function referenceClash(stored: ApiPaymentRef, cmd: ApiPaymentCommand): ApiAnswer | undefined {
  const sameReference = stored.clientId === cmd.clientId && stored.clientReference === cmd.clientReference;
  if (sameReference && stored.txnReferenceId === cmd.request.txnReferenceId) return undefined;
  if (sameReference) return refused('CLIENT_REFERENCE_REUSED', `clientReference ${cmd.clientReference} already names a payment with another transaction id`);
  return refused('TXN_REFERENCE_TAKEN', `transaction id ${cmd.request.txnReferenceId} belongs to another payment`);
}
