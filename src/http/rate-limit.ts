import type { FastifyInstance, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import { DEVELOPMENT_OPERATOR } from '../auth/principal.js';
import { TooManyRequests } from '../shared/errors.js';
import { SlidingWindowLimiter } from './rate-window.js';

/** Load balancers' probes: a 429 would take a healthy replica out of rotation (or restart it). */
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * The per-client rate limit, per replica (a global limit belongs in front of the replicas: see README
 * "Security"). Registered between authentication and authorization, so it counts every request,
 * including those about to be refused with 401 or 403, and keys each by who sent it: the verified
 * subject of a valid token (many clients may share an address), else the client address (an IPv6
 * client by its /64, which one client usually holds whole). Subjects and addresses have separate
 * tables, so a flood from many addresses never touches a signed-in client's counter.
 */
export function registerRateLimit(app: FastifyInstance, options: { perMinute: number; maxClients: number }): void {
  if (options.perMinute === 0) return;
  const settings = { limit: options.perMinute, windowMs: 60_000, maxKeys: options.maxClients };
  const subjects = new SlidingWindowLimiter(settings);
  const addresses = new SlidingWindowLimiter(settings);

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== undefined && PROBES.has(request.routeOptions.url)) return;
    const verified = request.principal !== null && request.principal !== DEVELOPMENT_OPERATOR ? request.principal : undefined;
    const verdict = verified ? subjects.take(verified.subject) : addresses.take(clientAddressOf(request));
    reply.header('x-ratelimit-limit', verdict.limit).header('x-ratelimit-remaining', verdict.remaining).header('x-ratelimit-reset', verdict.resetSeconds);
    if (!verdict.allowed) {
      reply.header('retry-after', verdict.retryAfterSeconds);
      throw new TooManyRequests();
    }
  });
}

/** The client's address as a bucket key (X-Forwarded-For only from the proxies TRUST_PROXY names). */
export function clientAddressOf(request: FastifyRequest): string {
  if (!ipaddr.isValid(request.ip)) return request.ip;
  const address = ipaddr.process(request.ip);
  if (address.kind() === 'ipv4') return address.toString();
  return `${(address as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}
