/**
 * CPU time of a process and its descendants, from /proc (Linux). Read before and after a phase,
 * it tells which process was busy, and whether the machine was (2 cores = 2 CPU-seconds per
 * second): a pipeline slower than its processes' CPU allows waits on something else, e.g. fsync.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

interface Stat {
  pid: number;
  ppid: number;
  cpuSeconds: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** utime + stime of `pid` and every live descendant (PostgreSQL runs a process per connection). */
export function treeCpuSeconds(pid: number): number {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is Stat => stat !== undefined);
  const children = new Map<number, Stat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  let total = readStat(pid)?.cpuSeconds ?? 0;
  const pending = [pid];
  while (pending.length > 0) {
    for (const child of children.get(pending.pop()!) ?? []) {
      total += child.cpuSeconds;
      pending.push(child.pid);
    }
  }
  return total;
}

/** CPU-seconds the whole machine spent busy (every process, kernel included), from /proc/stat. */
function machineCpuSeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
  const busy = ticks.reduce((sum, value, index) => (index === 3 || index === 4 || index > 7 ? sum : sum + value!), 0);
  return busy / TICKS_PER_SECOND;
}

/** CPU-seconds each named process tree used between construction and stop(), per second of wall time. */
export class CpuMeter {
  private readonly before: Map<string, number>;
  private readonly started = process.hrtime.bigint();

  constructor(private readonly pids: Record<string, number>) {
    this.before = this.read();
  }

  private read(): Map<string, number> {
    const usage = process.cpuUsage();
    return new Map([
      ...Object.entries(this.pids).map(([name, pid]) => [name, treeCpuSeconds(pid)] as const),
      // This process alone (its descendants are the processes measured): the load generator.
      ['load generator', (usage.user + usage.system) / 1e6],
      // Everything, so that other work on the machine (which skews every number) shows.
      ['machine', machineCpuSeconds()],
    ]);
  }

  /** Cores busy on average, per process tree, their total, and the whole machine's. */
  stop(): Record<string, number> {
    const seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    const cores = [...this.read()].map(([name, after]) => [name, (after - this.before.get(name)!) / seconds] as const);
    const round = (value: number) => Math.round(value * 100) / 100;
    const total = cores.filter(([name]) => name !== 'machine').reduce((sum, [, value]) => sum + value, 0);
    return Object.fromEntries([...cores.map(([name, value]) => [name, round(value)]), ['total', round(total)]]);
  }
}
