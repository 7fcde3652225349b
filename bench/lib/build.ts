/**
 * The bench runs what production runs: the compiled JavaScript in dist/ (`node dist/main.js`, as the
 * image's ENTRYPOINT), built once at the start of a run from the checkout's own sources, so a run
 * never measures a stale dist/. `BENCH_RUNTIME=tsx` runs src/ under tsx instead (as `make run` does).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export type Runtime = 'dist' | 'tsx';

export const DEFAULT_RUNTIME: Runtime = process.env.BENCH_RUNTIME?.trim() === 'tsx' ? 'tsx' : 'dist';

const built = new Map<string, Promise<void>>();

/** `make build` (tsc, then the workflow bundle) for `root` (this checkout or a baseline's): dist/ emptied first, so no deleted module lingers. Once per root per run. */
export function buildOnce(root: string): Promise<void> {
  let build = built.get(root);
  if (!build) {
    build = (async () => {
      const started = Date.now();
      await rm(join(root, 'dist'), { recursive: true, force: true });
      await promisify(execFile)(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
        cwd: root,
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { stdout?: string }) => {
        throw new Error(`tsc -p tsconfig.build.json failed in ${root}:\n${error.stdout ?? String(error)}`);
      });
      // The workflow bundle, as `make build` writes it (a baseline checkout may predate it).
      if (existsSync(join(root, 'src', 'temporal', 'workflow-bundle.ts')))
        await promisify(execFile)(process.execPath, [join(root, 'dist', 'temporal', 'workflow-bundle.js')], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).catch(
          (error: { code?: unknown; signal?: unknown; stderr?: string }) => {
            throw new Error(`the workflow bundle failed in ${root} (exit ${String(error.code)}, signal ${String(error.signal)}):\n${error.stderr ?? ''}`);
          },
        );
      console.log(`  built ${join(root, 'dist')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    })();
    built.set(root, build);
  }
  return build;
}

/** The entry point and node flags of a runtime: the image's (source maps on, as its NODE_OPTIONS has them) or tsx's (startNode adds tsx for a `.ts` script). */
export function entryPoint(runtime: Runtime): { script: string; nodeArgs: string[] } {
  return runtime === 'dist' ? { script: 'dist/main.js', nodeArgs: ['--enable-source-maps'] } : { script: 'src/main.ts', nodeArgs: [] };
}
