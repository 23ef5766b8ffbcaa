import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  appDefault,
  dockerIgnores,
  dockerignorePatterns,
  execForm,
  parseDockerfile,
  readText,
  ROOT,
  sourceOf,
  type Instruction,
} from './deploy-files';
import { closedPort, runNode, statusServer } from './run-node';

const instructions = parseDockerfile(readText('Dockerfile'));
const lastStage = Math.max(...instructions.map((i) => i.stage));
const runtime = instructions.filter((i) => i.stage === lastStage);
const build = instructions.filter((i) => i.stage < lastStage);
const one = (list: Instruction[], keyword: string): Instruction => {
  const found = list.filter((i) => i.keyword === keyword);
  expect(found).toHaveLength(1);
  return found[0];
};

/** HEALTHCHECK [options] CMD ["node", …] → argv */
function healthcheckArgv(): string[] {
  const m = /^(?:--\S+\s+)*CMD\s+(.*)$/s.exec(one(runtime, 'HEALTHCHECK').args);
  const argv = m && execForm(m[1]);
  if (!argv) throw new Error('HEALTHCHECK must be CMD in exec form');
  return argv;
}

describe('Dockerfile', () => {
  it('is multi-stage, every stage FROM node:24-slim', () => {
    const froms = instructions.filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f.args.split(/\s+/)[0]).toBe('node:24-slim');
  });

  it('builds with npm ci and tsc -b, then keeps production dependencies only', () => {
    const runs = build.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    const at = (re: RegExp) => runs.findIndex((r) => re.test(r));
    expect(at(/\bnpm ci\b/)).toBeGreaterThanOrEqual(0);
    expect(at(/\btsc -b\b/)).toBeGreaterThan(at(/\bnpm ci\b/));
    expect(at(/\bnpm (prune|ci) .*--omit=dev\b/)).toBeGreaterThan(at(/\btsc -b\b/));
    // the lockfile is what npm ci installs from
    expect(build.some((i) => i.keyword === 'COPY' && /\bpackage-lock\.json\b/.test(i.args))).toBe(true);
  });

  it("runs the start script's entry point with the image's node, never npm", () => {
    const cmd = execForm(one(runtime, 'CMD').args)!;
    expect(cmd[0]).toBe('node');
    expect(cmd.at(-1)).toBe('dist/src/main.js');
    // the same node flags and entry point as `npm start`, minus npm and its prestart compile
    const pkg = JSON.parse(readText('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start.trim().split(/\s+/)).toEqual(cmd);
    expect(existsSync(join(ROOT, sourceOf(cmd.at(-1)!)))).toBe(true);
    expect(runtime.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);
    for (const i of runtime.filter((x) => ['CMD', 'HEALTHCHECK'].includes(x.keyword))) expect(i.args).not.toMatch(/\bnpm\b/);
  });

  it("exposes the app's default PORT and sets it, with NODE_ENV=production", () => {
    const port = appDefault('PORT');
    expect(one(runtime, 'EXPOSE').args).toBe(String(port));
    const env = runtime.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(new RegExp(`(^|\\s)PORT=${port}(\\s|$)`));
    expect(env).toMatch(/(^|\s)NODE_ENV=production(\s|$)/);
  });

  it('runs as a non-root user in /app with a writable data volume, stopping on SIGTERM', () => {
    const user = one(runtime, 'USER').args.split(':')[0];
    expect(['root', '0', '']).not.toContain(user);
    expect(runtime.findIndex((i) => i.keyword === 'USER')).toBeLessThan(runtime.findIndex((i) => i.keyword === 'CMD'));
    expect(one(runtime, 'WORKDIR').args).toBe('/app');
    expect(execForm(one(runtime, 'VOLUME').args)).toEqual(['/app/data']);
    // created and handed to the runtime user before USER switches away from root
    expect(runtime.some((i) => i.keyword === 'RUN' && /chown\s+node(:node)?\s+\/app\/data/.test(i.args))).toBe(true);
    expect(one(runtime, 'STOPSIGNAL').args).toBe('SIGTERM');
  });

  it('copies compiled code, production node_modules and config from places that exist', () => {
    const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toEqual(expect.arrayContaining([expect.stringMatching(/--from=build \/app\/dist\/src /), expect.stringMatching(/--from=build \/app\/node_modules /)]));
    expect(copies.some((c) => /^config\s/.test(c) || /\/app\/config\s/.test(c))).toBe(true);
    expect(existsSync(join(ROOT, 'config/billers.json'))).toBe(true);
  });

  it('health-checks /health/live with node itself (no curl in slim)', () => {
    const argv = healthcheckArgv();
    expect(argv.slice(0, 2)).toEqual(['node', '-e']);
    expect(argv[2]).toContain('/health/live');
  });

  describe('its health-check command, run', () => {
    it('passes on 200 at /health/live of PORT', async () => {
      const s = await statusServer(200);
      try {
        expect(await runNode(healthcheckArgv(), { PORT: String(s.port) })).toBe(0);
        expect(s.paths).toEqual(['/health/live']);
      } finally {
        await s.close();
      }
    });

    it('fails on 503 and when nothing listens', async () => {
      const s = await statusServer(503);
      try {
        expect(await runNode(healthcheckArgv(), { PORT: String(s.port) })).toBe(1);
      } finally {
        await s.close();
      }
      expect(await runNode(healthcheckArgv(), { PORT: String(await closedPort()) })).toBe(1);
    });
  });
});

describe('.dockerignore', () => {
  const patterns = dockerignorePatterns();

  it('keeps local state, build output, test and bench results and keys out of the context', () => {
    for (const p of ['node_modules/x/index.js', 'dist/src/main.js', 'data/ledger.db', '.git/HEAD', 'coverage/lcov.info', 'bench/results/run.json', 'config/keys/bbps.pem', 'our.key', 'test-results/junit.xml']) {
      expect([p, dockerIgnores(patterns, p)]).toEqual([p, true]);
    }
  });

  it('keeps everything the Dockerfile copies from the context', () => {
    const instr = parseDockerfile(readText('Dockerfile'));
    const fromContext = instr
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1));
    expect(fromContext).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'config']));
    for (const p of [...fromContext, 'src/main.ts', 'config/billers.json']) {
      expect([p, existsSync(join(ROOT, p)), dockerIgnores(patterns, p)]).toEqual([p, true, false]);
    }
  });
});
