// `--self-test`: the check of the checker, end to end — a forged double post must end the run VIOLATED.
import { consumerParams } from './client';
import type { Journal } from './journal';
import type { World } from './world';

/**
 * The self-test: a second DIGIT payment under the transactionNumber of a payment already answered a
 * success (another bill, BBPS ids in additionalDetails) — what a double post would leave behind.
 */
export function forgeDoublePost(world: World, journal: Journal, spareConsumer: number): void {
  const txn = journal.syncAnswers.find((a) => a.reply.responseCode === '000')?.txn ?? [...journal.payments.values()].find((p) => p.answered)?.txn;
  if (!txn) throw new Error('self-test: no payment answered in the first epoch to double-post');
  world.sandbox.payElsewhere(
    { tenantId: 'pb.amritsar', businessService: 'PT', consumerCode: consumerParams(spareConsumer)['Property ID'] as string },
    { transactionNumber: txn, paymentMode: 'ONLINE', additionalDetails: { bbps: { txnReferenceId: txn } } },
  );
}
