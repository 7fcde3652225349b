/**
 * How fast this machine's disk makes a small write durable (4 KiB write + fdatasync, back to
 * back). PostgreSQL commits and the Temporal dev server's SQLite both wait for this, and on a
 * virtual disk it drifts a lot, so it is sampled at every phase and reported with the results.
 */
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export function syncsPerSecond(directory: string, milliseconds = 500): number {
  const path = join(directory, 'disk-probe');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096, 1);
  let syncs = 0;
  const started = performance.now();
  try {
    while (performance.now() - started < milliseconds) {
      writeSync(fd, block, 0, block.length, 0);
      fdatasyncSync(fd);
      syncs++;
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return Math.round(syncs / ((performance.now() - started) / 1000));
}
