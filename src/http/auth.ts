import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEVELOPMENT_OPERATOR, type Principal } from '../auth/principal.js';
import type { TokenService } from '../auth/tokens.js';
import { Forbidden, Unauthenticated } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, on every operation the contract protects. */
    principal: Principal | null;
  }
}

/** The caller of a request that passed authentication. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Unauthenticated();
  return request.principal;
}

/** Per operation ("GET /orders/{id}"): the roles it admits, or 'public'. */
export type SecurityRequirements = Map<string, string[] | 'public'>;

interface OpenApiOperation {
  security?: Record<string, string[]>[];
}

/**
 * Reads who may call what from the contract: an operation's `security` lists the roles its
 * `bearerAuth` requirement admits; `security: []` makes it public.
 */
export function securityRequirementsOf(spec: { paths: Record<string, Record<string, OpenApiOperation>> }): SecurityRequirements {
  const requirements: SecurityRequirements = new Map();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const security = operation.security;
      if (!security) throw new Error(`api/openapi.yaml: ${method.toUpperCase()} ${path} must declare its security (security: [] for a public operation)`);
      requirements.set(`${method.toUpperCase()} ${path}`, security.length === 0 ? 'public' : (security[0]!.bearerAuth ?? []));
    }
  }
  return requirements;
}

/**
 * Authentication and role checks, first thing on every request (before the body is even parsed).
 * A request with a token is always verified and its role enforced; one without is refused, except
 * in development and tests, where it acts as the development operator.
 */
export function registerAuthentication(
  app: FastifyInstance,
  options: { tokens: TokenService; requirements: SecurityRequirements; anonymousIsDevelopmentOperator: boolean },
): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const template = request.routeOptions.url;
    if (template === undefined) return; // no such route: a 404 follows
    // HEAD is GET without the body: the same operation, the same rules.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const roles = options.requirements.get(`${method} ${template.replace(/:(\w+)/g, '{$1}')}`);
    if (roles === undefined || roles === 'public') return;

    const header = request.headers.authorization;
    let principal: Principal;
    if (header === undefined && options.anonymousIsDevelopmentOperator) {
      principal = DEVELOPMENT_OPERATOR;
    } else {
      const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header ?? '')?.[1];
      if (!token) throw new Unauthenticated();
      principal = await options.tokens.verify(token);
    }
    if (roles.length > 0 && !roles.includes(principal.role)) throw new Forbidden(`This operation is not open to the ${principal.role} role.`);
    request.principal = principal;
  });
}
