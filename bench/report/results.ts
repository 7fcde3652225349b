/** The shape of bench/results/latest.json, and the comparisons derived from the raw runs. */
import type { Environment } from '../lib/versions.js';
import type { RunResult } from '../lib/stats.js';
import type { VersionMeasurement } from '../scenarios/before-after.js';
import type { Ceilings } from '../scenarios/ceilings.js';
import type { EndToEnd } from '../scenarios/end-to-end.js';
import type { EndpointResults } from '../scenarios/endpoints.js';
import type { ListPoint } from '../scenarios/list-scaling.js';
import type { ReviewBacklog } from '../scenarios/memory.js';
import type { ProfileSummary } from '../scenarios/profile.js';
import type { Settings } from '../settings.js';

export interface MemoryRow {
  process: string;
  idleMiB: number;
  loadMiB: number;
  load: string;
}

export interface BenchResults {
  startedAt: string;
  wallSeconds: number;
  environment: Environment;
  settings: Settings;
  ceilings: Ceilings;
  endpoints: EndpointResults;
  listScaling: ListPoint[];
  endToEnd: EndToEnd;
  memory: MemoryRow[];
  /** The worker with orders waiting in review: its cache, RSS per cached workflow, shutdown time. */
  reviewBacklog: ReviewBacklog;
  /** The API's CPU profile under POST /orders… */
  profile: ProfileSummary;
  /** …and under GET /orders/{id} (absent in results written before it was measured). */
  readProfile?: ProfileSummary;
  /** The same saga and requests on the baseline checkout and on this one. */
  beforeAfter: VersionMeasurement[];
}

export const CEILING_LABELS: Record<keyof Ceilings, string> = {
  http: 'bare Fastify route (HTTP)',
  pgInsert: 'pg single-row INSERT (database)',
  pgSelect: 'pg SELECT by id (database)',
  temporalStart: 'client.workflow.start (Temporal)',
  temporalStartRollbackJournal: 'client.workflow.start, dev server SQLite with a rollback journal (the CLI default; diagnostic)',
};

export const ENDPOINTS: { key: keyof EndpointResults; label: string; dependsOn: (keyof Ceilings)[] }[] = [
  { key: 'createOrder', label: 'POST /orders', dependsOn: ['http', 'pgInsert', 'temporalStart'] },
  { key: 'getOrderInFlight', label: 'GET /orders/{id}, order in flight', dependsOn: ['http', 'pgSelect'] },
  { key: 'getOrder', label: 'GET /orders/{id}, finished order', dependsOn: ['http', 'pgSelect'] },
  // A page costs PostgreSQL at least what one row by id does, so the point SELECT bounds it too.
  { key: 'listOrders', label: 'GET /orders?limit=50', dependsOn: ['http', 'pgSelect'] },
];

/** The smallest ceiling an endpoint depends on, at the same concurrency, and the endpoint's share of it. */
export function againstCeiling(results: Pick<BenchResults, 'ceilings'>, endpoint: (typeof ENDPOINTS)[number], run: RunResult, index: number) {
  const [bound] = endpoint.dependsOn.map((key) => ({ key, rps: results.ceilings[key][index]?.rps ?? Number.NaN })).sort((a, b) => a.rps - b.rps);
  return { ceiling: bound!.key, ceilingRps: bound!.rps, ratio: run.rps / bound!.rps };
}

/** p50 at the largest table over p50 at the smallest, per query: keyset pagination keeps it near 1. */
export function keysetRatios(points: ListPoint[]): { query: string; smallest: number; largest: number; p50Ratio: number }[] {
  const queries = [...new Set(points.map((point) => point.query))];
  return queries.map((query) => {
    const mine = points.filter((point) => point.query === query).sort((a, b) => a.rows - b.rows);
    const [first, last] = [mine[0]!, mine.at(-1)!];
    return { query, smallest: first.rows, largest: last.rows, p50Ratio: last.run.latencyMs.p50 / first.run.latencyMs.p50 };
  });
}
