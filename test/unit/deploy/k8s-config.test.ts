import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { parseBillers } from '../../../src/billers/load';
import { loadBootConfig } from '../../../src/config/boot';
import { loadConfig } from '../../../src/config/env';
import { appEnvNames, findObject, loadManifests, readText } from './deploy-files';
import type { ConfigMap, Deployment, Hpa, Secret } from './k8s-shapes';

const docs = loadManifests();
const deployment = findObject<Deployment>(docs, 'Deployment');
const container = deployment.spec.template.spec.containers[0];
const volumes = deployment.spec.template.spec.volumes ?? [];
const secret = findObject<Secret>(docs, 'Secret');
const secretData = secret.stringData ?? {};
const configMap = (name: string) => findObject<ConfigMap>(docs, 'ConfigMap', name);

/** Files a volume puts in the container: absolute path → where its content comes from. */
function mountedFiles(): Map<string, { kind: 'configMap' | 'secret'; source: string; key: string }> {
  const files = new Map<string, { kind: 'configMap' | 'secret'; source: string; key: string }>();
  for (const m of container.volumeMounts ?? []) {
    const v = volumes.find((x) => x.name === m.name);
    const src = v?.configMap ? { kind: 'configMap' as const, source: v.configMap.name, items: v.configMap.items } : v?.secret ? { kind: 'secret' as const, source: v.secret.secretName, items: v.secret.items } : undefined;
    for (const item of src?.items ?? []) files.set(posix.join(m.mountPath, item.path), { kind: src!.kind, source: src!.source, key: item.key });
  }
  return files;
}

/** The environment the pod sees: literal values, ConfigMap/Secret references and envFrom resolved. */
function podEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) for (const [k, v] of Object.entries(configMap(from.configMapRef.name).data)) env[k] = String(v);
  }
  for (const e of container.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    const sk = e.valueFrom?.secretKeyRef;
    if (cm) env[e.name] = String(configMap(cm.name).data[cm.key]);
    else if (sk) env[e.name] = String(findObject<Secret>(docs, 'Secret', sk.name).stringData?.[sk.key]);
    else env[e.name] = String(e.value);
  }
  return env;
}

describe('Kubernetes configuration', () => {
  // a bank puts its own billers in the ConfigMap: what must hold is that the app accepts them
  it('mounts a billers ConfigMap that the billers schema accepts and points BILLERS_FILE at it', () => {
    const file = mountedFiles().get(podEnv().BILLERS_FILE);
    expect(file?.kind).toBe('configMap');
    const data = String(configMap(file!.source).data[file!.key]);
    const billers = parseBillers(JSON.parse(data), 'ConfigMap');
    expect(billers.length).toBeGreaterThan(0);
  });

  it('the same schema check refuses a broken ConfigMap (so the test above can fail)', () => {
    const file = mountedFiles().get(podEnv().BILLERS_FILE);
    const json = JSON.parse(String(configMap(file!.source).data[file!.key])) as { billers: Array<Record<string, unknown>> };
    json.billers[0] = { ...json.billers[0], paymentAmountExactness: 'SOMETIMES' };
    expect(() => parseBillers(json, 'ConfigMap')).toThrow(/paymentAmountExactness/);
  });

  it('ships the Secret as a stringData template, every value clearly a placeholder', () => {
    expect(secret.data).toBeUndefined();
    expect(Object.keys(secretData).sort()).toEqual(['bbps-cu-cert.pem', 'bbps-signing-key.pem', 'console-session-secret', 'database-url', 'digit-password', 'operators.json']);
    for (const [k, v] of Object.entries(secretData)) expect([k, String(v)]).toEqual([k, expect.stringContaining('REPLACE_ME')]);
  });

  it('mounts the keys and the DIGIT password as files and points the *_FILE variables at them', () => {
    const env = podEnv();
    const files = mountedFiles();
    for (const name of ['DIGIT_PASSWORD_FILE', 'BBPS_SIGNING_KEY_FILE', 'BBPS_CU_CERT_FILE', 'OPERATORS_FILE', 'CONSOLE_SESSION_SECRET_FILE']) {
      const file = files.get(env[name]);
      expect([name, file?.kind, file?.source]).toEqual([name, 'secret', secret.metadata.name]);
      expect(Object.keys(secretData)).toContain(file?.key);
    }
    // the password travels only as a file
    expect(env.DIGIT_PASSWORD).toBeUndefined();
  });

  it('references only Secret keys and ConfigMaps that exist', () => {
    for (const e of container.env ?? []) {
      const sk = e.valueFrom?.secretKeyRef;
      if (sk) expect([e.name, sk.name, Object.keys(secretData).includes(sk.key)]).toEqual([e.name, secret.metadata.name, true]);
    }
    for (const f of container.envFrom ?? []) expect(() => configMap(f.configMapRef!.name)).not.toThrow();
  });

  it('sets only documented environment variables', () => {
    const known = appEnvNames();
    for (const name of Object.keys(podEnv())) expect([name, known.has(name)]).toEqual([name, true]);
  });

  it('uses PostgreSQL, as several replicas require', () => {
    const hpa = findObject<Hpa>(docs, 'HorizontalPodAutoscaler');
    expect(Math.max(deployment.spec.replicas, hpa.spec.maxReplicas)).toBeGreaterThan(1);
    expect(podEnv().DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(readText('deploy/k8s/deployment.yaml')).toMatch(/REQUIRE[\s\S]*PostgreSQL/);
  });

  it("gives the app an environment its config accepts (mounted files in place)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-env-'));
    try {
      const env = podEnv();
      // put each mounted secret file where the test can read it, and point the variable there
      for (const [path, file] of mountedFiles()) {
        if (file.kind !== 'secret') continue;
        const local = join(dir, file.key);
        writeFileSync(local, String(secretData[file.key]));
        for (const [k, v] of Object.entries(env)) if (v === path) env[k] = local;
      }
      const config = loadConfig(env);
      expect(config.port).toBe(container.ports[0].containerPort);
      expect(config.digitUrl).toMatch(/^https:\/\//);
      expect(config.digitPassword).toBe('REPLACE_ME');
      expect(config.billersFile).toBe(podEnv().BILLERS_FILE);
      expect(config.host).toBe('0.0.0.0');
      // the Secret's placeholder keys stop the boot before any network call, each named with its file
      const billersFile = mountedFiles().get(env.BILLERS_FILE)!;
      const localBillers = join(dir, 'billers.json');
      writeFileSync(localBillers, String(configMap(billersFile.source).data[billersFile.key]));
      let problems: string[] = [];
      try {
        loadBootConfig({ ...env, BILLERS_FILE: localBillers });
      } catch (e) {
        problems = (e as { details: { problems: string[] } }).details.problems;
      }
      expect(problems).toEqual([
        `OPERATORS_FILE (${env.OPERATORS_FILE}): operator ops-01, field keySha256: must be 64 lower-case hex digits (the SHA-256 of the key)`,
        `BBPS_SIGNING_KEY_FILE (${env.BBPS_SIGNING_KEY_FILE}): not a PEM private key`,
        `BBPS_CU_CERT_FILE (${env.BBPS_CU_CERT_FILE}): not a PEM certificate or public key`,
        `CONSOLE_SESSION_SECRET_FILE (${env.CONSOLE_SESSION_SECRET_FILE}): must hold at least 32 characters (e.g. openssl rand -base64 48)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
