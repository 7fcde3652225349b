import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import type { Tracer } from '@opentelemetry/api';
import type { Metrics } from '../observability/metrics.js';
import type { IdempotencyStore } from '../idempotency/store.js';
import { parse as parseYaml } from 'yaml';
import type { TokenService } from '../auth/tokens.js';
import { type AllowedMethods, recordAllowedMethods } from './allowed-methods.js';
import { registerAuthentication, securityRequirementsOf } from './auth.js';
import { registerIdempotency } from './idempotency.js';
import { registerExactJsonParser } from './json-body.js';
import { registerHttpObservability } from './observability.js';
import { rawClientErrorResponse, registerProblemHandlers, sendProblem, toProblem } from './problem.js';
import { registerContractValidation } from './validation.js';

/** The contract: routes, validation and the served docs all come from this one file. */
export const OPENAPI_SPEC_PATH = fileURLToPath(new URL('../../api/openapi.yaml', import.meta.url));

export interface HttpServerOptions {
  logger: FastifyBaseLogger;
  metrics: Metrics;
  /** Undefined when tracing is off. */
  tracer: Tracer | undefined;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  /** Handlers by operationId, for every operation in the contract. */
  handlers: Record<string, unknown>;
  tokens: TokenService;
  /** Development and tests: requests without a token act as the development operator. */
  anonymousIsDevelopmentOperator: boolean;
  idempotency: IdempotencyStore;
  rateLimitPerMinute: number;
  corsOrigins: string[];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  // Known once the routes are registered (below); the parser's errors need it before any request.
  let allowedMethods: AllowedMethods = () => [];
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes,
    requestTimeout: options.requestTimeoutMs,
    // During shutdown, a request that arrives on a kept-alive connection is still served (and the
    // connection then closed), rather than answered with Fastify's own non-problem 503.
    return503OnClosing: false,
    // Keep a caller's request id (so one id follows a request across services), else make one.
    // Errors Fastify raises before routing (a malformed URL, an over-long parameter) and those Node's
    // HTTP parser raises before Fastify sees a request: problem+json too.
    frameworkErrors: (error, request, reply) => sendProblem(reply, request, toProblem(error)),
    // Node would answer a request without Host with a bare 400 of its own; we answer it (below) with a problem.
    http: { requireHostHeader: false },
    clientErrorHandler: (error, socket) => {
      if (socket.writable) socket.end(rawClientErrorResponse(error, allowedMethods));
    },
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') {
      return sendProblem(reply, request, {
        type: 'https://problems.orders.example/malformed-request',
        title: 'Malformed request',
        status: 400,
        detail: 'HTTP/1.1 requests need a Host header.',
      });
    }
  });

  allowedMethods = recordAllowedMethods(app);
  registerHttpObservability(app, { metrics: options.metrics, tracer: options.tracer });
  registerContractValidation(app);
  registerExactJsonParser(app);
  registerProblemHandlers(app, allowedMethods);
  const rawSpec = await readFile(OPENAPI_SPEC_PATH, 'utf8');
  registerAuthentication(app, {
    tokens: options.tokens,
    requirements: securityRequirementsOf(parseYaml(rawSpec)),
    anonymousIsDevelopmentOperator: options.anonymousIsDevelopmentOperator,
  });
  registerIdempotency(app, options.idempotency);

  await app.register(helmet, {
    // The docs UI loads its own scripts and styles from this origin; nothing else is served as HTML.
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"] },
    },
  });
  if (options.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: options.corsOrigins,
      exposedHeaders: ['location', 'etag', 'link', 'x-request-id', 'retry-after', 'idempotent-replayed'],
    });
  }
  if (options.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: options.rateLimitPerMinute,
      timeWindow: 60_000,
      // Per client: its token when it sends one (many clients may share an address), else its address.
      keyGenerator: (request) => request.headers.authorization ?? request.ip,
      allowList: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url.split('?')[0]!),
    });
  }

  await app.register(swagger, { mode: 'static', specification: { path: OPENAPI_SPEC_PATH, baseDir: '' } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.yaml', { schema: { hide: true } }, (_request, reply) => reply.type('application/yaml').send(rawSpec));

  await app.register(openapiGlue, {
    specification: OPENAPI_SPEC_PATH,
    // Fail at start when the contract has an operation without a handler, rather than 500 at run time.
    operationResolver: (operationId: string) => {
      const handler = options.handlers[operationId];
      if (typeof handler !== 'function') throw new Error(`api/openapi.yaml defines ${operationId}, but no handler implements it`);
      return handler as (...args: unknown[]) => unknown;
    },
    // The plugin warns that no parser reads application/problem+json: true, we only ever send it.
    logLevel: 'error',
  });
  return app;
}
