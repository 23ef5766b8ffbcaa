import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { appDefault, findObject, k8sFiles, K8S_DIR, loadManifests, parseDockerfile, readText } from './deploy-files';
import { selects, type ConfigMap, type Deployment, type Hpa, type Pdb, type Probe, type Service } from './k8s-shapes';

const docs = loadManifests();
const deployment = findObject<Deployment>(docs, 'Deployment');
const pod = deployment.spec.template;
const container = pod.spec.containers[0];
const http = container.ports.find((p) => p.name === 'http');

/** A probe's port, resolved through the container's named ports. */
const probePort = (probe: Probe | undefined): number | undefined => {
  const port = probe?.httpGet?.port;
  return typeof port === 'number' ? port : container.ports.find((p) => p.name === port)?.containerPort;
};

describe('Kubernetes manifests', () => {
  it('parse, each document a named object, and the kustomization lists every file', () => {
    expect(docs.length).toBeGreaterThanOrEqual(7);
    for (const { file, object } of docs) {
      expect([file, typeof object.apiVersion, typeof object.kind, typeof object.metadata?.name]).toEqual([file, 'string', 'string', 'string']);
    }
    const kustomization = parse(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as { kind: string; resources: string[] };
    expect(kustomization.kind).toBe('Kustomization');
    expect([...kustomization.resources].sort()).toEqual(k8sFiles().filter((f) => f !== 'kustomization.yaml'));
  });

  it("runs 2 replicas serving the app's default PORT, the Dockerfile's EXPOSE, on a port named http", () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.spec.containers).toHaveLength(1);
    const expose = parseDockerfile(readText('Dockerfile')).filter((i) => i.keyword === 'EXPOSE').map((i) => Number(i.args));
    expect(http?.containerPort).toBe(appDefault('PORT'));
    expect(expose).toEqual([http?.containerPort]);
    // an explicit PORT must agree with the container port
    const port = container.env?.find((e) => e.name === 'PORT');
    if (port) expect(port.value).toBe(String(http?.containerPort));
  });

  it('probes readiness at /health/ready and liveness (and startup) at /health/live on that port', () => {
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    if (container.startupProbe) expect(container.startupProbe.httpGet?.path).toBe('/health/live');
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe].filter(Boolean)) {
      expect(probePort(probe)).toBe(http?.containerPort);
    }
  });

  it("selects its own pods, and so do the Service (on the named port) and the PDB", () => {
    const labels = pod.metadata.labels;
    expect(selects(deployment.spec.selector.matchLabels, labels)).toBe(true);
    const service = findObject<Service>(docs, 'Service');
    expect(selects(service.spec.selector, labels)).toBe(true);
    for (const p of service.spec.ports) expect(p.targetPort).toBe('http');
    const pdb = findObject<Pdb>(docs, 'PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(selects(pdb.spec.selector.matchLabels, labels)).toBe(true);
  });

  it('scales the Deployment by name on CPU (autoscaling/v2), never below the PDB', () => {
    const hpa = findObject<Hpa>(docs, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.metrics).toEqual([expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) })]);
    expect(hpa.spec.minReplicas).toBeGreaterThan(1);
    expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
    // CPU utilisation is a share of the request: without one the HPA cannot compute it
    expect(container.resources?.requests?.cpu).toBeDefined();
  });

  it('runs non-root on a read-only root filesystem, /tmp an emptyDir, with requests and limits', () => {
    const podSc = pod.spec.securityContext ?? {};
    const sc = { ...podSc, ...container.securityContext };
    expect(sc.runAsNonRoot).toBe(true);
    expect(sc.runAsUser).toBeGreaterThan(0);
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.allowPrivilegeEscalation).toBe(false);
    const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
    expect(pod.spec.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
    for (const r of ['cpu', 'memory']) {
      expect(container.resources?.requests?.[r]).toBeDefined();
      expect(container.resources?.limits?.[r]).toBeDefined();
    }
  });

  it('outlasts the preStop pause plus the longest sync request before the kill', () => {
    const preStop = container.lifecycle?.preStop;
    const sleep = preStop?.sleep?.seconds ?? (preStop?.exec?.command[0] === 'sleep' ? Number(preStop.exec.command[1]) : NaN);
    expect(sleep).toBeGreaterThan(0);
    const envMap = findObject<ConfigMap>(docs, 'ConfigMap', container.envFrom?.[0].configMapRef?.name);
    const deadlineMs = Number(envMap.data.BBPS_SYNC_DEADLINE_MS ?? appDefault('BBPS_SYNC_DEADLINE_MS'));
    expect(deadlineMs).toBeGreaterThanOrEqual(1000);
    expect((pod.spec.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(sleep * 1000 + deadlineMs);
  });

  it('writes every env value and ConfigMap value as a string (Kubernetes refuses numbers there)', () => {
    for (const e of container.env ?? []) if (e.value !== undefined) expect([e.name, typeof e.value]).toEqual([e.name, 'string']);
    for (const { object } of docs.filter((d) => d.object.kind === 'ConfigMap')) {
      for (const [k, v] of Object.entries((object as unknown as ConfigMap).data)) expect([k, typeof v]).toEqual([k, 'string']);
    }
  });
});
