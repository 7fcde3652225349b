/**
 * What one read costs each process, in CPU µs per request, and what that leaves the API at the read
 * targets: on one machine the load generator and PostgreSQL share the cores with the API, so a
 * target rate is only reachable when all three fit in them together.
 */
import type { RunResult } from '../lib/stats.js';
import { type BenchResults, CEILING_LABELS, ENDPOINTS } from './results.js';

const CONCURRENCY = 16;

/** The read targets, as a share of the pg SELECT ceiling at the same concurrency. */
const READ_TARGETS = [
  { endpoint: 'getOrder', share: 0.6 },
  { endpoint: 'listOrders', share: 0.4 },
] as const;

const PROCESSES = ['API', 'bare Fastify', 'PostgreSQL', 'load generator'] as const;

const microsPerRequest = (run: RunResult, name: string): number | undefined =>
  run.cpu?.[name] === undefined || run.rps <= 0 ? undefined : (run.cpu[name]! / run.rps) * 1e6;

const atConcurrency = (runs: RunResult[]) => runs.find((run) => run.concurrency === CONCURRENCY);

const cell = (value: number | undefined) => (value === undefined ? '' : Math.round(value).toLocaleString('en'));

export function cpuBudgetSection(results: BenchResults, table: (header: string[], rows: string[][]) => string): string[] {
  const reads = ENDPOINTS.filter((endpoint) => endpoint.key !== 'createOrder').map((endpoint) => ({
    label: endpoint.label,
    run: atConcurrency(results.endpoints[endpoint.key]),
  }));
  const ceilings = [
    { label: `ceiling: ${CEILING_LABELS.pgSelect}`, run: atConcurrency(results.ceilings.pgSelect) },
    { label: `ceiling: ${CEILING_LABELS.http}`, run: atConcurrency(results.ceilings.http) },
  ];
  const rows = [...reads, ...ceilings].flatMap(({ label, run }) =>
    run?.cpu ? [[label, Math.round(run.rps).toLocaleString('en'), ...PROCESSES.map((name) => cell(microsPerRequest(run, name)))]] : [],
  );
  if (rows.length === 0) return [];
  return [
    `## What a read costs the machine (CPU µs per request, ${CONCURRENCY} connections)`,
    '',
    "Each process's cores during the run divided by its requests per second. In the ceilings the load generator is the bench process itself: the pg client for the SELECT, autocannon for the bare route.",
    '',
    table(['run', 'req/s', ...PROCESSES], rows),
    '',
    ...READ_TARGETS.flatMap((target) => budgetLine(results, target.endpoint, target.share)),
    '',
  ];
}

/** At the target rate, the cores the API's neighbours need at their measured cost, and what is left for the API. */
function budgetLine(results: BenchResults, key: (typeof READ_TARGETS)[number]['endpoint'], share: number): string[] {
  const run = atConcurrency(results.endpoints[key]);
  const ceiling = atConcurrency(results.ceilings.pgSelect);
  if (!run || !ceiling) return [];
  const api = microsPerRequest(run, 'API');
  const postgres = microsPerRequest(run, 'PostgreSQL');
  const loadGenerator = microsPerRequest(run, 'load generator');
  if (api === undefined || postgres === undefined || loadGenerator === undefined) return [];
  const label = ENDPOINTS.find((endpoint) => endpoint.key === key)!.label;
  const rate = share * ceiling.rps;
  const neighbourCores = (rate * (postgres + loadGenerator)) / 1e6;
  const left = results.environment.cores - neighbourCores;
  const apiBudget = left > 0 ? (left / rate) * 1e6 : 0;
  const verdict =
    left > 0
      ? `leaving the API ${Math.round(apiBudget).toLocaleString('en')} µs per request; it uses ${Math.round(api).toLocaleString('en')} µs now (${(api / apiBudget).toFixed(1)}× its budget)`
      : `leaving the API nothing: out of reach on this machine whatever the API does (it uses ${Math.round(api).toLocaleString('en')} µs now)`;
  return [
    `- **${label}** at ${share} × the pg SELECT ceiling = ${Math.round(rate).toLocaleString('en')} req/s: PostgreSQL and the load generator, at their cost per request above, ` +
      `would need ${neighbourCores.toFixed(2)} of the ${results.environment.cores} cores, ${verdict}.`,
  ];
}
