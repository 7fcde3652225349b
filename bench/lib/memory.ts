import { readFileSync } from 'node:fs';

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  return Math.round((kib / 1024) * 10) / 10;
}

/** Samples the RSS of some processes every 200 ms and keeps each one's peak. */
export class PeakRss {
  private readonly peaks = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: number[]) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
  }

  private sample(): void {
    for (const pid of this.pids) {
      try {
        this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, rssMiB(pid)));
      } catch {
        // the process ended; its last peak stands
      }
    }
  }

  stop(): Map<number, number> {
    clearInterval(this.timer);
    this.sample();
    return this.peaks;
  }
}
