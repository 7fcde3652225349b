/** bench/results/latest.md: the tables a person reads, from the same numbers as latest.json. */
import type { ProfileSummary } from '../scenarios/profile.js';
import type { RunResult } from '../lib/stats.js';
import type { VersionMeasurement } from '../scenarios/before-after.js';
import { cpuBudgetSection } from './cpu-budget.js';
import { type BenchResults, CEILING_LABELS, ENDPOINTS, againstCeiling, keysetRatios } from './results.js';

const integer = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '–');
const ms = (value: number) => (!Number.isFinite(value) ? '–' : value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));
const table = (header: string[], rows: string[][]) =>
  [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

function runCells(run: RunResult): string[] {
  const failures = run.failures
    ? ` (${Object.entries(run.failures)
        .map(([kind, count]) => `${integer(count)} × ${kind}`)
        .join(', ')})`
    : '';
  return [integer(run.rps), ms(run.latencyMs.p50), ms(run.latencyMs.p95), ms(run.latencyMs.p99), `${integer(run.errors)}${failures}`];
}

export function renderMarkdown(results: BenchResults): string {
  const { environment: env, settings } = results;
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(`Run ${results.startedAt} by \`make bench\` in ${Math.round(results.wallSeconds)} s, on ${env.cores} cores (${env.cpu}), ${env.memoryGiB} GiB.`);
  out.push(
    `Code: commit ${env.commit}. Load average when the run started: ${env.loadAverage?.map((value) => value.toFixed(2)).join(', ') ?? 'unknown'} (1, 5, 15 min; anything near the core count means the numbers below shared the machine).`,
  );
  const syncs = env.diskSyncsPerSecond ?? [];
  if (syncs.length > 0) {
    out.push(
      `Disk: ${integer(Math.min(...syncs))}–${integer(Math.max(...syncs))} durable 4 KiB writes (write + fdatasync) per second, sampled at each phase; PostgreSQL commits and the Temporal dev server's SQLite wait for these, so their numbers drift with it.`,
    );
  }
  out.push(
    `Versions: ${Object.entries(env.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
  );
  out.push(
    `Each load run: ${settings.seconds} s after a ${settings.warmUpSeconds} s warm-up, a fixed number of keep-alive connections (concurrency) each sending its next request when the previous one was answered; ` +
      'the load generator, PostgreSQL, the Temporal dev server and the process under test share this machine. ' +
      `API: \`node --enable-source-maps dist/main.js api\` (compiled once at the start of the run, as the image runs it), NODE_ENV=production, LOG_LEVEL=info (request logging on), DATABASE_POOL_SIZE=${settings.poolSize}.`,
    '',
    '![throughput and list latency](latest.svg)',
    '',
  );

  out.push(...beforeAfterSection(results));
  out.push('## Throughput and latency against the ceilings', '');
  out.push('Ceilings are what each part does alone, at the same concurrency; an endpoint is compared with the smallest ceiling among the parts it uses.', '');
  const rows: string[][] = [];
  for (const [key, label] of Object.entries(CEILING_LABELS) as [keyof typeof CEILING_LABELS, string][]) {
    for (const run of results.ceilings[key]) rows.push([`ceiling: ${label}`, String(run.concurrency), ...runCells(run), '']);
  }
  for (const endpoint of ENDPOINTS) {
    results.endpoints[endpoint.key].forEach((run, index) => {
      const { ceiling, ratio } = againstCeiling(results, endpoint, run, index);
      rows.push([`**${endpoint.label}**`, String(run.concurrency), ...runCells(run), `${ratio.toFixed(2)} × ${CEILING_LABELS[ceiling]}`]);
    });
  }
  out.push(table(['what', 'concurrency', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'share of the smallest ceiling'], rows), '');

  out.push('## List latency against table size (keyset pagination)', '');
  out.push(
    `A full page of 50 near the end of the table, one connection, ${settings.listSeconds} s per row; rows bulk-inserted with INSERT … SELECT generate_series, then VACUUM ANALYZE.`,
    '',
  );
  out.push(
    table(
      ['orders in the table', 'query', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'request'],
      results.listScaling.map((point) => [
        integer(point.rows),
        point.query,
        ms(point.run.latencyMs.p50),
        ms(point.run.latencyMs.p95),
        ms(point.run.latencyMs.p99),
        integer(point.run.rps),
        `\`${point.path}\``,
      ]),
    ),
    '',
  );
  for (const ratio of keysetRatios(results.listScaling)) {
    out.push(`- ${ratio.query}: p50 at ${integer(ratio.largest)} orders / p50 at ${integer(ratio.smallest)} orders = **${ratio.p50Ratio.toFixed(2)}**`);
  }
  out.push('');

  const e2e = results.endToEnd;
  const worker = e2e.worker;
  out.push('## End to end', '');
  out.push(
    table(
      ['', ''],
      [
        [
          'orders',
          `${integer(e2e.orders)} POST /orders from ${e2e.createConcurrency} connections: ${integer(e2e.create.rps)} req/s, ${integer(e2e.create.errors)} errors`,
        ],
        ['configured delays', 'ORDER_PROCESSING_DELAY=0ms (the workflow sleeps the 1 ms minimum timer), activity retry policy unchanged'],
        [
          'completed',
          `${integer(e2e.completed)} in ${e2e.spanSeconds.toFixed(1)} s (first create to last completion)${e2e.timedOut ? ', **gave up waiting for the rest**' : ''}`,
        ],
        ['**completed orders per second**', `**${e2e.completedPerSecond.toFixed(0)}**`],
        [
          'create → completed p50 / p95 / p99 / max',
          `${ms(e2e.createToCompletedMs.p50)} / ${ms(e2e.createToCompletedMs.p95)} / ${ms(e2e.createToCompletedMs.p99)} / ${ms(e2e.createToCompletedMs.max)} ms (updated_at − created_at of the rows)`,
        ],
        [
          'worker settings',
          `${worker.source}: maxConcurrentWorkflowTaskExecutions ${worker.maxConcurrentWorkflowTaskExecutions}, maxConcurrentActivityTaskExecutions ${worker.maxConcurrentActivityTaskExecutions}, ` +
            `workflow/activity task pollers ${worker.workflowTaskPollers}/${worker.activityTaskPollers}, maxCachedWorkflows ${worker.maxCachedWorkflows}, reuseV8Context ${worker.reuseV8Context}; one worker process`,
        ],
      ],
    ),
    '',
  );

  out.push(`## Where the CPU went (cores busy on average; the machine has ${env.cores})`, '');
  out.push(
    'A run whose total stays well below the core count while its throughput is flat waits on something other than CPU: here, disk syncs. ' +
      '"machine" is every process on the machine; what it shows above "total" was other work running at the same time, which skews that run.',
    '',
  );
  const processes = ['API', 'worker', 'Temporal', 'PostgreSQL', 'load generator', 'total', 'machine'];
  const cpuRows: [string, string, Record<string, number> | undefined][] = [
    ...ENDPOINTS.flatMap((endpoint) =>
      results.endpoints[endpoint.key].map((run) => [endpoint.label, String(run.concurrency), run.cpu] as [string, string, Record<string, number> | undefined]),
    ),
    ['end to end', String(e2e.createConcurrency), e2e.cpu],
  ];
  out.push(
    table(
      ['run', 'concurrency', ...processes],
      cpuRows.map(([label, concurrency, cpu]) => [label, concurrency, ...processes.map((name) => (cpu?.[name] === undefined ? '' : cpu[name]!.toFixed(2)))]),
    ),
    '',
  );
  out.push(...cpuBudgetSection(results, table));

  out.push('## Resident memory (RSS, from /proc/<pid>/status)', '');
  out.push(
    table(
      ['process', 'idle MiB', 'under load MiB (peak)', 'load'],
      results.memory.map((row) => [row.process, row.idleMiB.toFixed(0), row.loadMiB.toFixed(0), row.load]),
    ),
    '',
  );

  for (const profile of [results.profile, results.readProfile]) if (profile) out.push(...profileSection(profile));
  return `${out.join('\n')}\n`;
}

function profileSection(profile: ProfileSummary): string[] {
  const inclusive = new Map(profile.packagesInclusive.map((entry) => [entry.name, entry.percent]));
  return [
    `## CPU profile of the API under ${profile.scenario.split(',')[0]}`,
    '',
    `\`node --cpu-prof\`, ${profile.scenario}: ${integer(profile.run.rps)} req/s under the profiler; the API process used ${(profile.cpuMsPerRequest * 1000).toFixed(0)} µs of CPU per request ` +
      `(all threads); ${integer(profile.sampledMs)} ms of JavaScript-thread CPU sampled during the run (idle, start-up and shutdown excluded).`,
    '',
    table(
      ['function (self time)', '% of CPU'],
      profile.topFunctions.map((entry) => [`\`${entry.frame}\``, entry.selfPercent.toFixed(1)]),
    ),
    '',
    table(
      ['package', 'self %', 'on the stack %'],
      profile.packagesSelf.map((entry) => [entry.name, entry.percent.toFixed(1), inclusive.has(entry.name) ? inclusive.get(entry.name)!.toFixed(1) : '']),
    ),
    '',
  ];
}

/** Before (the baseline checkout) and after (this one), measured one after the other in this run. */
function beforeAfterSection(results: BenchResults): string[] {
  const [before, after] = results.beforeAfter as [VersionMeasurement | undefined, VersionMeasurement | undefined];
  if (!before || !after) return [];
  const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '–');
  const row = (what: string, pick: (m: VersionMeasurement) => number, format: (value: number) => string, better: 'higher' | 'lower') => [
    what,
    format(pick(before)),
    format(pick(after)),
    better === 'higher' ? ratio(pick(after), pick(before)) : ratio(pick(before), pick(after)),
  ];
  const rows = [
    row(
      'end to end, one-item orders (full saga): completed per second',
      (m) => m.endToEnd.completedPerSecond,
      (v) => v.toFixed(1),
      'higher',
    ),
    row(
      'history events per order',
      (m) => m.endToEnd.history.events,
      (v) => v.toFixed(1),
      'lower',
    ),
    row(
      'workflow tasks per order',
      (m) => m.endToEnd.history.workflowTasks,
      (v) => v.toFixed(1),
      'lower',
    ),
    row(
      'activities per order (local activities)',
      (m) => m.endToEnd.history.activities,
      (v) => v.toFixed(1),
      'lower',
    ),
    row('GET /orders/{id} in flight, req/s at 16 connections', (m) => m.requests.getInFlight.rps, integer, 'higher'),
    row('GET /orders/{id} in flight, p50 ms', (m) => m.requests.getInFlight.latencyMs.p50, ms, 'lower'),
    row('GET /orders/{id} in flight, API CPU µs per request', (m) => m.requests.getInFlight.apiCpuMicrosPerRequest, integer, 'lower'),
    row('GET /orders/{id} finished, req/s', (m) => m.requests.getFinished.rps, integer, 'higher'),
    row('GET /orders/{id} finished, API CPU µs per request', (m) => m.requests.getFinished.apiCpuMicrosPerRequest, integer, 'lower'),
    row('POST /orders (total only, no worker), req/s', (m) => m.requests.create.rps, integer, 'higher'),
    row('POST /orders, API CPU µs per request', (m) => m.requests.create.apiCpuMicrosPerRequest, integer, 'lower'),
  ];
  const cpu = (m: VersionMeasurement) =>
    Object.entries(m.endToEnd.cpu)
      .filter(([name]) => !['machine', 'total', 'load generator'].includes(name))
      .map(([name, cores]) => `${name} ${cores.toFixed(2)}`)
      .join(', ');
  return [
    '## Before and after, in this run',
    '',
    `The same measurements against \`${before.label}\` (a checkout of commit ${before.commit}, its own database) and this checkout (${after.commit}), one after the other on the same servers. ` +
      `End to end: ${integer(after.endToEnd.orders)} orders of one stocked item each, 16 connections, ORDER_PROCESSING_DELAY=0ms; history shape averaged over 20 orders. ` +
      'Reads and creates: 16 connections with the worker stopped, so the orders read "in flight" are pending ones.',
    '',
    table(['', 'before', 'after', 'after vs before'], rows),
    '',
    `Cores busy during the end-to-end run: before ${cpu(before)}; after ${cpu(after)}.`,
    '',
  ];
}
