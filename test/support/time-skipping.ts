/**
 * Temporal's time-skipping test server (the Java test server, resolved once per machine by
 * src/dev/temporal-test-server.ts), for the tests of long timers: a test says how far the workflow
 * clock jumps; the API, the worker and PostgreSQL stay real.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalTestServer } from '../../src/dev/temporal-test-server.js';
import { searchAttributeTypes } from '../../src/temporal/search-attributes.js';

export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await startWithRetries(await resolveTemporalTestServer());
  // The test server answers AddSearchAttributes but not ListSearchAttributes: register them directly.
  await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: searchAttributeTypes() });
  return env;
}

/**
 * The SDK gives the test server's JVM 5 s to listen, which a loaded 2-core machine sometimes misses
 * ("did not start within 5s"): try again rather than fail the file.
 */
async function startWithRetries(path: string, attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
