import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { ORDER_SEARCH_ATTRIBUTES } from '../orders/search-attributes.js';

// @temporalio/proto is CommonJS: under Node's ESM loader only its default export is reliable.
const { temporal } = proto;
const INDEXED_TYPE = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
} as const;

/** The order search attributes as the operator service registers them: name → indexed type. */
export const searchAttributeTypes = (keys: readonly { name: string; type: string }[] = ORDER_SEARCH_ATTRIBUTES) =>
  Object.fromEntries(keys.map((key) => [key.name, INDEXED_TYPE[key.type as keyof typeof INDEXED_TYPE]]));

const GRPC = { INVALID_ARGUMENT: 3, ALREADY_EXISTS: 6, UNAVAILABLE: 14 } as const;

/**
 * Registers the order search attributes on a cluster that lacks them (the dev server gets them at
 * start) and returns once the frontend accepts them. Without them, starting an order's workflow
 * fails, so the API and the worker do this at start. The server's registration is not safe against
 * concurrent calls (two processes can map one attribute to two columns), so callers serialise it
 * (main.ts holds an advisory lock on the app's database); losing a race to another deployment is
 * still handled here.
 *
 * With SQL visibility (the Temporal server on PostgreSQL) each attribute is mapped to a free column
 * of its type in the namespace's configuration, and the frontend sees a new mapping only when its
 * namespace cache refreshes: a start in between fails with "no mapping defined for search attribute".
 */
export async function ensureSearchAttributes(client: Client, namespace: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (let attempt = 1; ; attempt++) {
    const missing = await missingAttributes(client, namespace);
    if (missing.length === 0) break;
    try {
      await client.connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: searchAttributeTypes(missing),
      });
    } catch (error) {
      // ALREADY_EXISTS: another process registered them in between (Elasticsearch visibility).
      // UNAVAILABLE: another process took the same column at the same moment (SQL visibility):
      // list again, and add what is still missing.
      const code = (error as { code?: number }).code;
      if ((code !== GRPC.ALREADY_EXISTS && code !== GRPC.UNAVAILABLE) || Date.now() > deadline) throw error;
      await sleep(100 * attempt);
    }
  }
  await untilAccepted(client, namespace, deadline);
}

async function missingAttributes(client: Client, namespace: string) {
  const { customAttributes } = await client.connection.operatorService.listSearchAttributes({ namespace });
  const existing = new Set(Object.keys(customAttributes ?? {}));
  return ORDER_SEARCH_ATTRIBUTES.filter((key) => !existing.has(key.name));
}

/** A count query names every attribute: the frontend refuses it (INVALID_ARGUMENT) until it maps them all, as it would refuse a start. */
async function untilAccepted(client: Client, namespace: string, deadline: number): Promise<void> {
  const query = ORDER_SEARCH_ATTRIBUTES.map((key) => (key.type === 'INT' ? `${key.name} = 0` : `${key.name} = ''`)).join(' AND ');
  for (;;) {
    try {
      await client.workflowService.countWorkflowExecutions({ namespace, query });
      return;
    } catch (error) {
      if ((error as { code?: number }).code !== GRPC.INVALID_ARGUMENT || Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}
