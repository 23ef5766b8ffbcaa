import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFlags } from '../../../bench/processes';

// the bench measures the adapter as `npm start` and the image run it: heap sizes included
describe('bench adapter node flags', () => {
  it("are the start script's, which the Dockerfile's CMD repeats", () => {
    const flags = startFlags();
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-semi-space-size=\d+$/), expect.stringMatching(/^--heap-growing-percent=\d+$/)]));
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(__dirname, '../../../Dockerfile'), 'utf8'))![1];
    const argv = JSON.parse(cmd) as string[];
    for (const f of flags) expect(argv).toContain(f);
  });
});
