import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../shared/errors.js';
import { type AllowedMethods, requestLineOf } from './allowed-methods.js';
import { MalformedJson } from './json-body.js';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { pointer: string; message: string }[];
  /** How many errors the validator reported, when `errors` lists only the first of them. */
  error_count?: number;
}

const PROBLEM_BASE = 'https://problems.orders.example/';

/**
 * A problem stays small whatever the request was: it lists the first few errors and counts them,
 * and what it repeats of the request (a key, a number, a URL) is clipped, so neither the answer
 * nor its log line grows with the body.
 */
const MAX_LISTED_ERRORS = 5;
const MAX_QUOTED_CHARS = 200;
const MAX_DETAIL_CHARS = 2_000;
const MAX_INSTANCE_CHARS = 1_000;

/** `text`, cut to `max` characters (never inside a surrogate pair) with an ellipsis when it was longer. */
export function clipped(text: string, max = MAX_QUOTED_CHARS): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

function problem(status: number, slug: string, title: string, detail?: string): Problem {
  return { type: `${PROBLEM_BASE}${slug}`, title, status, ...(detail ? { detail } : {}) };
}

/** The one place where an error becomes an HTTP response. */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    switch (error.kind) {
      case 'invalid': {
        const pointer = 'pointer' in error ? String(error.pointer) : '';
        return {
          ...problem(400, 'validation', 'Invalid request', `${pointer.slice(1) || 'body'} ${error.message}`),
          errors: [{ pointer, message: error.message }],
        };
      }
      case 'unauthenticated':
        return problem(401, 'unauthenticated', 'Unauthenticated', error.message);
      case 'forbidden':
        return problem(403, 'forbidden', 'Forbidden', error.message);
      case 'not-found':
        return problem(404, 'not-found', 'Not found', error.message);
      case 'precondition-failed':
        return problem(412, 'precondition-failed', 'Precondition failed', error.message);
      case 'conflict':
        return problem(409, 'conflict', 'Conflict', error.message);
      case 'unprocessable': {
        const pointer = 'pointer' in error ? String(error.pointer) : '';
        return { ...problem(422, 'unprocessable', 'Request refused', error.message), errors: [{ pointer, message: error.message }] };
      }
      case 'unavailable':
        return problem(503, 'unavailable', 'Service unavailable', error.message);
      // A 503 too, but unlike `unavailable` the change may have happened: a client must retry with
      // the same Idempotency-Key (which asks about the same message) rather than send a new one.
      case 'outcome-unknown':
        return problem(503, 'outcome-unknown', 'Outcome unknown', error.message);
      case 'rate-limited':
        return problem(429, 'rate-limited', 'Too many requests', error.message);
    }
  }
  if (error instanceof MalformedJson) return problem(400, 'malformed-json', 'Malformed JSON', error.message);

  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) return validationProblem(fastifyError.validationContext ?? 'request', fastifyError.validation);
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json (UTF-8).');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'malformed-request', 'Malformed request', 'Content-Length does not match the body.');
    case 'FST_ERR_BAD_URL':
      return problem(400, 'malformed-request', 'Malformed request', 'The URL is not validly percent-encoded.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem(400, 'validation', 'Invalid request', 'A path parameter is too long.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'payload-too-large', 'Payload too large', 'The body is larger than the server accepts.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'malformed-json', 'Malformed JSON', 'The body is empty; send a JSON object.');
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return problem(fastifyError.statusCode, 'client-error', 'Bad request', fastifyError.message);
  }
  return problem(500, 'internal', 'Internal server error', 'The error was logged; nothing about it is exposed here.');
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/**
 * Ajv reports a failed `anyOf` as each branch's errors followed by the anyOf's own, and a failed
 * `if`/`then` as the then-branch's errors followed by the if's. Alternatives that are required sets
 * (a create names `items` or `total_amount`) read better as one error; an if's own error says
 * nothing its branch's errors do not.
 */
function mergeAlternatives(issues: ValidationIssue[]): ValidationIssue[] {
  const merged: ValidationIssue[] = [];
  for (const issue of issues) {
    const prefix = `${issue.schemaPath}/`;
    let branches = 0;
    while (branches < merged.length && merged[merged.length - 1 - branches]!.schemaPath.startsWith(prefix)) branches++;
    const branchIssues = merged.slice(merged.length - branches);
    if (issue.keyword === 'if' && branches > 0) continue;
    if (issue.keyword === 'anyOf' && branches > 0 && branchIssues.every((b) => b.keyword === 'required')) {
      merged.splice(merged.length - branches);
      const names = branchIssues.map((b) => `'${String(b.params.missingProperty)}'`);
      merged.push({ ...issue, message: `must have required property ${names.join(' or ')}` });
      continue;
    }
    merged.push(issue);
  }
  return merged;
}

function validationProblem(part: string, reported: ValidationIssue[]): Problem {
  const issues = mergeAlternatives(reported);
  const errors = issues.slice(0, MAX_LISTED_ERRORS).map((issue) => ({
    pointer: clipped(issue.instancePath || '/'),
    message: describeValidationIssue(issue),
  }));
  const listed = errors.map((e) => `${part}${e.pointer === '/' ? '' : e.pointer.replaceAll('/', '.')} ${e.message}`);
  if (issues.length > errors.length) listed.push(`and ${issues.length - errors.length} more`);
  return { ...problem(400, 'validation', 'Invalid request', listed.join('; ')), errors, error_count: issues.length };
}

function describeValidationIssue(issue: { keyword: string; message?: string; params: Record<string, unknown> }): string {
  if (issue.keyword === 'additionalProperties') return `must not have the unknown property "${clipped(String(issue.params.additionalProperty))}"`;
  if (issue.keyword === 'enum') return clipped(`must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}`);
  // A step of 0.01 is a number of decimal places (Money); any other step is said as Ajv says it.
  if (issue.keyword === 'multipleOf' && /^0\.0*1$/.test(String(issue.params.multipleOf))) {
    return `must have at most ${String(issue.params.multipleOf).length - 2} decimal places`;
  }
  // A property the schema forbids in this combination (a total with a cancellation).
  if (issue.keyword === 'false schema') return 'must not be sent together with the other properties of this request';
  return clipped(issue.message ?? 'is invalid');
}

/** For requests Node's HTTP parser refuses before there is a request object (bad framing, huge headers). */
export function problemForClientError(error: Error & { code?: string }): Problem {
  if (error.code === 'HPE_HEADER_OVERFLOW') return problem(431, 'headers-too-large', 'Request header fields too large', 'The request headers are too large.');
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return problem(408, 'request-timeout', 'Request timeout', 'The request was not received in time.');
  return problem(400, 'malformed-request', 'Malformed request', 'The request is not valid HTTP/1.1.');
}

/** `body` with its free text clipped: the last guard on size, whatever raised the problem. */
function bounded(body: Problem): Problem {
  const errors = body.errors?.slice(0, MAX_LISTED_ERRORS).map((e) => ({ pointer: clipped(e.pointer), message: clipped(e.message) }));
  return { ...body, ...(body.detail === undefined ? {} : { detail: clipped(body.detail, MAX_DETAIL_CHARS) }), ...(errors ? { errors } : {}) };
}

/** A whole HTTP response carrying `body`, for writing straight to a socket. */
export function rawProblemResponse(body: Problem, headers: Record<string, string> = {}): string {
  const json = JSON.stringify(bounded(body));
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${body.status} ${body.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n${extra.join('')}Connection: close\r\n\r\n${json}`;
}

function methodNotAllowed(method: string, allowed: string[]): Problem {
  return problem(
    405,
    'method-not-allowed',
    'Method not allowed',
    `This path does not answer ${clipped(method, 40)}; it answers ${allowed.join(', ')} (see Allow).`,
  );
}

function noRoute(method: string, path: string): Problem {
  return problem(404, 'not-found', 'Not found', `There is no route ${clipped(method, 40)} ${clipped(path)}.`);
}

/**
 * The response to a request Node's HTTP parser refused. The parser refuses a method it does not
 * know (any token but its list): when the request line is otherwise well-formed, that is the same
 * 405 (or 404) a method Fastify does not route gets, not a 400.
 */
export function rawClientErrorResponse(error: Error & { code?: string; rawPacket?: unknown }, allowedMethods: AllowedMethods): string {
  const line = error.code === 'HPE_INVALID_METHOD' ? requestLineOf(error.rawPacket) : undefined;
  if (!line) return rawProblemResponse(problemForClientError(error));
  const allowed = allowedMethods(line.path);
  if (allowed.length === 0) return rawProblemResponse(noRoute(line.method, line.path));
  return rawProblemResponse(methodNotAllowed(line.method, allowed), { Allow: allowed.join(', ') });
}

/**
 * Errors Fastify raises before routing. The router refuses an over-long parameter before it looks at
 * the method, so a method the path does not answer is still a 405 with `Allow`, as it is otherwise.
 */
export function sendFrameworkProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, allowedMethods: AllowedMethods): FastifyReply {
  if ((error as Partial<FastifyError>).code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const allowed = allowedMethods(request.url.split('?')[0]!);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(reply, request, methodNotAllowed(request.method, allowed));
    }
  }
  return sendProblem(reply, request, toProblem(error));
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, body: Problem): FastifyReply {
  if (body.status === 401) reply.header('www-authenticate', 'Bearer');
  // Every 503 is worth retrying (a dependency away, a used-up id, the server closing): say when.
  if (body.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '1');
  // A clipped URL would name another resource: an over-long one is left out instead.
  const instance = request.url.length <= MAX_INSTANCE_CHARS ? { instance: request.url } : {};
  return reply
    .code(body.status)
    .type('application/problem+json')
    .send({ ...bounded(body), ...instance });
}

/**
 * Installs the error and not-found handlers so every failure leaves as application/problem+json.
 * A path the server has, asked with a method it does not answer there, is 405 with `Allow`.
 */
export function registerProblemHandlers(app: FastifyInstance, allowedMethods: AllowedMethods): void {
  app.setErrorHandler((error, request, reply) => {
    const body = bounded(toProblem(error));
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ problem: body.type, detail: body.detail, ...(body.error_count ? { errorCount: body.error_count } : {}) }, 'request rejected');
    // A handler may have named what it was creating (to store that response in its transaction)
    // before it failed: the failure created nothing, so its answer names nothing.
    reply.removeHeader('location');
    reply.removeHeader('etag');
    return sendProblem(reply, request, body);
  });
  // Before the body is read: a method the path does not answer is refused whatever it carries.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const allowed = allowedMethods(request.url.split('?')[0]!);
    if (allowed.length === 0 || allowed.includes(request.method)) return;
    reply.header('allow', allowed.join(', '));
    return sendProblem(reply, request, methodNotAllowed(request.method, allowed));
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, noRoute(request.method, request.url.split('?')[0]!)));
}
