import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './processes.js';
import type { Infrastructure } from './stack.js';

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface Environment {
  /** The commit measured, and whether the code under src/, api/ or migrations/ differed from it. */
  commit: string;
  cores: number;
  cpu: string;
  /** 1, 5 and 15 minute load averages when the run started: other work skews every number. */
  loadAverage: number[];
  memoryGiB: number;
  versions: Record<string, string>;
  /** 4 KiB write + fdatasync per second, sampled at the start of each phase. */
  diskSyncsPerSecond?: number[];
}

export function describeEnvironment(infra: Infrastructure): Environment {
  return {
    commit: commitMeasured(),
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    loadAverage: loadavg(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    versions: {
      node: process.version,
      fastify: packageVersion('fastify'),
      pg: packageVersion('pg'),
      'temporal sdk': packageVersion('@temporalio/client'),
      postgres: infra.postgresVersion,
      'temporal cli': infra.temporalCliVersion.replace(/\n/g, ' '),
      autocannon: packageVersion('autocannon'),
    },
  };
}

function commitMeasured(): string {
  const git = (...args: string[]) => execFileSync('git', ['-C', REPO_ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const dirty = git('status', '--porcelain', '--', 'src', 'api', 'migrations', 'package.json') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes to the code' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
