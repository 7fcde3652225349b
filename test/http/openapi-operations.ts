/**
 * The operations of api/openapi.yaml as plain data for the contract fuzz test: every path and
 * method, with path-level and operation-level parameters merged, request bodies and responses, and
 * every $ref resolved. Read with the `yaml` package straight from the file the server loads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { parse } from 'yaml';

export const SPEC_PATH = fileURLToPath(new URL('../../api/openapi.yaml', import.meta.url));

/** The subset of JSON Schema (OpenAPI 3.0 / 3.1) that request generation understands. */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  multipleOf?: number;
  const?: unknown;
  /** Alternatives, e.g. required sets (`anyOf: [{ required: [items] }, { required: [total_amount] }]`). */
  anyOf?: Schema[];
  /** Conditions: the generator leaves them to the contract's validator (fuzz-requests.ts filters by it). */
  if?: Schema;
  then?: Schema;
  not?: Schema;
  /** A valid value (for patterned strings, the generator's starting point). */
  example?: unknown;
  /** Valid values (JSON Schema 2020-12), like `example`. */
  examples?: unknown[];
  description?: string;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template as in the contract, e.g. `/orders/{id}`. */
  path: string;
  parameters: Parameter[];
  body: { required: boolean; contentTypes: string[]; schema: Schema } | undefined;
  /** Response status (`'200'`, `'default'`) → the media types it declares (empty: no body). */
  responses: Record<string, string[]>;
  /** Security scheme types this operation may use (`http bearer`); empty when public. */
  security: { name: string; type: string; scheme?: string }[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = Record<string, unknown>;

function resolver(document: Json) {
  const lookup = (ref: string): unknown => {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    let node: unknown = document;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      node = (node as Json | undefined)?.[key];
      if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
    }
    return node;
  };
  /** A deep copy with every `$ref` replaced by its target (siblings of `$ref` are kept, as in 3.1). */
  const resolve = (node: unknown, depth = 0): unknown => {
    if (depth > 50) throw new Error('$ref cycle in api/openapi.yaml');
    if (Array.isArray(node)) return node.map((item) => resolve(item, depth + 1));
    if (node === null || typeof node !== 'object') return node;
    const object = node as Json;
    const { $ref, ...siblings } = object;
    const base = typeof $ref === 'string' ? (resolve(lookup($ref), depth + 1) as Json) : {};
    const out: Json = { ...base };
    for (const [key, value] of Object.entries(siblings)) out[key] = resolve(value, depth + 1);
    return out;
  };
  return resolve;
}

export function loadContract(path = SPEC_PATH): { operations: Operation[]; document: Json } {
  const document = parse(readFileSync(path, 'utf8')) as Json;
  const resolve = resolver(document);
  const schemes = ((document.components as Json | undefined)?.securitySchemes ?? {}) as Record<string, Json>;
  const globalSecurity = (document.security ?? []) as Record<string, unknown>[];
  const operations: Operation[] = [];

  for (const [path, rawItem] of Object.entries((document.paths ?? {}) as Json)) {
    const item = resolve(rawItem) as Json;
    const shared = (item.parameters ?? []) as Parameter[];
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const own = (op.parameters ?? []) as Parameter[];
      // Operation-level parameters override path-level ones with the same name and location.
      const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own].map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required === true || p.in === 'path',
        schema: (p.schema ?? {}) as Schema,
      }));
      const requestBody = op.requestBody as { required?: boolean; content?: Record<string, { schema?: Schema }> } | undefined;
      const content = requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0];
      const responses: Record<string, string[]> = {};
      for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, { content?: Json }>)) {
        responses[status] = Object.keys(response.content ?? {});
      }
      const requirements = (op.security ?? globalSecurity) as Record<string, unknown>[];
      const security = requirements.flatMap((requirement) =>
        Object.keys(requirement).map((name) => ({ name, type: String(schemes[name]?.type ?? ''), scheme: schemes[name]?.scheme as string | undefined })),
      );
      operations.push({
        operationId: String(op.operationId ?? `${method} ${path}`),
        method: method.toUpperCase(),
        path,
        parameters,
        body:
          bodyType === undefined
            ? undefined
            : { required: requestBody?.required === true, contentTypes: Object.keys(content), schema: content[bodyType]?.schema ?? {} },
        responses,
        security,
      });
    }
  }
  return { operations, document };
}

/** The first non-null type of a schema (3.1 allows `type: [integer, 'null']`). */
export function typeOf(schema: Schema): string | undefined {
  if (schema.enum) return 'enum';
  const types = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : schema.type === undefined ? [] : [schema.type];
  if (types[0] !== undefined) return types[0];
  if (schema.properties) return 'object';
  return undefined;
}

/**
 * The contract's own verdict on a value: a JSON Schema validator of its own (not the server's
 * instance, though the same library), compiled from the resolved schema. Request generation keeps
 * only the values it accepts, so rules the generator does not understand (if/then) still hold.
 */
export function contractAccepts(schema: Schema): (value: unknown) => boolean {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = oracle.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

// strict: false because OpenAPI schemas carry keywords JSON Schema does not know (example);
// multipleOf within 1e-3, as the server's (0.29 / 0.01 is not quite 29 in doubles).
const oracle = new Ajv({ strict: false, allErrors: false, multipleOfPrecision: 3 });
ajvFormats.default(oracle);
const compiled = new WeakMap<Schema, (value: unknown) => boolean>();
