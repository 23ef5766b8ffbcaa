// The validity gate (design §6): a run counts only if every successful payment answer is one ledger
// success and one DIGIT payment — same count, same sum — and no transactionNumber is in DIGIT twice.

export interface Totals {
  count: number;
  sumPaise: number;
}

export interface GateInput {
  /** payment answers with responseCode 000, and the paise they confirmed */
  answers: Totals;
  /** ledger rows in state SUCCESS (read after the adapter stopped) */
  ledger: Totals;
  /** sandbox payments whose transactionNumber is one of this run's adapter txnReferenceIds */
  sandbox: Totals;
  /** every transactionNumber stored in the sandbox (all sides, seeded history included) */
  transactionNumbers: readonly string[];
  /** payment requests the adapter was sent */
  paymentsSent: number;
}

export interface GateResult {
  ok: boolean;
  problems: string[];
  duplicates: string[];
}

export function checkGate(g: GateInput): GateResult {
  const problems: string[] = [];
  const same = (a: Totals, b: Totals) => a.count === b.count && a.sumPaise === b.sumPaise;
  const show = (t: Totals) => `${t.count} payments / ${t.sumPaise} paise`;
  if (g.answers.count === 0) problems.push('no payment was answered as successful');
  if (!same(g.answers, g.ledger)) problems.push(`successful answers (${show(g.answers)}) ≠ ledger successes (${show(g.ledger)})`);
  if (!same(g.answers, g.sandbox)) problems.push(`successful answers (${show(g.answers)}) ≠ DIGIT payments (${show(g.sandbox)})`);
  if (!same(g.ledger, g.sandbox)) problems.push(`ledger successes (${show(g.ledger)}) ≠ DIGIT payments (${show(g.sandbox)})`);
  const duplicates = findDuplicates(g.transactionNumbers);
  if (duplicates.length) problems.push(`${duplicates.length} transactionNumber(s) paid more than once in DIGIT, e.g. ${duplicates.slice(0, 3).join(', ')}`);
  if (g.answers.count < g.paymentsSent) {
    problems.push(`${g.paymentsSent - g.answers.count} of ${g.paymentsSent} payment requests were not answered as successful`);
  }
  return { ok: problems.length === 0, problems, duplicates };
}

export function findDuplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dup.add(v);
    else seen.add(v);
  }
  return [...dup];
}

export const addTotals = (a: Totals, b: Totals): Totals => ({ count: a.count + b.count, sumPaise: a.sumPaise + b.sumPaise });
