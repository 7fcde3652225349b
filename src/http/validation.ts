import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

function createAjv(options: Options): Ajv {
  // strict: false because OpenAPI schemas carry keywords JSON Schema does not know (example, ...).
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, ...options });
  // ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
  ajvFormats.default(ajv);
  return ajv;
}

/**
 * Bodies are checked strictly: no type coercion ("1" is not an integer) and unknown properties are
 * errors, not silently dropped as Fastify does by default. Query strings and path parameters arrive
 * as text, so they are coerced to the types the contract declares.
 */
export function registerContractValidation(app: FastifyInstance): void {
  const strict = createAjv({ coerceTypes: false, removeAdditional: false });
  const coercing = createAjv({ coerceTypes: 'array', removeAdditional: false });
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (httpPart === 'body') return strict.compile(schema);
    // A misspelt filter (?statuss=pending) must be an error, not a silently unfiltered list.
    if (httpPart === 'querystring') return coercing.compile({ ...schema, additionalProperties: false });
    return coercing.compile(schema);
  });
}
