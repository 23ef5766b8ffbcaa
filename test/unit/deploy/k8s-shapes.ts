// The parts of the Kubernetes objects the deploy tests read (not the full API types).
export interface Probe {
  httpGet?: { path: string; port: string | number };
}
export interface EnvVar {
  name: string;
  value?: unknown;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
export interface Container {
  name: string;
  image: string;
  ports: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean; runAsUser?: number };
}
export interface Volume {
  name: string;
  configMap?: { name: string; items?: Array<{ key: string; path: string }> };
  secret?: { secretName: string; items?: Array<{ key: string; path: string }> };
  emptyDir?: Record<string, unknown>;
}
export interface Deployment {
  metadata: { name: string };
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        containers: Container[];
        volumes?: Volume[];
        terminationGracePeriodSeconds?: number;
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
      };
    };
  };
}
export interface Service {
  spec: { selector: Record<string, string>; ports: Array<{ name?: string; port: number; targetPort: string | number }> };
}
export interface Hpa {
  apiVersion: string;
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: Array<{ type: string; resource?: { name: string; target: { type: string; averageUtilization?: number } } }>;
  };
}
export interface Pdb {
  apiVersion: string;
  spec: { minAvailable?: number | string; selector: { matchLabels: Record<string, string> } };
}
export interface ConfigMap {
  metadata: { name: string };
  data: Record<string, unknown>;
}
export interface Secret {
  metadata: { name: string };
  stringData?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

/** Whether `labels` carries every selector label. */
export const selects = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
