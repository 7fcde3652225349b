/**
 * The Helm chart (deploy/helm/order-processing), checked without a cluster: `helm lint`, `helm template`
 * for several sets of values, every rendered manifest validated against the API schemas of a current
 * Kubernetes version (kubernetes-validate, strict), and the pieces that must fit together: probes on
 * ports that exist, selectors that match pods, grace periods that cover the worker's shutdown, the
 * migration hook, the alert rules identical to deploy/prometheus/alerts.yml, and only settings the app
 * really reads. Helm and kubernetes-validate come from `make deploy-tools` (run by `make test`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { KUBERNETES_VERSION, resolveHelm, resolveKubernetesValidate } from '../../src/dev/deploy-tools.js';
import { parseDuration } from '../../src/shared/duration.js';
import { WORKER_SHUTDOWN_GRACE } from '../../src/temporal/worker.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHART = join(root, 'deploy/helm/order-processing');
const run = promisify(execFile);

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- each kind has its own shape; the checks read what they need
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const MINIMAL = { secret: { values: { DATABASE_URL: 'postgres://orders:secret@postgres:5432/orders', AUTH_JWT_SECRET: 'x'.repeat(40) } } };
const FULL = {
  image: { repository: 'registry.example.com/order-processing', tag: '1.2.3' },
  config: { LOG_LEVEL: 'warn', CODEC_CORS_ORIGINS: 'https://temporal-ui.example.com', RATE_LIMIT_PER_MINUTE: 600 },
  secret: { existingSecret: 'order-processing-secrets' },
  payloadEncryption: { existingSecret: 'order-processing-payload-keys', key: 'ring' },
  api: { autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 12 } },
  worker: { autoscaling: { enabled: true }, terminationGracePeriodSeconds: 45 },
  metrics: { serviceMonitor: { enabled: true, labels: { release: 'prometheus' } }, prometheusRule: { enabled: true }, tokenSecretKey: 'METRICS_TOKEN' },
  extraEnv: [{ name: 'TEMPORAL_TLS', value: 'true' }],
};
const NO_MIGRATION_JOB = { ...MINIMAL, migrations: { enabled: false } };

let helm: string;
let validator: string;
let scratch: string;

async function render(values: object): Promise<Manifest[]> {
  const file = join(scratch, `values-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, stringify(values));
  const { stdout } = await run(helm, ['template', 'orders', CHART, '--namespace', 'shop', '--kube-version', KUBERNETES_VERSION, '-f', file], {
    maxBuffer: 16 << 20,
  });
  return parseAllDocuments(stdout)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

const find = (manifests: Manifest[], kind: string, nameEnd: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name.endsWith(nameEnd));
  expect(found, `${kind} *${nameEnd}`).toBeDefined();
  return found!;
};
const podSpec = (manifests: Manifest[], role: string) => find(manifests, 'Deployment', `-${role}`).spec.template.spec;
const container = (manifests: Manifest[], role: string) => podSpec(manifests, role).containers[0];

/** Validates every manifest Kubernetes itself defines; returns kubernetes-validate's exit code and output. */
async function validate(manifests: Manifest[]): Promise<{ code: number; output: string }> {
  const file = join(scratch, `rendered-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, manifests.map((m) => stringify(m)).join('---\n'));
  try {
    const { stdout, stderr } = await run(validator, ['--kubernetes-version', KUBERNETES_VERSION, '--strict', '--quiet', file]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

beforeAll(async () => {
  const [foundHelm, foundValidator] = await Promise.all([resolveHelm({ build: false }), resolveKubernetesValidate({ install: false })]);
  if (!foundHelm || !foundValidator) throw new Error('Helm or kubernetes-validate is missing: run `make deploy-tools` (make test does) before these tests.');
  [helm, validator] = [foundHelm, foundValidator];
  scratch = await mkdtemp(join(tmpdir(), 'helm-test-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the Helm chart', () => {
  it('passes helm lint --strict with minimal and full values, and refuses to render without a database', async () => {
    for (const values of [MINIMAL, FULL, NO_MIGRATION_JOB]) {
      const file = join(scratch, 'lint.yaml');
      await writeFile(file, stringify(values));
      const { stdout } = await run(helm, ['lint', CHART, '--strict', '--kube-version', KUBERNETES_VERSION, '-f', file]);
      expect(stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    }
    await expect(render({})).rejects.toThrow(/secret.values.DATABASE_URL is required/);
  });

  it(`renders manifests that satisfy the Kubernetes ${KUBERNETES_VERSION} API schemas (strict: no unknown fields)`, async () => {
    for (const values of [MINIMAL, FULL, NO_MIGRATION_JOB]) {
      const manifests = await render(values);
      const { code, output } = await validate(manifests);
      expect(code, output).toBe(0);
      // Every kind Kubernetes defines was checked; only the Prometheus Operator's custom resources are left to the checks below.
      const unchecked = [...output.matchAll(/Couldn't find schema for kind (\w+)/g)].map((match) => match[1]);
      expect(new Set(unchecked)).toEqual(new Set(values === FULL ? ['ServiceMonitor', 'PrometheusRule'] : []));
    }
    // The validator does reject what a cluster would: an unknown field, a string where a number goes.
    const broken = await render(MINIMAL);
    podSpec(broken, 'worker').terminationGracePeriod = 30;
    expect((await validate(broken)).code).not.toBe(0);
    const mistyped = await render(MINIMAL);
    find(mistyped, 'Deployment', '-api').spec.replicas = 'two';
    expect((await validate(mistyped)).code).not.toBe(0);
  });

  it('runs the API and the worker from one image, with probes on ports they declare; the worker probes its own state', async () => {
    const manifests = await render(FULL);
    for (const role of ['api', 'worker']) {
      const main = container(manifests, role);
      expect(main.image).toBe('registry.example.com/order-processing:1.2.3');
      expect(main.args).toEqual([role]);
      const ports = new Set(main.ports.map((port: { name: string }) => port.name));
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(ports.has(main[probe].httpGet.port), `${role} ${probe}`).toBe(true);
      expect(main.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(podSpec(manifests, role).securityContext).toMatchObject({ runAsNonRoot: true });
    }
    const worker = container(manifests, 'worker');
    expect([worker.livenessProbe.httpGet.path, worker.readinessProbe.httpGet.path]).toEqual(['/healthz', '/readyz']);
    expect(worker.livenessProbe.httpGet.port).toBe('metrics');
  });

  it('gives the worker at least its shutdown grace before the kill, and the API time beyond its pre-stop pause', async () => {
    const graceSeconds = parseDuration(WORKER_SHUTDOWN_GRACE)! / 1000;
    for (const values of [MINIMAL, FULL]) {
      const manifests = await render(values);
      // The grace covers running activities; a few seconds more close the connections and flush telemetry.
      expect(podSpec(manifests, 'worker').terminationGracePeriodSeconds).toBeGreaterThanOrEqual(graceSeconds + 5);
      const api = podSpec(manifests, 'api');
      expect(api.terminationGracePeriodSeconds).toBeGreaterThan(api.containers[0].lifecycle.preStop.sleep.seconds + 5);
    }
  });

  it('migrates in a pre-install/pre-upgrade Job, so the API skips its own start-up migration', async () => {
    const manifests = await render(MINIMAL);
    const job = find(manifests, 'Job', '-migrate');
    expect(job.metadata.annotations!['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(job.spec.template.spec.containers[0].args).toEqual(['migrate', 'up']);
    const env = (role: string) => Object.fromEntries(container(manifests, role).env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env('api').MIGRATE_ON_START).toBe('false');
    // The Job reads DATABASE_URL from the Secret, which therefore exists before it (a hook of lower weight).
    const secret = find(manifests, 'Secret', '-secret');
    expect(Number(secret.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations!['helm.sh/hook-weight']));
    expect(job.spec.template.spec.containers[0].envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);

    const withoutJob = await render(NO_MIGRATION_JOB);
    expect(withoutJob.some((m) => m.kind === 'Job')).toBe(false);
    expect(Object.fromEntries(container(withoutJob, 'api').env.map((e: { name: string; value: string }) => [e.name, e.value])).MIGRATE_ON_START).toBe('true');
  });

  it('scales both roles with HPAs (the Deployments then leave replicas to them) and bounds disruptions with PDBs that select their pods', async () => {
    const manifests = await render(FULL);
    for (const role of ['api', 'worker']) {
      const deployment = find(manifests, 'Deployment', `-${role}`);
      expect(deployment.spec.replicas, role).toBeUndefined();
      expect(find(manifests, 'HorizontalPodAutoscaler', `-${role}`).spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deployment.metadata.name,
      });
      const selector = find(manifests, 'PodDisruptionBudget', `-${role}`).spec.selector.matchLabels;
      expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
      expect(deployment.spec.selector.matchLabels).toEqual(selector);
    }
    expect(find(manifests, 'HorizontalPodAutoscaler', '-api').spec).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    const fixed = await render(MINIMAL);
    expect(fixed.some((m) => m.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(find(fixed, 'Deployment', '-worker').spec.replicas).toBe(2);
  });

  it('is scraped by a ServiceMonitor that finds both roles as job="api" and job="worker" (what the alert rules select)', async () => {
    const manifests = await render(FULL);
    const monitor = find(manifests, 'ServiceMonitor', '');
    expect(monitor.metadata.labels).toMatchObject({ release: 'prometheus' });
    const [endpoint] = monitor.spec.endpoints;
    expect(endpoint.relabelings).toEqual([{ sourceLabels: ['__meta_kubernetes_service_label_app_kubernetes_io_component'], targetLabel: 'job' }]);
    expect(endpoint.authorization.credentials).toEqual({ name: 'order-processing-secrets', key: 'METRICS_TOKEN' });
    for (const role of ['api', 'worker']) {
      const service = find(manifests, 'Service', `-${role}`);
      expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
      expect(monitor.spec.selector.matchExpressions[0].values).toContain(service.metadata.labels!['app.kubernetes.io/component']);
      expect(service.spec.ports.map((port: { name: string }) => port.name)).toContain(endpoint.port);
      const pods = find(manifests, 'Deployment', `-${role}`).spec.template.metadata.labels;
      expect(pods).toMatchObject(service.spec.selector);
    }
    const rules = await readFile(join(root, 'deploy/prometheus/alerts.yml'), 'utf8');
    expect(rules).toMatch(/job="api"/);
    expect(rules).toMatch(/job="worker"/);
  });

  it('carries the alert rules of deploy/prometheus/alerts.yml unchanged, Prometheus templates included', async () => {
    const source = await readFile(join(root, 'deploy/prometheus/alerts.yml'), 'utf8');
    // The chart can only read files inside itself: files/alerts.yml is a copy `make generate` keeps current.
    expect(await readFile(join(CHART, 'files/alerts.yml'), 'utf8'), 'files/alerts.yml is stale: run make generate').toBe(source);
    const rule = find(await render(FULL), 'PrometheusRule', '');
    expect(rule.spec).toEqual(parse(source));
    expect(JSON.stringify(rule.spec)).toContain('{{ $labels.instance }}');
  });

  it('sets only settings the app reads, and takes secrets from a Secret and the key ring from a mounted file', async () => {
    const sources = await sourceText(join(root, 'src'));
    const manifests = await render({ ...FULL, secret: MINIMAL.secret });
    const names = new Set<string>([
      ...Object.keys(find(manifests, 'ConfigMap', '-config').data ?? {}),
      ...Object.keys(find(manifests, 'Secret', '-secret').stringData ?? {}),
      ...['api', 'worker'].flatMap((role) => container(manifests, role).env.map((e: { name: string }) => e.name)),
    ]);
    names.delete('TEMPORAL_TLS'); // the test's own extraEnv entry
    // Read as read.x('NAME') or env.NAME; NAME_FILE is the file variant of a secret read as NAME. The
    // Temporal connection's variables are read by @temporalio/envconfig (src/temporal/connection.ts).
    const byEnvconfig = (name: string) => /^TEMPORAL_(ADDRESS|NAMESPACE|API_KEY|PROFILE|CONFIG_FILE|TLS(_.+)?|GRPC_META_.+)$/.test(name);
    const reads = (name: string) => byEnvconfig(name) || sources.includes(`'${name}'`) || sources.includes(`env.${name}`);
    const unknown = [...names].filter((name) => !(reads(name) || (name.endsWith('_FILE') && reads(name.slice(0, -5)) && sources.includes('`${name}_FILE`'))));
    expect(unknown).toEqual([]);

    // What each container gets is a configuration its role starts with (the api role refuses more than the worker).
    const minimal = await render(MINIMAL);
    for (const role of ['api', 'worker'] as const) {
      const env = {
        ...find(minimal, 'ConfigMap', '-config').data,
        ...find(minimal, 'Secret', '-secret').stringData,
        ...Object.fromEntries(container(minimal, role).env.map((e: { name: string; value: string }) => [e.name, e.value])),
      };
      expect(() => loadConfig(env, role), role).not.toThrow();
    }
    const job = find(minimal, 'Job', '-migrate').spec.template.spec.containers[0];
    expect(() => loadConfig({ ...find(minimal, 'Secret', '-secret').stringData, NODE_ENV: 'production' }, 'tool'), 'the migration Job').not.toThrow();
    expect(job.env).toEqual([{ name: 'NODE_ENV', value: 'production' }]);

    const worker = container(manifests, 'worker');
    const keysFile = worker.env.find((e: { name: string }) => e.name === 'PAYLOAD_ENCRYPTION_KEYS_FILE').value;
    const mount = worker.volumeMounts.find((m: { name: string }) => m.name === 'payload-encryption');
    expect(keysFile).toBe(`${mount.mountPath}/ring`);
    expect(podSpec(manifests, 'worker').volumes.find((v: { name: string }) => v.name === 'payload-encryption').secret.secretName).toBe(
      'order-processing-payload-keys',
    );
    expect(worker.envFrom.map((source: object) => Object.keys(source)[0])).toEqual(['configMapRef', 'secretRef']);
  });
});

async function sourceText(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n');
}
