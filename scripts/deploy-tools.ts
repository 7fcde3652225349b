/**
 * `make deploy-tools`: finds or builds, once per machine, what test/deploy/helm.test.ts runs (Helm, and
 * kubernetes-validate in a virtual environment), before the tests start: never inside a test's timeout.
 */
import { resolveHelm, resolveKubernetesValidate } from '../src/dev/deploy-tools.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const [helm, validate] = await Promise.all([resolveHelm({ build: true, log }), resolveKubernetesValidate({ install: true, log })]);
process.stdout.write(`helm: ${helm}\nkubernetes-validate: ${validate}\n`);
