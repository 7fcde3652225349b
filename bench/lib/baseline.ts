/**
 * A before/after comparison needs the "before" in the same run, on the same machine and servers. The
 * baseline is a git checkout of an earlier commit (BENCH_BASELINE, by default the main branch at the
 * end of the previous stop), run from a temporary worktree with
 * its own node_modules (npm ci, about a minute) and a database of its own.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './processes.js';
import type { Cleanup } from './stack.js';

/** main at the end of the previous stop (stop 21): workflow version 5, before version 6's leaner history. */
export const BASELINE_REF = process.env.BENCH_BASELINE?.trim() || 'f26c679';

const git = (args: string[]) => promisify(execFile)('git', args, { cwd: REPO_ROOT });

export async function checkoutBaseline(cleanup: Cleanup, ref = BASELINE_REF): Promise<{ ref: string; commit: string; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'order-system-baseline-'));
  // A run that was killed leaves its worktree registered; forget those whose directory is gone.
  await git(['worktree', 'prune']);
  await git(['worktree', 'add', '--detach', '--force', root, ref]);
  cleanup.add('baseline checkout', async () => {
    await git(['worktree', 'remove', '--force', root]);
  });
  // Its own dependencies, as its lock file has them (this checkout's may lack a package it imports).
  await promisify(execFile)('npm', ['ci', '--include=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const { stdout } = await git(['rev-parse', '--short', ref]);
  return { ref, commit: stdout.trim(), root };
}
