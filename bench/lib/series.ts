import { settings } from '../settings.js';
import { CpuMeter } from './cpu.js';
import type { RunResult } from './stats.js';

export type Measure = (concurrency: number, seconds: number) => Promise<RunResult>;

/** The same measurement, with the cores each process kept busy during it. */
export function withCpu(pids: Record<string, number>, measure: Measure): Measure {
  return async (concurrency, seconds) => {
    const meter = new CpuMeter(pids);
    const result = await measure(concurrency, seconds);
    return { ...result, cpu: meter.stop() };
  };
}

/** Runs `measure` at every concurrency level after one discarded warm-up run, printing as it goes. */
export async function series(name: string, measure: Measure): Promise<RunResult[]> {
  return (await interleaved({ [name]: measure }))[name]!;
}

/**
 * Several measurements taken turn about at each concurrency level, so the ones compared with each
 * other (an endpoint and its ceiling) see the machine in the same state: disk sync latency on
 * this kind of machine drifts by several times within a minute.
 */
export async function interleaved(measures: Record<string, Measure>): Promise<Record<string, RunResult[]>> {
  const results: Record<string, RunResult[]> = {};
  for (const [name, measure] of Object.entries(measures)) {
    await measure(16, settings.warmUpSeconds);
    results[name] = [];
  }
  for (const concurrency of settings.concurrency) {
    for (const [name, measure] of Object.entries(measures)) {
      const result = await measure(concurrency, settings.seconds);
      console.log(`  ${name.padEnd(26)} c=${String(concurrency).padEnd(4)} ${formatRun(result)}`);
      results[name]!.push(result);
    }
  }
  return results;
}

export function formatRun(result: RunResult): string {
  const { p50, p95, p99 } = result.latencyMs;
  return `${result.rps.toFixed(0).padStart(6)} req/s  p50 ${p50.toFixed(1)}  p95 ${p95.toFixed(1)}  p99 ${p99.toFixed(1)} ms${
    result.failures
      ? `  failed: ${Object.entries(result.failures)
          .map(([kind, count]) => `${count} × ${kind}`)
          .join(', ')}`
      : ''
  }`;
}
