import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCompiled } from '../support/compiled.js';

// The build's two workflow bundles (src/temporal/worker.ts): a worker without tracing must not pay
// for the tracing interceptors in every cached workflow.
describe('the prebuilt workflow bundles', () => {
  const dist = join(ensureCompiled(), '..');
  const read = (name: string) => readFileSync(join(dist, name), 'utf8');

  it('holds the tracing interceptors in the traced bundle only', () => {
    expect(read('workflow-bundle-traced.js')).toContain('OpenTelemetryInboundInterceptor');
    expect(read('workflow-bundle.js')).not.toContain('OpenTelemetryInboundInterceptor');
  });

  it('holds the order and return workflows in both', () => {
    for (const bundle of ['workflow-bundle.js', 'workflow-bundle-traced.js']) {
      expect(read(bundle)).toContain('OrderWorkflow');
      expect(read(bundle)).toContain('ReturnWorkflow');
    }
  });
});
