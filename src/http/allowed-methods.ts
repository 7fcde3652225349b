import type { FastifyInstance } from 'fastify';

/** The methods the server answers at a concrete path (`/orders/7`); empty when no route has that path. */
export type AllowedMethods = (path: string) => string[];

/** A method as RFC 9110 spells one (a token), and the target that follows it on a request line. */
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/1\.[01]\r?\n/;

function patternOf(url: string): RegExp {
  const source = url
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/:[A-Za-z0-9_]+/g, '[^/]+')
    .replace(/\*/g, '.*');
  return new RegExp(`^${source}$`);
}

/**
 * Records every route as it is registered, so that a request with another method on a path the
 * server has is answered 405 with `Allow` (RFC 9110 §15.5.6) instead of 404: the contract declares
 * each path's methods, and TRACE, PATCH or any other token are not among them. Register before the
 * routes. Catch-all routes (CORS answers OPTIONS on `*`) name no path and are left out.
 */
export function recordAllowedMethods(app: FastifyInstance): AllowedMethods {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url === '*' || route.url === '/*') return;
    routes.push({ pattern: patternOf(route.url), methods: [route.method].flat() });
  });
  return (path) => {
    const methods = new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods));
    return [...methods].sort();
  };
}

/**
 * The method and path of a request Node's HTTP parser refused, read from the bytes it kept, when
 * its request line is well-formed: the parser refuses methods it does not know (`FOO /orders`),
 * which deserve the same 405 as the ones it knows.
 */
export function requestLineOf(rawPacket: unknown): { method: string; path: string } | undefined {
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  const match = REQUEST_LINE.exec(rawPacket.subarray(0, 8_192).toString('latin1'));
  if (!match) return undefined;
  return { method: match[1]!, path: match[2]!.split('?')[0]! };
}
