// What a run prints: one line per epoch while it runs, then the totals and the violations.
import type { EpochResult, RunResult } from './run';

const list = (r: Record<string, number>) => Object.entries(r).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
const rupees = (paise: number) => (paise / 100).toFixed(2);

export function epochLine(e: EpochResult, of: number): string {
  return `epoch ${e.index + 1}/${of}: ${e.ops} ops, faults [${e.faults.join(', ')}], kills ${e.kills}, settled in ${(e.settleMs / 1000).toFixed(1)} s, ` +
    `${e.violations.length} violation(s), ${(e.ms / 1000).toFixed(1)} s`;
}

export function summary(r: RunResult): string[] {
  const kills = Object.values(r.kills).reduce((a, b) => a + b, 0);
  const lines = [
    `ops: ${r.plan.ops} in ${r.epochs.length} epoch(s) (${list(r.ran)}; ${r.skipped} follow-up(s) skipped: target never acknowledged; ${r.clerkPaid} bill(s) paid by a counter clerk first)`,
    `requests: ${r.requests.attempts} HTTP attempts, ${r.requests.lost} lost to kills or dropped connections and retried`,
    `kills: ${kills} SIGKILL(s) of ${r.killsPlanned} planned (${list(r.kills)}), ${r.starts} service start(s)`,
    `faults: ${list(r.faults)}`,
    `DIGIT: ${r.digit.createCalls} _create calls, ${r.digit.createSucceeded} stored; ${r.digit.payments} BBPS payments, ₹${rupees(r.digit.sumPaise)}`,
    `ledger: ${r.ledger.payments} payments, ${r.ledger.success} SUCCESS (₹${rupees(r.ledger.sumPaise)} not reversed), ${r.ledger.failed} FAILED`,
    `checked: ${r.checked.forwardAnswers} final payment answers, ${r.checked.exchanges} async exchanges, ${r.checked.callbacks} callbacks; ` +
      `conflicting duplicates answered ${list(r.checked.conflicts)}; reversals answered ${list(r.checked.reversals)}`,
    `duration: ${(r.ms / 1000).toFixed(1)} s`,
  ];
  if (r.violations.length === 0) lines.push('invariants: all held (no payment twice, one answer per request, receipts, ledger = DIGIT)');
  else {
    lines.push(`VIOLATIONS: ${r.violations.length}`);
    for (const v of r.violations.slice(0, 50)) lines.push(`  ${v.rule}: ${v.detail}`);
    if (r.violations.length > 50) lines.push(`  … and ${r.violations.length - 50} more`);
  }
  return lines;
}
