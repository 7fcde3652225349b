/**
 * The project's typed API client, for the operator console and any other TypeScript consumer:
 * openapi-fetch over the types openapi-typescript generates from api/openapi.yaml
 * (src/http/api-types.ts), so a call that the contract does not allow does not compile.
 * Usage: src/client/README.md.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from '../http/api-types.js';

export type { components, operations, paths };
export type Schemas = components['schemas'];
export type Order = Schemas['Order'];
export type OrderEvent = Schemas['OrderEvent'];
export type Problem = Schemas['Problem'];
export type Return = Schemas['Return'];
export type OrdersClient = Client<paths>;

export interface OrdersClientOptions {
  /** Where the API is, e.g. `http://localhost:8080` (in a browser on the API's origin: `location.origin`). */
  baseUrl: string;
  /** A bearer token, or a function asked before every request (e.g. reading session storage). */
  token?: string | (() => string | undefined);
  fetch?: typeof globalThis.fetch;
}

export function createOrdersClient(options: OrdersClientOptions): OrdersClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { token } = options;
  if (token !== undefined) {
    client.use({
      onRequest({ request }) {
        const value = typeof token === 'function' ? token() : token;
        if (value) request.headers.set('authorization', `Bearer ${value}`);
        return request;
      },
    });
  }
  return client;
}

/** The query of a `Link: <...>; rel="next"` header (the next page's cursor and filters), if there is one. */
export function nextPageQuery(link: string | null): URLSearchParams | undefined {
  const target = /<([^>]*)>\s*;\s*rel="next"/.exec(link ?? '')?.[1];
  if (target === undefined) return undefined;
  return new URL(target, 'http://next.invalid').searchParams;
}

/** A fresh Idempotency-Key: one per user action, reused by its retries, so a retried POST does the work once. */
export const newIdempotencyKey = (): string => globalThis.crypto.randomUUID();
