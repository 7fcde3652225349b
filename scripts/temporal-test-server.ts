/** `make temporal-test-server`: finds or resolves (once per machine) the time-skipping test server; prints its launcher. */
import { resolveTemporalTestServer } from '../src/dev/temporal-test-server.js';

console.log(await resolveTemporalTestServer({ log: (line) => console.error(line) }));
