import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/dev/free-port.js';
import { temporalFailureKind } from '../../src/temporal/client-errors.js';

/** Real calls to the shared Temporal dev server (and to a port where none listens), classified. */
let temporal: Client;
beforeAll(async () => {
  temporal = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }), namespace: 'default' });
});
afterAll(() => temporal.connection.close());

const failureOf = (call: Promise<unknown>) => call.then(() => 'succeeded', temporalFailureKind);
const uniqueId = () => `client-errors-${Math.random().toString(36).slice(2)}`;
const start = (workflowId: string) =>
  temporal.workflow.start('OrderWorkflow', { workflowId, taskQueue: `no-worker-${workflowId}`, args: [{}], workflowIdReusePolicy: 'REJECT_DUPLICATE' });

describe('Temporal client errors, by typed error and gRPC status code', () => {
  it('a server nobody listens on, and a deadline that passes, are "unavailable"', async () => {
    const nowhere = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}` }) });
    try {
      await expect(failureOf(nowhere.connection.withDeadline(Date.now() + 1000, () => nowhere.workflowService.getSystemInfo({})))).resolves.toBe('unavailable');
      const started = nowhere.connection.withDeadline(Date.now() + 1000, () =>
        nowhere.workflow.start('OrderWorkflow', { workflowId: uniqueId(), taskQueue: 'nowhere', args: [{}] }),
      );
      await expect(failureOf(started)).resolves.toBe('unavailable');
    } finally {
      await nowhere.connection.close();
    }
    await expect(failureOf(temporal.connection.withDeadline(Date.now() + 1, () => temporal.workflow.getHandle(uniqueId()).describe()))).resolves.toBe(
      'unavailable',
    );
  });

  it('a second start of one workflow id is "already-started"', async () => {
    const id = uniqueId();
    await start(id);
    await expect(failureOf(start(id))).resolves.toBe('already-started');
    await temporal.workflow.getHandle(id).terminate();
  });

  it('a workflow that does not exist, and an update to one that has finished, are "not-found"', async () => {
    await expect(failureOf(temporal.workflow.getHandle(uniqueId()).describe())).resolves.toBe('not-found');
    const id = uniqueId();
    await start(id);
    await temporal.workflow.getHandle(id).terminate();
    await expect(failureOf(temporal.workflow.getHandle(id).executeUpdate('approve', { args: [{ actor: 'test' }] }))).resolves.toBe('not-found');
  });

  it('an update nobody confirms within the deadline (no worker) is "update-unconfirmed", not "unavailable"', async () => {
    const id = uniqueId();
    await start(id);
    const update = temporal.connection.withDeadline(Date.now() + 1000, () =>
      temporal.workflow.getHandle(id).executeUpdate('approve', { args: [{ actor: 'test' }] }),
    );
    await expect(failureOf(update)).resolves.toBe('update-unconfirmed');
    await temporal.workflow.getHandle(id).terminate();
  });

  it('a call Temporal answers with a refusal (an unknown namespace, a malformed request) is "rejected", never "unavailable"', async () => {
    const elsewhere = new Client({ connection: temporal.connection, namespace: `missing-${uniqueId()}` });
    await expect(failureOf(elsewhere.workflow.getHandle(uniqueId()).describe())).resolves.toBe('rejected');
    await expect(failureOf(temporal.workflowService.startWorkflowExecution({ namespace: 'default' }))).resolves.toBe('rejected');
  });

  it('an error that did not come from Temporal is left alone', () => {
    expect(temporalFailureKind(new Error('deadline exceeded: connect ECONNREFUSED unavailable'))).toBeUndefined();
  });
});
