import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEVELOPMENT_OPERATOR, type Principal } from '../auth/principal.js';
import type { TokenService } from '../auth/tokens.js';
import { Forbidden, Unauthenticated } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, on every operation the contract protects. */
    principal: Principal | null;
    /** Why authentication refused the caller, until authorization answers 401. */
    authenticationFailure: Unauthenticated | null;
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

/** The route's security requirement; undefined for an unknown route (a 404 follows). */
function requirementOf(request: FastifyRequest, requirements: SecurityRequirements): string[] | 'public' | undefined {
  const template = request.routeOptions.url;
  if (template === undefined) return undefined;
  // HEAD is GET without the body: the same operation, the same rules.
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  return requirements.get(`${method} ${template.replace(/:(\w+)/g, '{$1}')}`);
}

/**
 * Authentication, first thing on every request (before the body is even parsed): a protected
 * operation's caller is established from its bearer token, or the failure is kept for
 * `registerAuthorization`, so that the rate limit in between counts rejected requests too. Without a
 * token a request is refused, except in the dev command without a key, where it acts as the
 * development operator.
 */
export function registerAuthentication(
  app: FastifyInstance,
  options: { tokens: TokenService; requirements: SecurityRequirements; anonymousIsDevelopmentOperator: boolean },
): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('authenticationFailure', null);
  app.addHook('onRequest', async (request) => {
    const roles = requirementOf(request, options.requirements);
    if (roles === undefined || roles === 'public') return;
    const header = request.headers.authorization;
    if (header === undefined && options.anonymousIsDevelopmentOperator) {
      request.principal = DEVELOPMENT_OPERATOR;
      return;
    }
    const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header ?? '')?.[1];
    try {
      if (!token) throw new Unauthenticated();
      request.principal = await options.tokens.verify(token);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      request.authenticationFailure = error;
    }
  });
}

/** Refuses what authentication did not admit (401), and callers whose role the operation does not list (403). */
export function registerAuthorization(app: FastifyInstance, options: { requirements: SecurityRequirements }): void {
  app.addHook('onRequest', async (request) => {
    if (request.authenticationFailure) throw request.authenticationFailure;
    const roles = requirementOf(request, options.requirements);
    if (roles === undefined || roles === 'public') return;
    const principal = principalOf(request);
    if (roles.length > 0 && !roles.includes(principal.role)) throw new Forbidden(`This operation is not open to the ${principal.role} role.`);
  });
}
