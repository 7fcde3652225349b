import type { FastifyInstance } from 'fastify';
import { isSafeNumber, parse } from 'lossless-json';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as received, for checking a signature over it (POST /carriers/{carrier}/events). */
    rawBody?: string;
  }
}

/** A JSON body that is not well-formed, or holds a number a double cannot represent exactly. */
export class MalformedJson extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedJson';
  }
}

function parseExactNumber(text: string): number {
  // JSON.parse would silently round 100.999999999999999999 to 101; for money that is a wrong order.
  if (!isSafeNumber(text, { approx: false })) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}… (${text.length} characters)` : text;
    throw new MalformedJson(`The number ${shown} cannot be represented exactly; send at most 15 significant digits.`);
  }
  return Number(text);
}

/**
 * JSON is the only body the API accepts (anything else is 415), parsed by a parser that refuses
 * lossy numbers instead of rounding them.
 */
export function registerExactJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json'], { parseAs: 'string' }, (request, body, done) => {
    // JSON is UTF-8 (RFC 8259); a body declared in another charset would be misread, not converted.
    const charset = /;\s*charset="?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(Object.assign(new Error('unsupported charset'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }), undefined);
    }
    const text = body as string;
    request.rawBody = text;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parse(text, null, parseExactNumber));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      done(error instanceof MalformedJson ? error : new MalformedJson(`The body is not valid JSON: ${message}`), undefined);
    }
  });
}
