import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * One log line per request at info, written when it is answered, with the request, the status and
 * the time it took (Fastify writes two). "incoming request" stays available at debug, for a reader
 * that needs to know what a process received before it answered (e.g. across a shutdown).
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const req = { method: request.method, url: request.url, remoteAddress: request.ip };
    if (error) reply.log.error({ req, res: { statusCode: reply.statusCode }, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }, 'request completed');
  }
}
