// `npm run chaos -- --seed N --ops 5000`: the seeded fault simulation against the built service (issue
// 19, docs/chaos.md). Prints the seed first and last; exit 0 = every invariant held, 1 = a violation,
// 2 = the run could not be done.
import { randomInt } from 'node:crypto';
import { parseArgs, USAGE } from './args';
import { makePlan } from './plan';
import { epochLine, summary } from './report';
import { runChaos } from './run';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), () => randomInt(0, 2 ** 31));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const replay = `npm run chaos -- --seed ${args.seed} --ops ${args.ops}` + (args.epochSize !== 50 ? ` --epoch ${args.epochSize}` : '') + (args.batchSize !== 8 ? ` --batch ${args.batchSize}` : '') + (args.selfTest ? ' --self-test' : '');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`chaos seed ${args.seed} (replay: ${replay})`);
  if (args.planOnly) {
    say(JSON.stringify(makePlan(args), null, 1));
    say(`chaos seed ${args.seed}`);
    return 0;
  }
  let code: number;
  try {
    const plan = makePlan(args);
    if (args.selfTest) say('self-test: a double post will be forged in DIGIT after the first epoch; the run must end VIOLATED (exit 1)');
    const result = await runChaos({ ...args, onEpoch: (e) => say(epochLine(e, plan.epochs.length)) });
    for (const line of summary(result)) say(line);
    if (args.keep) say(`kept: ${result.dir} (ledger.db, service.log)`);
    code = result.violations.length === 0 ? 0 : 1;
    say(`chaos seed ${args.seed}: ${code === 0 ? 'OK' : 'VIOLATED'} (replay: ${replay})`);
  } catch (e) {
    process.stderr.write(`the run could not be done: ${(e as Error)?.stack ?? e}\n`);
    say(`chaos seed ${args.seed}: NOT RUN (replay: ${replay})`);
    code = 2;
  }
  return code;
}

main().then((code) => process.exit(code), () => process.exit(2));
