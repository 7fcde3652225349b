/**
 * CPU profiles of the hot paths: the API process (`node --cpu-prof`) under POST /orders and under
 * GET /orders/{id} load.
 * The profile is summarised by self time per function and by package (self, and "on the stack",
 * i.e. inclusive), which is what points at the change worth making.
 */
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { treeCpuSeconds } from '../lib/cpu.js';
import { REPO_ROOT } from '../lib/processes.js';
import { startApi } from '../lib/services.js';
import type { Cleanup, Infrastructure } from '../lib/stack.js';
import type { RunResult } from '../lib/stats.js';
import { CREATE_ORDER_BODY, settings } from '../settings.js';

export interface ProfileSummary {
  scenario: string;
  /** The profiled run; the profiler's sampling costs a little throughput. */
  run: RunResult;
  /** The API process's CPU time (all threads, from /proc) per answered request during the run. */
  cpuMsPerRequest: number;
  /** JavaScript-thread CPU sampled during the run (start-up and shutdown are left out). */
  sampledMs: number;
  /** Share of non-idle CPU time spent in the function itself. */
  topFunctions: { frame: string; selfPercent: number }[];
  /** Share of non-idle CPU time spent in each package's own code… */
  packagesSelf: { name: string; percent: number }[];
  /** …and with the package anywhere on the stack (includes what it calls). */
  packagesInclusive: { name: string; percent: number }[];
}

/** What a profile loads the API with; `path` for one URL, `nextPath` for a fresh one per request. */
export interface ProfiledRequest {
  name: string;
  method: 'GET' | 'POST';
  path?: string;
  nextPath?: () => string;
  body?: unknown;
}

export const PROFILED_CREATE: ProfiledRequest = { name: 'POST /orders', method: 'POST', path: '/orders', body: CREATE_ORDER_BODY };

/** GET /orders/{id} of the orders already in the database, at random (none hot in a cache). */
export async function profiledRead(infra: Infrastructure): Promise<ProfiledRequest> {
  const { rows } = await infra.db.query<{ id: string }>('SELECT id FROM orders ORDER BY id DESC LIMIT 5000');
  if (rows.length === 0) throw new Error('profiling GET /orders/{id} needs orders in the database; profile POST /orders first');
  const ids = rows.map((row) => row.id);
  return { name: 'GET /orders/{id}', method: 'GET', nextPath: () => `/orders/${ids[Math.floor(Math.random() * ids.length)]}` };
}

/** `root`: another checkout (bench/profile.ts compares two); this one by default. */
export async function profileRequest(infra: Infrastructure, cleanup: Cleanup, request: ProfiledRequest, root?: string): Promise<ProfileSummary> {
  const slug = request.method.toLowerCase();
  const label = root ? `profiled-${slug}-${basename(root)}` : `profiled-${slug}`;
  const directory = join(infra.scratch, `cpu-profile-${label}`);
  await mkdir(directory, { recursive: true });
  const api = await startApi(
    infra,
    cleanup,
    { taskQueue: `bench-${label}`, processingDelay: '5s', nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${directory}`], ...(root ? { root } : {}) },
    label,
  );
  const { name, ...http } = request;
  const load = (seconds: number) => api.load({ ...http, connections: settings.profileConcurrency, seconds });
  await load(settings.warmUpSeconds);
  // V8 stamps samples with the monotonic clock in microseconds, as process.hrtime does here:
  // only the samples inside this window count, not start-up or shutdown.
  const window = { from: microseconds(), to: 0 };
  const cpuBefore = treeCpuSeconds(api.child.pid);
  const run = await load(settings.seconds);
  const cpuSeconds = treeCpuSeconds(api.child.pid) - cpuBefore;
  window.to = microseconds();
  // The profile is written when the process exits (src/main.ts exits after a graceful SIGTERM).
  await api.child.stop();
  const [file] = (await readdir(directory)).filter((entry) => entry.endsWith('.cpuprofile'));
  if (!file) throw new Error(`the profiled API wrote no .cpuprofile into ${directory}:\n${await api.child.logTail()}`);
  // For a closer look in Chrome DevTools or speedscope: BENCH_CPU_PROFILE=/path/to/file.cpuprofile.
  if (process.env.BENCH_CPU_PROFILE) await copyFile(join(directory, file), `${process.env.BENCH_CPU_PROFILE}.${label}`);
  const profile = JSON.parse(await readFile(join(directory, file), 'utf8')) as CpuProfile;
  return {
    scenario: `${name}, ${settings.profileConcurrency} connections, ${settings.seconds} s`,
    run,
    cpuMsPerRequest: (cpuSeconds * 1000) / run.ok,
    ...summarise(profile, window),
  };
}

const microseconds = () => Number(process.hrtime.bigint() / 1000n);

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** V8's pseudo-frames: time outside JavaScript, kept as their own entries. */
const IDLE = '(idle)';

function summarise(profile: CpuProfile, window: { from: number; to: number }): Omit<ProfileSummary, 'scenario' | 'run' | 'cpuMsPerRequest'> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const packageSelf = new Map<string, number>();
  const packageInclusive = new Map<string, number>();
  let busy = 0;
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time < window.from || time > window.to) return;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === IDLE) return;
    busy += delta;
    add(self, frameName(node.callFrame), delta);
    add(packageSelf, packageOf(node.callFrame), delta);
    // Each package once per sample, however often it appears on this stack.
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(packageOf(byId.get(at)!.callFrame));
    for (const name of onStack) add(packageInclusive, name, delta);
  });

  const percent = (value: number) => Math.round((value / busy) * 1000) / 10;
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, value]) => ({ name, percent: percent(value) }));
  return {
    sampledMs: Math.round(busy / 1000),
    topFunctions: top(self, 15).map(({ name, percent: selfPercent }) => ({ frame: name, selfPercent })),
    packagesSelf: top(packageSelf, 12),
    packagesInclusive: top(packageInclusive, 12).filter(({ name }) => name !== '(root)'),
  };
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function frameName({ functionName, url, lineNumber }: CpuProfile['nodes'][number]['callFrame']): string {
  const name = functionName || '(anonymous)';
  if (!url) return name;
  return `${name} ${shortUrl(url)}:${lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) return path.slice(inModules + '/node_modules/'.length);
  return path.startsWith(REPO_ROOT) ? path.slice(REPO_ROOT.length) : path;
}

/** The npm package (scoped or not), `node:` core, the app's own src/, or a V8 pseudo-frame. */
function packageOf({ functionName, url }: CpuProfile['nodes'][number]['callFrame']): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node core';
  // The innermost node_modules names the package whose code this is (nested installs included).
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(url);
  if (match) return match[1]!;
  return url.includes('/src/') || url.includes('/dist/') ? 'app (src/, dist/)' : shortUrl(url);
}
