import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../shared/errors.js';
import { MalformedJson } from './json-body.js';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { pointer: string; message: string }[];
}

const PROBLEM_BASE = 'https://problems.orders.example/';

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
      case 'unavailable':
        return problem(503, 'unavailable', 'Service unavailable', error.message);
    }
  }
  if (error instanceof MalformedJson) return problem(400, 'malformed-json', 'Malformed JSON', error.message);

  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    const part = fastifyError.validationContext ?? 'request';
    const errors = fastifyError.validation.map((issue) => ({
      pointer: issue.instancePath || '/',
      message: describeValidationIssue(issue),
    }));
    const detail = errors.map((e) => `${part}${e.pointer === '/' ? '' : e.pointer.replaceAll('/', '.')} ${e.message}`).join('; ');
    return { ...problem(400, 'validation', 'Invalid request', detail), errors };
  }
  if (fastifyError.statusCode === 429) {
    return problem(429, 'rate-limited', 'Too many requests', 'This client sent too many requests; wait for the number of seconds in Retry-After.');
  }
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

function describeValidationIssue(issue: { keyword: string; message?: string; params: Record<string, unknown> }): string {
  if (issue.keyword === 'additionalProperties') return `must not have the unknown property "${String(issue.params.additionalProperty)}"`;
  if (issue.keyword === 'enum') return `must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}`;
  return issue.message ?? 'is invalid';
}

/** For requests Node's HTTP parser refuses before there is a request object (bad framing, huge headers). */
export function problemForClientError(error: Error & { code?: string }): Problem {
  if (error.code === 'HPE_HEADER_OVERFLOW') return problem(431, 'headers-too-large', 'Request header fields too large', 'The request headers are too large.');
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return problem(408, 'request-timeout', 'Request timeout', 'The request was not received in time.');
  return problem(400, 'malformed-request', 'Malformed request', 'The request is not valid HTTP/1.1.');
}

/** A whole HTTP response carrying `body`, for writing straight to a socket. */
export function rawProblemResponse(body: Problem): string {
  const json = JSON.stringify(body);
  return `HTTP/1.1 ${body.status} ${body.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, body: Problem): FastifyReply {
  if (body.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply
    .code(body.status)
    .type('application/problem+json')
    .send({ ...body, instance: request.url });
}

/** Installs the error and not-found handlers so every failure leaves as application/problem+json. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ problem: body.type, detail: body.detail }, 'request rejected');
    return sendProblem(reply, request, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, problem(404, 'not-found', 'Not found', `There is no route ${request.method} ${request.url.split('?')[0]}.`)),
  );
}
