import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import cors from '@fastify/cors';
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
import { CODEC_PATHS, CODEC_SECURITY, codecCorsOptions, registerCodecServer } from '../temporal/codec-server.js';
import type { EncryptionCodec } from '../temporal/payload-encryption.js';
import { registerAuthentication, registerAuthorization, securityRequirementsOf } from './auth.js';
import { registerIdempotency } from './idempotency.js';
import { registerExactJsonParser } from './json-body.js';
import { registerHttpObservability } from './observability.js';
import { rawClientErrorResponse, registerProblemHandlers, sendFrameworkProblem, sendProblem } from './problem.js';
import { registerRateLimit } from './rate-limit.js';
import { OneLinePerRequest } from './request-logging.js';
import { securityHeaders } from './security-headers.js';
import { optionalBodiesOf, registerContractValidation } from './validation.js';

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
  /** The dev command without a key, and tests: requests without a token act as the development operator. */
  anonymousIsDevelopmentOperator: boolean;
  idempotency: IdempotencyStore;
  rateLimit: { perMinute: number; maxClients: number };
  /** Which peers' X-Forwarded-For names the client (the rate limit's address key). */
  trustProxy: false | number | string[];
  corsOrigins: string[];
  /** With payload encryption on: the codec server for the Temporal UI and CLI, and the UI's origins. */
  codecServer?: { codec: EncryptionCodec; corsOrigins: string[] };
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  // Known once the routes are registered (below); the parser's errors need it before any request.
  let allowedMethods: AllowedMethods = () => [];
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new OneLinePerRequest(),
    bodyLimit: options.bodyLimitBytes,
    requestTimeout: options.requestTimeoutMs,
    // A hop count trusts that many proxies nearest to us, the way proxy-addr counts them.
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : options.trustProxy,
    // During shutdown, a request that arrives on a kept-alive connection is still served (and the
    // connection then closed), rather than answered with Fastify's own non-problem 503.
    return503OnClosing: false,
    // Keep a caller's request id (so one id follows a request across services), else make one.
    // Errors Fastify raises before routing (a malformed URL, an over-long parameter) and those Node's
    // HTTP parser raises before Fastify sees a request: problem+json too.
    frameworkErrors: (error, request, reply) => sendFrameworkProblem(error, request, reply, allowedMethods),
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
  const rawSpec = await readFile(OPENAPI_SPEC_PATH, 'utf8');
  const spec = parseYaml(rawSpec);
  registerHttpObservability(app, { metrics: options.metrics, tracer: options.tracer });
  registerContractValidation(app, optionalBodiesOf(spec));
  registerExactJsonParser(app);
  registerProblemHandlers(app, allowedMethods);
  const requirements = securityRequirementsOf(spec);
  if (options.codecServer) for (const [operation, roles] of CODEC_SECURITY) requirements.set(operation, roles);
  // Before authentication: a preflight carries no token, and a 401 must reach the browser's page with CORS headers.
  await registerCors(app, options.corsOrigins, options.codecServer?.corsOrigins ?? []);
  // In this order: who is calling, their turn at the rate limit (refused requests count too), then 401/403.
  registerAuthentication(app, { tokens: options.tokens, requirements, anonymousIsDevelopmentOperator: options.anonymousIsDevelopmentOperator });
  registerRateLimit(app, options.rateLimit);
  registerAuthorization(app, { requirements });
  registerIdempotency(app, options.idempotency);

  // The docs UI loads its own scripts and styles from this origin; nothing else is served as HTML.
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"] },
    },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(swagger, { mode: 'static', specification: { path: OPENAPI_SPEC_PATH, baseDir: '' } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.yaml', { schema: { hide: true } }, (_request, reply) => reply.type('application/yaml').send(rawSpec));

  if (options.codecServer) registerCodecServer(app, options.codecServer.codec);
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

/** Two audiences: the API's browser clients (CORS_ORIGINS) and the Temporal UI, which may only call the codec server. */
async function registerCors(app: FastifyInstance, apiOrigins: string[], codecOrigins: string[]): Promise<void> {
  if (apiOrigins.length === 0 && codecOrigins.length === 0) return;
  const api = {
    origin: apiOrigins.length > 0 ? apiOrigins : false,
    exposedHeaders: [
      'location',
      'etag',
      'link',
      'x-request-id',
      'retry-after',
      'idempotent-replayed',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ],
  };
  const codec = codecCorsOptions(codecOrigins);
  await app.register(cors, { delegator: (request, callback) => callback(null, CODEC_PATHS.includes(request.url.split('?')[0]!) ? codec : api) });
}
