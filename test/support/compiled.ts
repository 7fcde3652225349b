/**
 * The compiled entry point (dist/main.js and its workflow bundle, what the image runs), for tests that start the container
 * roles. `make test` builds dist/ first (only when a source changed); a test file run on its own
 * builds it here when it is missing or older than a source, so it never runs stale code.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const COMPILED_MAIN = join(root, 'dist', 'main.js');

function newestSource(): number {
  const inputs = [
    'tsconfig.json',
    'tsconfig.build.json',
    ...readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).map((file) => join('src', file)),
  ];
  return Math.max(...inputs.map((file) => statSync(join(root, file)).mtimeMs));
}

export function ensureCompiled(): string {
  const built = statSync(COMPILED_MAIN, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built < newestSource()) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, [join(root, 'dist', 'temporal', 'workflow-bundle.js')], { cwd: root, stdio: 'inherit' });
  }
  return COMPILED_MAIN;
}
