/**
 * The monitoring files, checked without Docker: deploy/prometheus (scrape configuration, alert rules)
 * and deploy/grafana (data source, dashboard provider, dashboard) parse and fit together with
 * docker-compose.yml, every PromQL expression in them parses, and every metric they query is one the
 * services really export (a scrape of the real app after an order went through, plus the Temporal
 * SDK's metrics, listed below).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const readYaml = <T>(file: string) => parse(read(file), { merge: true }) as T;

// ---------------------------------------------------------------------------------------------------
// The files, typed as far as these checks read them.

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; type?: string; port?: number }[];
}
interface PrometheusConfig {
  rule_files?: string[];
  scrape_configs: ScrapeConfig[];
}
interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: AlertRule[] }[];
}
interface Datasource {
  uid?: string;
  type?: string;
  url?: string;
}
interface Target {
  refId?: string;
  expr?: string;
  datasource?: Datasource;
}
interface Panel {
  id?: number;
  type: string;
  title?: string;
  datasource?: Datasource;
  targets?: Target[];
  panels?: Panel[];
  gridPos?: { x: number; y: number; w: number; h: number };
}
interface Dashboard {
  uid?: string;
  title?: string;
  schemaVersion?: number;
  panels: Panel[];
  templating?: { list: unknown[] };
}
interface ComposeService {
  image?: string;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string | number | boolean | null>;
}

const PROMETHEUS_DIR = 'deploy/prometheus';
const GRAFANA_DIR = 'deploy/grafana';
const prometheusConfig = readYaml<PrometheusConfig>(`${PROMETHEUS_DIR}/prometheus.yml`);
const alertRules = readYaml<RuleFile>(`${PROMETHEUS_DIR}/alerts.yml`);
const datasources = readYaml<{ datasources: (Datasource & { name: string; isDefault?: boolean })[] }>(`${GRAFANA_DIR}/provisioning/datasources/prometheus.yml`);
const dashboardProviders = readYaml<{ providers: { type: string; options: { path: string } }[] }>(`${GRAFANA_DIR}/provisioning/dashboards/orders.yml`);
const dashboard = JSON.parse(read(`${GRAFANA_DIR}/dashboards/orders.json`)) as Dashboard;
const compose = readYaml<{ services: Record<string, ComposeService> }>('docker-compose.yml');

/** Every panel, including those nested in collapsed rows; rows themselves query nothing. */
function queryPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => (panel.type === 'row' ? queryPanels(panel.panels ?? []) : [panel]));
}

/** Every PromQL expression the monitoring files hold, with where it comes from. */
function allExpressions(): { source: string; expr: string }[] {
  const rules = alertRules.groups.flatMap((group) => group.rules.map((rule) => ({ source: `alerts.yml ${rule.alert ?? rule.record}`, expr: rule.expr })));
  const panels = queryPanels(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ source: `orders.json "${panel.title}" ${target.refId}`, expr: target.expr ?? '' })),
  );
  return [...rules, ...panels];
}

/** A compose volume `./host:/container[:ro]` whose host side is `hostPath`, by its container side. */
function mountTarget(service: ComposeService | undefined, hostPath: string): string | undefined {
  const volume = (service?.volumes ?? []).find((entry) => posix.normalize(entry.split(':')[0] ?? '') === hostPath);
  return volume?.split(':')[1];
}

// ---------------------------------------------------------------------------------------------------
// PromQL, with the parser of the Prometheus project's own editor (a Lezer grammar of the language).

/**
 * Grafana's built-in interval variables, replaced by a value of their kind as Grafana does before
 * sending a query. The dashboard defines no variables of its own, so any other `$` is a mistake.
 */
function interpolateGrafanaVariables(expr: string): string {
  return expr.replace(/\$\{?__(rate_interval|interval|range)\}?/g, '5m');
}

/** What is wrong with a PromQL expression (Grafana variables allowed); empty when it parses. */
function promqlProblems(expr: string): string[] {
  const problems: string[] = [];
  if (expr.trim() === '') return ['empty expression'];
  const query = interpolateGrafanaVariables(expr);
  if (query.includes('$')) problems.push(`unknown variable in "${query}"`);
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) problems.push(`syntax error at ${node.from}: "${query.slice(Math.max(0, node.from - 20), node.to + 20)}"`);
    },
  });
  return [...new Set(problems)]; // the parser can report one mistake as several error nodes
}

/** The metric names an expression selects: `name{…}` and `{__name__="name"}`; undefined for a selector with neither. */
function metricNames(expr: string): (string | undefined)[] {
  const query = interpolateGrafanaVariables(expr);
  const names: (string | undefined)[] = [];
  parser.parse(query).iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const identifier = ref.node.getChild('Identifier');
      if (identifier) {
        names.push(query.slice(identifier.from, identifier.to));
        return;
      }
      const byName = /__name__\s*=\s*"([^"]+)"/.exec(query.slice(ref.from, ref.to));
      names.push(byName?.[1]);
    },
  });
  return names;
}

// ---------------------------------------------------------------------------------------------------
// What is exported.

type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** The series names a metric family can be selected by: a histogram's `_bucket`, `_sum` and `_count` too. */
function seriesNames(families: Map<string, MetricType>): Set<string> {
  const names = new Set<string>();
  for (const [name, type] of families) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

/** The metric families of a Prometheus text exposition, from its `# TYPE` lines. */
function familiesOf(exposition: string): Map<string, MetricType> {
  const families = new Map<string, MetricType>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(name!, type as MetricType);
  return families;
}

/**
 * The Temporal SDK's worker metrics. The worker role serves them on its /metrics (src/main.ts merges
 * in the SDK runtime's Prometheus endpoint), but the test harness installs the SDK runtime without
 * metrics, so the scrape below cannot show them. This list was taken from a real scrape of
 * @temporalio/worker 1.24.0 (Runtime telemetryOptions.metrics.prometheus, useSecondsForDurations: true,
 * as src/temporal/runtime.ts sets it) after a worker ran one workflow with one activity: names as
 * scraped (the SDK's counters have no `_total` suffix), durations in seconds. Metrics that appear only
 * on failures (temporal_request_failure, temporal_activity_execution_failed, …) are left out on
 * purpose: a dashboard or rule built on them would show nothing until something breaks. Re-check this
 * list when upgrading the SDK.
 */
const TEMPORAL_SDK_METRICS = new Map<string, MetricType>([
  ['temporal_activity_execution_latency', 'histogram'],
  ['temporal_activity_schedule_to_start_latency', 'histogram'],
  ['temporal_activity_succeed_endtoend_latency', 'histogram'],
  ['temporal_activity_task_received', 'counter'],
  ['temporal_long_request', 'counter'],
  ['temporal_long_request_latency', 'histogram'],
  ['temporal_num_pollers', 'gauge'],
  ['temporal_request', 'counter'],
  ['temporal_request_latency', 'histogram'],
  ['temporal_sticky_cache_hit', 'counter'],
  ['temporal_sticky_cache_size', 'gauge'],
  ['temporal_worker_start', 'counter'],
  ['temporal_worker_task_slots_available', 'gauge'],
  ['temporal_worker_task_slots_used', 'gauge'],
  ['temporal_workflow_completed', 'counter'],
  ['temporal_workflow_endtoend_latency', 'histogram'],
  ['temporal_workflow_task_execution_latency', 'histogram'],
  ['temporal_workflow_task_queue_poll_succeed', 'counter'],
  ['temporal_workflow_task_replay_latency', 'histogram'],
  ['temporal_workflow_task_schedule_to_start_latency', 'histogram'],
]);

/** Series Prometheus itself writes for every scrape target. */
const PROMETHEUS_SERIES = new Map<string, MetricType>([
  ['up', 'gauge'],
  ['scrape_duration_seconds', 'gauge'],
  ['scrape_samples_scraped', 'gauge'],
]);

/** The names referenced in `expressions` that `exported` does not have, with where they are used. */
function unexportedReferences(expressions: { source: string; expr: string }[], exported: Set<string>): string[] {
  return expressions.flatMap(({ source, expr }) =>
    metricNames(expr)
      .filter((name) => name === undefined || !exported.has(name))
      .map((name) => `${source}: ${name ?? 'a selector without a metric name'}`),
  );
}

// ---------------------------------------------------------------------------------------------------

describe('Prometheus configuration (deploy/prometheus)', () => {
  it('loads its alert rules from alerts.yml next to it', () => {
    expect(prometheusConfig.rule_files).toEqual(['alerts.yml']);
    const ruleFiles = readdirSync(join(root, PROMETHEUS_DIR));
    for (const file of prometheusConfig.rule_files ?? []) expect(ruleFiles).toContain(file);
    expect(alertRules.groups.flatMap((group) => group.rules).length).toBeGreaterThan(0);
  });

  it('is the configuration the compose Prometheus runs with', () => {
    const prometheus = compose.services.prometheus;
    expect(prometheus?.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    const configDir = mountTarget(prometheus, PROMETHEUS_DIR);
    expect(configDir).toBe('/etc/prometheus');
    // The image's default, or the flag that says so.
    const command = prometheus?.command ?? [];
    const configFlag = command.find((arg) => arg.startsWith('--config.file='));
    expect(configFlag ?? '--config.file=/etc/prometheus/prometheus.yml').toBe(`--config.file=${configDir}/prometheus.yml`);
    expect(prometheus?.ports).toEqual(['127.0.0.1:9090:9090']);
  });

  it('scrapes /metrics of the API on api:9464 (off its public port) and of every worker replica on worker:9464', () => {
    const targets = (jobName: string) => {
      const job = prometheusConfig.scrape_configs.find((config) => config.job_name === jobName);
      expect(job, `scrape job ${jobName}`).toBeDefined();
      expect(job?.metrics_path ?? '/metrics').toBe('/metrics');
      return [
        ...(job?.static_configs ?? []).flatMap((config) => config.targets),
        ...(job?.dns_sd_configs ?? []).flatMap((config) => config.names.map((name) => `${name}:${config.port}`)),
      ];
    };
    expect(targets('api')).toEqual(['api:9464']);
    expect(targets('worker')).toEqual(['worker:9464']);
    // Workers scale: each replica is an A record of the service name, found by DNS, not listed.
    const workerJob = prometheusConfig.scrape_configs.find((config) => config.job_name === 'worker');
    expect(workerJob?.dns_sd_configs?.[0]?.type).toBe('A');
  });

  it('scrapes the ports the compose services serve their metrics on', () => {
    const { api, worker } = compose.services;
    expect(api?.ports?.some((port) => port.endsWith(':8080'))).toBe(true);
    expect(api?.environment?.PORT ?? 8080).toBe(8080);
    expect(worker?.environment?.WORKER_METRICS_PORT).toBe(9464);
    expect(api?.environment?.API_METRICS_PORT).toBe(9464);
  });

  it('gives every alert a duration, a severity, and a summary and a description that send the operator to the runbook', () => {
    const rules = alertRules.groups.flatMap((group) => group.rules);
    // docs/operations.md's "## Runbook" section, up to the next heading: a table with one row per symptom.
    const runbook = /^## Runbook$([\s\S]*?)^#/m.exec(read('docs/operations.md'))?.[1] ?? '';
    expect(runbook, 'docs/operations.md has a Runbook section').not.toBe('');
    const problems = rules.flatMap((rule) => {
      const name = rule.alert ?? `(recording rule ${rule.record})`;
      const found: string[] = [];
      if (!rule.alert) found.push(`${name}: not an alert`);
      if (!/^\d+[smh]$/.test(rule.for ?? '')) found.push(`${name}: "for" missing or not a duration`);
      if (!['critical', 'warning'].includes(rule.labels?.severity ?? '')) found.push(`${name}: severity must be critical or warning`);
      if (!rule.annotations?.summary) found.push(`${name}: no summary`);
      if (!/runbook in docs\/operations\.md/.test(rule.annotations?.description ?? '')) found.push(`${name}: description does not mention the runbook`);
      // `docs/operations.md#runbook`, or `…#runbook, row "<symptom>"` for a row the runbook really has.
      const pointer = /^docs\/operations\.md#runbook(?:, row "([^"]+)")?$/.exec(rule.annotations?.runbook ?? '');
      if (!pointer) found.push(`${name}: runbook annotation is not docs/operations.md#runbook[, row "…"]`);
      else if (pointer[1] && !runbook.includes(`| ${pointer[1]} |`)) found.push(`${name}: the runbook has no row "${pointer[1]}"`);
      return found;
    });
    expect(problems).toEqual([]);
    const names = rules.map((rule) => rule.alert);
    expect(new Set(names).size, 'alert names are unique').toBe(names.length);
  });

  it('alerts on what issue 5 asks for: 5xx rate, p95 order completion, payment failures, stuck orders, worker down or not polling', () => {
    const exprs = alertRules.groups.flatMap((group) => group.rules).map((rule) => rule.expr);
    const some = (pattern: RegExp) => exprs.some((expr) => pattern.test(expr));
    expect(some(/http_requests_total\{[^}]*status_code=~"5\.\."/)).toBe(true);
    expect(some(/histogram_quantile\(0\.95, sum by \(le\) \(rate\(order_time_to_terminal_seconds_bucket\{status="completed"\}/)).toBe(true);
    expect(some(/payment_declines_total[\s\S]*orders_created_total/)).toBe(true);
    expect(some(/orders_created_total[\s\S]*orders_terminal_total/)).toBe(true);
    expect(some(/up\{job="worker"\} == 0/)).toBe(true);
    expect(some(/temporal_num_pollers/)).toBe(true);
  });
});

describe('Grafana provisioning (deploy/grafana)', () => {
  const [datasource] = datasources.datasources;

  it('provisions the compose Prometheus as the default data source, under a fixed uid', () => {
    expect(datasources.datasources).toHaveLength(1);
    expect(datasource).toMatchObject({ type: 'prometheus', isDefault: true });
    expect(datasource?.uid).toMatch(/^[\w-]{1,40}$/);
    const url = new URL(datasource?.url ?? '');
    expect(url.hostname).toBe('prometheus');
    expect(compose.services[url.hostname]).toBeDefined();
    expect(url.port).toBe('9090');
  });

  it('is mounted where Grafana reads it, and loads the dashboards from where compose mounts them', () => {
    const grafana = compose.services.grafana;
    expect(grafana?.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(mountTarget(grafana, `${GRAFANA_DIR}/provisioning`)).toBe('/etc/grafana/provisioning');
    const [provider] = dashboardProviders.providers;
    expect(provider?.type).toBe('file');
    expect(provider?.options.path).toBe(mountTarget(grafana, `${GRAFANA_DIR}/dashboards`));
    expect(grafana?.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('has a dashboard in the JSON model Grafana provisions: uid, title, schema version, panels on a 24-column grid', () => {
    expect(dashboard).toMatchObject({ uid: 'order-processing', title: 'Order processing' });
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const all = [...dashboard.panels, ...dashboard.panels.flatMap((panel) => panel.panels ?? [])];
    const ids = all.map((panel) => panel.id);
    expect(new Set(ids).size, 'panel ids are unique').toBe(ids.length);
    for (const panel of all) {
      const grid = panel.gridPos;
      expect(grid, `${panel.title} gridPos`).toBeDefined();
      expect(grid!.x + grid!.w, `${panel.title} fits in 24 columns`).toBeLessThanOrEqual(24);
    }
  });

  it('queries only the provisioned data source, in every panel and every query', () => {
    const panels = queryPanels(dashboard.panels);
    expect(panels.length).toBeGreaterThan(0);
    const problems = panels.flatMap((panel) => {
      const found: string[] = [];
      if (panel.datasource?.uid !== datasource?.uid || panel.datasource?.type !== 'prometheus')
        found.push(`"${panel.title}": panel data source ${JSON.stringify(panel.datasource)}`);
      if (!panel.targets?.length) found.push(`"${panel.title}": no queries`);
      for (const target of panel.targets ?? []) {
        if (target.datasource && target.datasource.uid !== datasource?.uid)
          found.push(`"${panel.title}" ${target.refId}: query data source ${JSON.stringify(target.datasource)}`);
      }
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('shows orders, the HTTP API and worker health', () => {
    expect(dashboard.panels.filter((panel) => panel.type === 'row').map((panel) => panel.title)).toEqual(['Orders', 'HTTP API', 'Worker health']);
    const exprs = allExpressions()
      .map(({ expr }) => expr)
      .join('\n');
    for (const metric of [
      'orders_created_total',
      'orders_terminal_total',
      'order_time_to_terminal_seconds_bucket',
      'order_step_duration_seconds_bucket',
      'order_compensations_total',
      'payment_declines_total',
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'temporal_worker_task_slots_available',
      'temporal_worker_task_slots_used',
      'temporal_num_pollers',
      'temporal_workflow_task_schedule_to_start_latency_bucket',
      'temporal_sticky_cache_size',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(exprs, metric).toContain(metric);
    }
  });
});

describe('PromQL of the alert rules and the dashboard', () => {
  it('parses, every expression', () => {
    const expressions = allExpressions();
    expect(expressions.length).toBeGreaterThan(20);
    const problems = expressions.flatMap(({ source, expr }) => promqlProblems(expr).map((problem) => `${source}: ${problem}`));
    expect(problems).toEqual([]);
  });

  it('reports broken expressions, so the check above can fail', () => {
    expect(promqlProblems('sum(rate(http_requests_total[5m])) / sum(rate(http_requests_total[5m]))')).toEqual([]);
    expect(promqlProblems('sum(rate(http_requests_total[5m])')).not.toEqual([]); // unclosed parenthesis
    expect(promqlProblems('histogram_quantile(0.95, sum by (le) rate(x_bucket[5m]))')).not.toEqual([]); // `by` without its parenthesised argument
    expect(promqlProblems('rate(http_requests_total[5m]) >')).not.toEqual([]); // dangling operator
    expect(promqlProblems('up{job="worker"} = 0')).not.toEqual([]); // `=` is not a comparison
    expect(promqlProblems('rate(http_requests_total[$__rate_interval])')).toEqual([]);
    expect(promqlProblems('rate(http_requests_total[$window])')).not.toEqual([]); // a variable the dashboard does not define
    expect(promqlProblems('')).not.toEqual([]);
  });

  it('finds the metric names an expression selects, including through __name__', () => {
    expect(metricNames('sum(rate(a_total{x="1"}[5m])) / sum({__name__="b_seconds_count"}) or vector(0)')).toEqual(['a_total', 'b_seconds_count']);
    expect(metricNames('histogram_quantile(0.95, sum by (le) (rate(c_bucket[$__rate_interval])))')).toEqual(['c_bucket']);
    expect(metricNames('{job="api"}')).toEqual([undefined]);
  });
});

describe('metrics queried by the alert rules and the dashboard', () => {
  let t: TestApp | undefined;
  let scrape = '';

  beforeAll(async () => {
    const app = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '100ms' } });
    t = app;
    const created = await app.http.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      payload: { customer_id: 1, total_amount: 10 },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: number }>();
    await eventually(
      async () => {
        const order = await app.http.inject({ method: 'GET', url: `/orders/${id}` });
        return order.json<{ status: string }>().status === 'completed' ? true : undefined;
      },
      30_000,
      `order ${id} to be completed`,
    );
    const response = await app.http.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    scrape = response.body;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('are all exported: our own by a real scrape after an order completed, the Temporal SDK ones by the documented list', () => {
    // The scrape is of the whole lifecycle, so the business metrics have samples, not just declarations.
    expect(scrape).toMatch(/^orders_created_total 1$/m);
    expect(scrape).toMatch(/^orders_terminal_total\{status="completed"\} 1$/m);
    const exported = seriesNames(new Map([...familiesOf(scrape), ...TEMPORAL_SDK_METRICS, ...PROMETHEUS_SERIES]));
    expect(unexportedReferences(allExpressions(), exported)).toEqual([]);
  });

  it('reports a metric nobody exports, so the check above can fail', () => {
    const exported = seriesNames(new Map([...familiesOf(scrape), ...TEMPORAL_SDK_METRICS, ...PROMETHEUS_SERIES]));
    const misspelled = [
      { source: 'misspelled', expr: 'sum(rate(orders_creatd_total[5m]))' },
      { source: 'no _total on a prom-client counter', expr: 'rate(orders_created[5m])' },
      { source: '_bucket on a counter', expr: 'rate(orders_created_total_bucket[5m])' },
      { source: '_total on an SDK counter', expr: 'rate(temporal_request_total[5m])' },
      { source: 'nameless', expr: 'sum({job="api"})' },
    ];
    expect(unexportedReferences(misspelled, exported)).toEqual([
      'misspelled: orders_creatd_total',
      'no _total on a prom-client counter: orders_created',
      '_bucket on a counter: orders_created_total_bucket',
      '_total on an SDK counter: temporal_request_total',
      'nameless: a selector without a metric name',
    ]);
    // And the histograms do resolve through their series.
    expect(
      unexportedReferences(
        [{ source: 'ok', expr: 'order_step_duration_seconds_bucket + order_step_duration_seconds_sum + order_step_duration_seconds_count' }],
        exported,
      ),
    ).toEqual([]);
  });
});
