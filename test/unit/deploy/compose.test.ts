import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/env';
import { SANDBOX_USER } from '../../../src/simulators/digit/auth/users';
import { appDefault, appEnvNames, loadCompose, readText, ROOT, sandboxEnvNames, sourceOf, type ComposeService } from './deploy-files';
import { closedPort, runNode, statusServer } from './run-node';

const { services, volumes } = loadCompose();
const env = (s: ComposeService): Record<string, string> =>
  Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
const builtHere = Object.entries(services).filter(([, s]) => s.build !== undefined);
const adapters = builtHere.filter(([name]) => name.startsWith('adapter'));
const seconds = (d: string): number => {
  const m = /^(\d+)(s|m)$/.exec(d);
  if (!m) throw new Error(`unsupported duration ${d}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
};

describe('docker-compose.yml', () => {
  it('has postgres 15 with a pg_isready healthcheck on a named volume', () => {
    const pg = services.postgres;
    expect(pg.image).toBe('postgres:15');
    expect(pg.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready']));
    const volume = pg.volumes?.[0].split(':')[0];
    expect(Object.keys(volumes ?? {})).toContain(volume);
  });

  it('builds every service of ours from this repository into one image tag', () => {
    expect(builtHere.map(([n]) => n)).toEqual(expect.arrayContaining(['digit-sandbox', 'adapter']));
    for (const [, s] of builtHere) expect(s.build).toBe('.');
    expect(new Set(builtHere.map(([, s]) => s.image)).size).toBe(1);
  });

  it('runs the standalone sandbox entry point, reachable from other containers', () => {
    const sandbox = services['digit-sandbox'];
    const command = sandbox.command as string[];
    expect(command).toEqual(['node', 'dist/src/simulators/digit/main.js']);
    const pkg = JSON.parse(readText('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts['sandbox:digit']).toContain(command.join(' '));
    expect(existsSync(join(ROOT, sourceOf(command[1])))).toBe(true);
    expect(env(sandbox).SANDBOX_HOST).toBe('0.0.0.0');
  });

  it('starts each adapter after a healthy postgres and a running sandbox', () => {
    for (const [, a] of adapters) {
      expect(a.depends_on?.postgres.condition).toBe('service_healthy');
      expect(['service_started', 'service_healthy']).toContain(a.depends_on?.['digit-sandbox'].condition);
    }
    expect(services.adapter.ports).toContain(`${appDefault('PORT')}:${appDefault('PORT')}`);
    // replicas beyond the first are opt-in
    for (const [name, a] of adapters.filter(([n]) => n !== 'adapter')) expect([name, a.profiles]).toEqual([name, ['replicas']]);
  });

  it("points DATABASE_URL at the postgres service with that service's credentials", () => {
    const pg = env(services.postgres);
    for (const [, a] of adapters) {
      const url = new URL(env(a).DATABASE_URL);
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect([decodeURIComponent(url.username), decodeURIComponent(url.password), url.pathname.slice(1)]).toEqual([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, pg.POSTGRES_DB]);
      expect(url.port || '5432').toBe('5432');
    }
  });

  it("points DIGIT_URL at the sandbox's port with the sandbox's login", () => {
    for (const [, a] of adapters) {
      const e = env(a);
      const url = new URL(e.DIGIT_URL);
      expect([url.hostname, url.port]).toEqual(['digit-sandbox', env(services['digit-sandbox']).SANDBOX_PORT]);
      expect([e.DIGIT_USERNAME, e.DIGIT_PASSWORD, e.DIGIT_LOGIN_TENANT]).toEqual([SANDBOX_USER.username, SANDBOX_USER.password, SANDBOX_USER.tenantId]);
    }
  });

  it("gives each adapter an environment the app's config accepts", () => {
    for (const [, a] of adapters) {
      const config = loadConfig(env(a));
      expect(config.port).toBe(appDefault('PORT'));
      expect(config.databaseUrl).toMatch(/^postgres:\/\//);
      expect(config.digitUrl).toBe('http://digit-sandbox:8091');
      // the stop grace outlasts the longest sync request, so SIGTERM can drain it
      expect(seconds(a.stop_grace_period ?? '10s') * 1000).toBeGreaterThan(config.syncDeadlineMs);
    }
  });

  it('uses only documented environment variables in the services built here', () => {
    const known = new Set([...appEnvNames(), ...sandboxEnvNames()]);
    expect(known).toContain('DATABASE_URL');
    expect(known).toContain('SANDBOX_HOST');
    for (const [name, s] of builtHere) {
      for (const key of Object.keys(s.environment ?? {})) expect([name, key, known.has(key)]).toEqual([name, key, true]);
    }
  });

  describe("the sandbox's health-check command, run", () => {
    const argv = (): string[] => {
      const test = services['digit-sandbox'].healthcheck?.test ?? [];
      expect(test[0]).toBe('CMD');
      return test.slice(1);
    };

    it('passes when SANDBOX_PORT accepts connections and fails when nothing listens', async () => {
      const s = await statusServer(200);
      try {
        expect(await runNode(argv(), { SANDBOX_PORT: String(s.port) })).toBe(0);
      } finally {
        await s.close();
      }
      expect(await runNode(argv(), { SANDBOX_PORT: String(await closedPort()) })).toBe(1);
    });
  });
});
