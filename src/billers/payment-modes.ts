// Which DIGIT payment modes a biller may post with (reference §4.1, §4.7, §6.3). Exactly-once rests on
// finding our payment again by transactionNumber = txnReferenceId, and the client sends only an
// instrumentNumber and today's instrumentDate, never cheque/DD details.

/** Modes that keep our transactionNumber and need nothing beyond instrumentNumber/instrumentDate. */
export const USABLE_MODES: readonly string[] = ['ONLINE', 'CARD', 'ONLINE_NEFT', 'ONLINE_RTGS', 'OFFLINE_NEFT', 'OFFLINE_RTGS'];

/** Why each remaining DIGIT mode is refused at boot. */
export const REFUSED_MODES: Readonly<Record<string, string>> = {
  CASH: 'DIGIT replaces the transactionNumber of a CASH payment with its own id, so a payment could not be found again by txnReferenceId before a re-post (exactly-once would break)',
  CHEQUE: 'a CHEQUE payment needs cheque details (bank, date within 90 days) the BBPS request does not carry',
  DD: 'a DD payment needs demand-draft details the BBPS request does not carry',
  POSTAL_ORDER: 'a POSTAL_ORDER payment needs postal-order details the BBPS request does not carry',
};

/**
 * Modes DIGIT records as REMITTED at creation: its payment workflow cannot CANCEL them (§4.7), so a
 * reversal of such a payment goes to the operators without asking DIGIT. The other usable modes
 * (OFFLINE_NEFT, OFFLINE_RTGS) start APPROVED and can be cancelled while they stay so.
 */
export const REMITTED_AT_CREATION: readonly string[] = ['ONLINE', 'CARD', 'ONLINE_NEFT', 'ONLINE_RTGS'];

/** Undefined when usable, else the reason to refuse it. */
export function modeProblem(mode: string): string | undefined {
  if (USABLE_MODES.includes(mode)) return undefined;
  return REFUSED_MODES[mode] ?? `"${mode}" is not a DIGIT payment mode`;
}
