import type { FastifyInstance, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import { DEVELOPMENT_OPERATOR } from '../auth/principal.js';
import { TooManyRequests } from '../shared/errors.js';
import { type RateVerdict, SlidingWindowLimiter } from './rate-window.js';

/** Load balancers' probes: a 429 would take a healthy replica out of rotation (or restart it). */
const PROBES = new Set(['/healthz', '/readyz']);

/** How many clients' worth one IPv6 /48 (a site: what one customer of a provider gets) may send in all. */
export const NETWORK_SHARE = 16;

/**
 * The per-client rate limit, per replica (a global limit belongs in front of the replicas: see
 * docs/security.md). Registered between authentication and authorization, so it counts every request,
 * including those about to be refused with 401 or 403, and keys each by who sent it: the role and
 * verified subject of a valid token (many clients may share an address; a customer whose subject
 * equals an operator's does not share the operator's counter), else the client address (an IPv6
 * client by its /64, which one client usually holds whole). Subjects and addresses have separate
 * tables, so a flood from many addresses never touches a signed-in client's counter. Addresses cost
 * little in IPv6, so a /48 as a whole gets NETWORK_SHARE times the limit: a flood of new /64s from
 * one site is refused before it can take the places of other clients' counters.
 */
export function registerRateLimit(app: FastifyInstance, options: { perMinute: number; maxClients: number }): void {
  if (options.perMinute === 0) return;
  const settings = { limit: options.perMinute, windowMs: 60_000, maxKeys: options.maxClients };
  const subjects = new SlidingWindowLimiter(settings);
  const addresses = new SlidingWindowLimiter(settings);
  const networks = new SlidingWindowLimiter({ ...settings, limit: options.perMinute * NETWORK_SHARE });

  const verdictFor = (request: FastifyRequest): RateVerdict => {
    const verified = request.principal !== null && request.principal !== DEVELOPMENT_OPERATOR ? request.principal : undefined;
    if (verified) return subjects.take(`${verified.role}:${verified.subject}`);
    const { address, network } = clientOf(request);
    if (network === undefined) return addresses.take(address);
    // The network first, without counting: a refused site does not get to touch the address table.
    const site = networks.check(network);
    if (!site.allowed) return site;
    const verdict = addresses.take(address);
    if (verdict.allowed) networks.take(network);
    return verdict;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== undefined && PROBES.has(request.routeOptions.url)) return;
    const verdict = verdictFor(request);
    reply.header('x-ratelimit-limit', verdict.limit).header('x-ratelimit-remaining', verdict.remaining).header('x-ratelimit-reset', verdict.resetSeconds);
    if (!verdict.allowed) {
      reply.header('retry-after', verdict.retryAfterSeconds);
      throw new TooManyRequests();
    }
  });
}

/**
 * The client's address as a bucket key (X-Forwarded-For only from the proxies TRUST_PROXY names), and
 * for IPv6 the /48 it belongs to.
 */
export function clientOf(request: FastifyRequest): { address: string; network?: string } {
  if (!ipaddr.isValid(request.ip)) return { address: request.ip };
  const address = ipaddr.process(request.ip);
  if (address.kind() === 'ipv4') return { address: address.toString() };
  const prefix = (groups: number) =>
    (address as ipaddr.IPv6).parts
      .slice(0, groups)
      .map((part) => part.toString(16))
      .join(':');
  return { address: `${prefix(4)}::/64`, network: `${prefix(3)}::/48` };
}
