import { Ajv, type Options, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addRouteHook } from './route-hooks.js';

interface JsonObjectSchema {
  properties?: Record<string, { type?: unknown }>;
}

/**
 * Ajv coerces any text Number() understands into an integer: "0x10" would be order 16 and " " would
 * be 0. Path and query integers must be written as plain decimals.
 */
function integersWrittenAsDecimals(schema: JsonObjectSchema, validate: ValidateFunction): ValidateFunction {
  const integerNames = Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.type === 'integer')
    .map(([name]) => name);
  if (integerNames.length === 0) return validate;
  const check = ((data: Record<string, unknown>) => {
    const bad = integerNames.find((name) => typeof data?.[name] === 'string' && !/^-?\d+$/.test(data[name] as string));
    if (bad === undefined) {
      const valid = validate(data);
      check.errors = validate.errors;
      return valid;
    }
    check.errors = [{ keyword: 'type', instancePath: `/${bad}`, schemaPath: '', params: { type: 'integer' }, message: 'must be integer' }];
    return false;
  }) as ValidateFunction;
  return check;
}

function createAjv(options: Options): Ajv {
  // strict: false because OpenAPI schemas carry keywords JSON Schema does not know (example, ...).
  // multipleOf 0.01 (Money) on doubles: 1.13 / 0.01 is 112.99999999999999, so a quotient within
  // 1e-3 of a whole number counts as one (an amount up to 1e10 is off by at most 1e-4; one with a
  // third decimal by at least 0.1). Exactness is money.ts's job, on the text as it was sent.
  const ajv = new Ajv({ strict: false, useDefaults: true, multipleOfPrecision: 3, ...options });
  // ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
  ajvFormats.default(ajv);
  return ajv;
}

/**
 * Bodies are checked strictly: no type coercion ("1" is not an integer) and unknown properties are
 * errors, not silently dropped as Fastify does by default. Query strings and path parameters arrive
 * as text, so they are coerced to the types the contract declares.
 *
 * A body may be a megabyte of anything (half a million array elements, a hundred thousand unknown
 * members), so its validation stops at the first violated rule: Ajv checks an array's `maxItems`
 * and an object's own keywords before it looks inside, and reporting every error would make the
 * work (and the answer) grow with the body. The other parts are bounded by the HTTP parser's header
 * limit (16 KiB), so they report every error (problem.ts lists the first few and counts the rest).
 */
export function registerContractValidation(
  app: FastifyInstance,
  /** Operations whose request body the contract marks optional (`required: false`), as `POST /orders/:id/approve`. */
  optionalBodies: ReadonlySet<string> = new Set(),
): void {
  const strict = createAjv({ allErrors: false, coerceTypes: false, removeAdditional: false });
  const coercing = createAjv({ allErrors: true, coerceTypes: 'array', removeAdditional: false });
  app.setValidatorCompiler(({ schema, httpPart, method, url }) => {
    if (httpPart === 'body') return optionalBodies.has(`${method} ${url}`) ? absentOrValid(strict.compile(schema)) : strict.compile(schema);
    // A misspelt filter (?statuss=pending) must be an error, not a silently unfiltered list.
    const compiled = coercing.compile(httpPart === 'querystring' ? { ...schema, additionalProperties: false } : schema);
    return integersWrittenAsDecimals(schema as JsonObjectSchema, compiled);
  });

  // The OpenAPI glue gives an operation without query parameters no querystring schema, so nothing
  // would look at its query and ?statuss=1 would be silently ignored there: give it an empty one,
  // closed like every other (above), so an unknown parameter is a 400 on every operation that may
  // answer 400 (the probes and /metrics declare none, and keep ignoring query strings).
  app.addHook('onRoute', (route) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean; response?: Record<string, unknown> }) | undefined;
    if (schema && schema.hide !== true && schema.querystring === undefined && schema.response?.['400'] !== undefined) {
      route.schema = { ...schema, querystring: { type: 'object', properties: {} } };
    }
  });

  // The OpenAPI glue validates a body only when it arrives with a content type, so a POST or PUT
  // with no body at all would reach its handler with nothing; it is a 400 like any other bad body,
  // unless the contract says the body is optional (the glue ignores requestBody.required). Only
  // routes with a body carry the check.
  app.addHook('onRoute', (route) => {
    if (route.schema?.body === undefined) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((method) => optionalBodies.has(`${method} ${route.url}`))) return;
    addRouteHook(route, 'preValidation', async (request: FastifyRequest) => {
      if (request.body === undefined && !optionalBodies.has(`${request.method} ${request.routeOptions.url}`)) {
        throw Object.assign(new Error('body must be object'), {
          statusCode: 400,
          validation: [{ keyword: 'type', instancePath: '', params: {}, message: 'must be a JSON object (the body is missing)' }],
          validationContext: 'body',
        });
      }
    });
  });
}

/**
 * Fastify validates the body whenever a JSON content type came, so an optional body sent as nothing
 * under `Content-Type: application/json` (what many clients send by default) would fail `type:
 * object`; an absent body is what the contract allows, so it passes, and anything sent is checked.
 * Fastify hands an absent body to the validator as null, so a literal `null` counts as absent too.
 */
function absentOrValid(validate: ValidateFunction): (data: unknown) => boolean {
  const check = Object.assign(
    (data: unknown) => {
      if (data === undefined || data === null) return true;
      const valid = validate(data);
      check.errors = validate.errors;
      return valid;
    },
    { errors: undefined as ValidateFunction['errors'] },
  );
  return check;
}

/** The operations (`POST /orders/:id/approve`, Fastify's path syntax) whose request body is not required. */
export function optionalBodiesOf(spec: { paths: Record<string, Record<string, { requestBody?: { required?: boolean } }>> }): Set<string> {
  const optional = new Set<string>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation?.requestBody && operation.requestBody.required !== true) optional.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
  }
  return optional;
}
