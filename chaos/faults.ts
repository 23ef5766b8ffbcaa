// Applies a plan's fault steps: DIGIT faults and token loss in the sandbox, callback failures in the CU.
import type { CuSimulator } from '../src/simulators/bbps-cu';
import type { DigitSandbox } from '../src/simulators/digit';
import type { FaultAction } from './plan';

export function describeFault(a: FaultAction): string {
  switch (a.type) {
    case 'digit':
      return `digit:${a.spec.route}/${a.spec.mode}${a.spec.latencyMs ? `+${a.spec.latencyMs}ms` : ''}×${a.spec.times ?? '∞'}`;
    case 'cu':
      return `cu:${a.misbehaviour.mode}×${a.misbehaviour.times ?? '∞'}`;
    case 'tokens':
      return 'digit:token-loss';
    case 'lateCommit':
      return `digit:late-commit+${a.ms}ms`;
    case 'clear':
      return 'clear';
  }
}

export function applyFault(a: FaultAction, sandbox: DigitSandbox, cu: CuSimulator): void {
  if (a.type === 'digit') sandbox.setFault(a.spec);
  else if (a.type === 'tokens') sandbox.expireTokens();
  else if (a.type === 'lateCommit') sandbox.setCreateCommitDelay(a.ms);
  else if (a.type === 'cu') cu.misbehave(a.misbehaviour);
  else clearAll(sandbox, cu);
}

/** DIGIT healthy, the CU well-behaved: before an epoch is settled and checked. */
export function clearAll(sandbox: DigitSandbox, cu: CuSimulator): void {
  sandbox.clearFaults();
  sandbox.setCreateCommitDelay(0);
  cu.behave();
}
