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

/**
 * Registers the order search attributes on a cluster that lacks them (the dev server gets them at
 * start). Idempotent: an attribute that already exists is fine. Without them, starting an order's
 * workflow would fail, so the API and the worker do this at start.
 */
export async function ensureSearchAttributes(client: Client, namespace: string): Promise<void> {
  const { customAttributes } = await client.connection.operatorService.listSearchAttributes({ namespace });
  const existing = new Set(Object.keys(customAttributes ?? {}));
  const missing = ORDER_SEARCH_ATTRIBUTES.filter((key) => !existing.has(key.name));
  if (missing.length === 0) return;
  try {
    await client.connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: searchAttributeTypes(missing),
    });
  } catch (error) {
    // Another process registered them in between.
    if ((error as { code?: number }).code !== 6 /* ALREADY_EXISTS */) throw error;
  }
}
