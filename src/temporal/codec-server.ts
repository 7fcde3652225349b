import type { Payload } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import type { SecurityRequirements } from '../http/auth.js';
import { InvalidInput } from '../shared/errors.js';
import { type EncryptionCodec, PayloadUndecryptable } from './payload-encryption.js';

/**
 * A codec server (Temporal's remote codec protocol): the Temporal UI and `temporal --codec-endpoint`
 * send the payloads they display to POST /codec/decode and show what comes back, so operators read
 * orders in clear while Temporal only ever stores ciphertext. /codec/encode is its inverse (the CLI
 * uses it for input it sends). Both are open to operators and admins only: whoever can call decode
 * can read every order.
 */
export const CODEC_PATHS = ['/codec/encode', '/codec/decode'];

/** Merged into the contract's requirements, so the API's one authentication hook guards these routes too. */
export const CODEC_SECURITY: SecurityRequirements = new Map(CODEC_PATHS.map((path) => [`POST ${path}`, ['operator', 'admin']]));

/** A payload may be up to 2 MiB in Temporal, and the UI sends several at once. */
export const CODEC_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
const MAX_PAYLOADS = 1000;

/** What the Temporal UI's fetch needs to be let through: its origin, its headers, a cached preflight. */
export function codecCorsOptions(origins: string[]) {
  return {
    origin: origins.length > 0 ? origins : false,
    methods: ['POST'],
    // The UI sends X-Namespace, and the operator's token when its `codec.passAccessToken` is on.
    allowedHeaders: ['authorization', 'content-type', 'x-namespace'],
    // For a UI configured with `codec.includeCredentials`; never with a wildcard origin (origins are a list).
    credentials: true,
    maxAge: 600,
  };
}

/** proto3 JSON: bytes are base64, in either alphabet. */
const base64 = { type: 'string', pattern: '^[A-Za-z0-9+/_-]*={0,2}$' };
const payloadsBody = {
  type: 'object',
  required: ['payloads'],
  additionalProperties: false,
  properties: {
    payloads: {
      type: 'array',
      maxItems: MAX_PAYLOADS,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: { metadata: { type: 'object', maxProperties: 64, additionalProperties: base64 }, data: base64 },
      },
    },
  },
};

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = ({ metadata = {}, data = '' }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
  data: Buffer.from(data, 'base64'),
});

const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')])),
  data: Buffer.from(data ?? []).toString('base64'),
});

export function registerCodecServer(app: FastifyInstance, codec: EncryptionCodec): void {
  const route = (path: string, transform: (payload: Payload) => Payload) =>
    app.post<{ Body: { payloads: JsonPayload[] } }>(
      path,
      { bodyLimit: CODEC_BODY_LIMIT_BYTES, schema: { hide: true, body: payloadsBody } },
      async (request) => ({
        payloads: request.body.payloads.map((payload, index) => {
          try {
            return toJson(transform(fromJson(payload)));
          } catch (error) {
            if (error instanceof PayloadUndecryptable) throw new InvalidInput(`cannot be decrypted: ${error.message}`, `/payloads/${index}`);
            throw error;
          }
        }),
      }),
    );
  route('/codec/encode', (payload) => codec.seal(payload));
  route('/codec/decode', (payload) => codec.open(payload));
}
