// `npm run chaos -- --seed N --ops N [--epoch N] [--batch N] [--keep] [--plan] [--self-test]`
export interface ChaosArgs {
  seed: number;
  ops: number;
  epochSize: number;
  batchSize: number;
  /** keep the temporary folder (ledger, service log, keys) */
  keep: boolean;
  /** print the plan as JSON and exit (nothing is started) */
  planOnly: boolean;
  /** the check of the checker: forge a double post in DIGIT after the first epoch (the run must exit 1) */
  selfTest: boolean;
}

export const USAGE = 'usage: npm run chaos -- [--seed N] [--ops N (500)] [--epoch N ops per epoch (50)] [--batch N concurrent ops (8)] [--keep] [--plan] [--self-test]';

export function parseArgs(argv: readonly string[], randomSeed: () => number): ChaosArgs {
  const out: ChaosArgs = { seed: Number.NaN, ops: 500, epochSize: 50, batchSize: 8, keep: false, planOnly: false, selfTest: false };
  const num = (name: string, v: string | undefined, min: number) => {
    if (v === undefined || !/^[0-9]+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < min) throw new Error(`${name} needs an integer ≥ ${min}, got ${v ?? 'nothing'}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') out.seed = num('--seed', argv[++i], 0);
    else if (a === '--ops') out.ops = num('--ops', argv[++i], 1);
    else if (a === '--epoch') out.epochSize = num('--epoch', argv[++i], 1);
    else if (a === '--batch') out.batchSize = num('--batch', argv[++i], 1);
    else if (a === '--keep') out.keep = true;
    else if (a === '--plan') out.planOnly = true;
    else if (a === '--self-test') out.selfTest = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (Number.isNaN(out.seed)) out.seed = randomSeed();
  return out;
}
