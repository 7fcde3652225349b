import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from '../idempotency/store.js';
import { sendProblem } from './problem.js';
import { addRouteHook, routeAnswers } from './route-hooks.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's claim on its Idempotency-Key, when it sent one. */
    idempotency: (IdempotencyClaim & { settled: boolean }) | null;
  }
}

const KEY = /^[\x21-\x7e]{1,255}$/;
/** Replayed as they were: the headers a client may act on. */
const KEPT_HEADERS = ['content-type', 'location', 'etag'];

const PROBLEM = 'https://problems.orders.example/';

/**
 * A stable id for what this request asks for, derived from its Idempotency-Key and its caller
 * (the claim's scope: caller, method, path): a retry with the same key gets the same id, another
 * caller using the same key a different one. For Temporal update ids, so a retried cancel or
 * review decision asks about the same update instead of sending a second one. Undefined without a key.
 */
export function requestIdOf(request: FastifyRequest): string | undefined {
  const claim = request.idempotency;
  return claim ? createHash('sha256').update(`${claim.scope}\n${claim.key}`).digest('hex') : undefined;
}

/** The response to store for a request, from what is about to be sent. */
export function storedResponse(reply: FastifyReply, body: string): StoredResponse {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return { status: reply.statusCode, headers, body };
}

/**
 * Idempotency-Key on every POST: the first request with a key does the work and its response is
 * stored; a retry with the same key and body gets that response again (Idempotent-Replayed: true);
 * the same key with another body is 422; a retry while the first is still running is 409. Keys are
 * per caller and per path. A 5xx gives the key up, so retrying does the work. Handlers that can
 * store the response inside their own transaction (createOrder) do so and mark the claim settled;
 * should that transaction then fail (a 5xx), the key is given up all the same.
 */
export function registerIdempotency(app: FastifyInstance, store: IdempotencyStore): void {
  app.decorateRequest('idempotency', null);

  // Only POST routes carry the hooks: a read pays nothing for them.
  app.addHook('onRoute', (route) => {
    if (!routeAnswers(route, 'POST')) return;
    addRouteHook(route, 'preHandler', claimKey);
    addRouteHook(route, 'onSend', storeResponse);
  });

  async function claimKey(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (request.method !== 'POST') return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) {
      return sendProblem(reply, request, {
        type: `${PROBLEM}validation`,
        title: 'Invalid request',
        status: 400,
        detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters.',
      });
    }
    const caller = request.principal ? `${request.principal.role}:${request.principal.subject}` : 'anonymous';
    const claim = {
      scope: `${caller} ${request.method} ${request.url.split('?')[0]}`,
      key,
      requestHash: createHash('sha256')
        .update(JSON.stringify(request.body ?? null))
        .digest('hex'),
    };
    const result = await store.claim(claim);
    switch (result.kind) {
      case 'claimed':
        request.idempotency = { ...result.claim, settled: false };
        return;
      case 'replay':
        return reply
          .code(result.response.status)
          .headers({ ...result.response.headers, 'idempotent-replayed': 'true' })
          .send(result.response.body);
      case 'mismatch':
        return sendProblem(reply, request, {
          type: `${PROBLEM}idempotency-key-reused`,
          title: 'Idempotency-Key reused',
          status: 422,
          detail: 'This Idempotency-Key was used with a different request body. Use a new key for a new request.',
        });
      case 'in-progress':
        reply.header('retry-after', '1');
        return sendProblem(reply, request, {
          type: `${PROBLEM}idempotency-key-in-use`,
          title: 'Request in progress',
          status: 409,
          detail: 'A request with this Idempotency-Key is still being processed. Retry shortly to get its response.',
        });
    }
  }

  async function storeResponse(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const claim = request.idempotency;
    if (!claim) return payload;
    // Settled or not: a handler that stored its response in its own transaction marked the claim
    // settled before COMMIT, and a 5xx means that transaction did not commit (or the work failed
    // after it). Releasing is a no-op once the key holds a completed response.
    if (reply.statusCode >= 500) {
      claim.settled = true;
      await store.release(claim).catch((error: unknown) => request.log.warn({ err: error }, 'could not release an idempotency key'));
      return payload;
    }
    if (claim.settled) return payload;
    claim.settled = true;
    await store.complete(claim, storedResponse(reply, typeof payload === 'string' ? payload : String(payload ?? ''))).catch((error: unknown) => {
      // The response still goes out; the claim stays in progress until its lock runs out.
      request.log.warn({ err: error }, 'could not store the response of an idempotent request');
    });
    return payload;
  }
}
