/**
 * Request generation for the contract fuzz test: fast-check arbitraries that derive a valid request
 * from an operation of api/openapi.yaml (see openapi-operations.ts) and then mutate it.
 *
 * A generated request is plain data that prints well in a counterexample: mutations are descriptors
 * applied deterministically, huge values are symbolic ({ repeat, times }) and order ids that must
 * exist at send time are symbolic ({ existing: 'pending', pick: 3 }). `materialise` turns it into
 * the arguments of `app.inject`.
 */
import fc from 'fast-check';
import { contractAccepts, type Operation, type Parameter, type Schema, typeOf } from './openapi-operations.js';

// ---------------------------------------------------------------------------------------------
// Shapes

export const ORDER_STATES = ['pending', 'processing', 'completed', 'cancelled', 'failed'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/**
 * SKUs the test stocks before it starts (PUT /inventory/{sku}), so that generated order items name
 * SKUs that exist. The contract's example (SKU-RED-MUG) is one of them.
 */
export const STOCKED_SKUS = ['SKU-RED-MUG', 'SKU-BLUE-MUG', 'SKU-TEA-500G', 'fuzz.item_1', '9'] as const;

/** Valid SKUs nobody stocks up front: the first accepted PUT /inventory/{sku} creates them (201). */
export const NEW_SKUS = ['SKU-NEW-1', 'new.sku_2', 'Z-3'] as const;

/** Payment method tokens (the local provider approves the first and declines the next three). */
export const PAYMENT_METHODS = ['pm_card_visa', 'pm_card_declined', 'pm_card_insufficient_funds', 'pm_card_expired', 'pm_fuzz_1'] as const;

/**
 * Valid values for patterned strings, by pattern: a generator cannot invert a regular expression,
 * so it picks from the schema's `example` and these (each checked against the pattern).
 */
const PATTERN_VALUES: Record<string, readonly string[]> = {
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$': STOCKED_SKUS,
  '^pm_[a-z0-9_]{1,60}$': PAYMENT_METHODS,
};

/** A path parameter: an order that exists when the request is sent, one that was deleted, or text. */
export type IdRef = { existing: OrderState; pick: number } | { gone: true } | { raw: string };

/** A value in a query string or header: `text` is encoded for its place, `raw` is sent as is. */
export type ParamValue = { text: string } | { raw: string } | { repeat: string; times: number };

/** Header values: a list sends the header several times (as `inject` allows). */
export type HeaderValue = string | string[] | { repeat: string; times: number };

export type Body =
  /** JSON text (possibly broken); members are [key as JSON text, value as JSON text]. */
  | { members: [string, string][] }
  | { text: string }
  /** Raw bytes, e.g. invalid UTF-8. */
  | { bytes: number[] }
  /** A well-formed object with a padding member of `times` × `repeat` (huge bodies, printed small). */
  | { padded: { repeat: string; times: number } }
  /** `[` nested `depth` times. */
  | { nested: number };

export interface FuzzRequest {
  operationId: string;
  method: string;
  /** The path template, possibly mutated (`/orders/{id}/`), with `{name}` filled from `params`. */
  path: string;
  params: Record<string, IdRef>;
  query: [string, ParamValue][] | { raw: string };
  headers: Record<string, HeaderValue | null>;
  body: Body | undefined;
  /** What was changed from the request the contract describes; empty for an unmutated request. */
  mutations: string[];
}

// ---------------------------------------------------------------------------------------------
// Value pools. JSON texts, so that numbers a JavaScript number cannot hold can be sent as written.

export const EDGE_NUMBERS = [
  '0',
  '-0',
  '-0.0',
  '0.00',
  '1',
  '0.01',
  '0.1',
  '0.001',
  '1.005',
  '100.5',
  '100.50',
  '1.0',
  '1.50',
  '12.345',
  '1e3',
  '1E3',
  '1e+3',
  '1e-3',
  '1.5e1',
  '5e-324',
  '1e-7',
  '2.2250738585072014e-308',
  '1.7976931348623157e308',
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '1E+400',
  '0.30000000000000004',
  '0.1e1',
  '1.000',
  '100.999999999999999999',
  '123456789012345678901234567890',
  '123456789012345678901234567890.12',
  '-123456789012345678901234567890',
  '0.000000000000000000000000000001',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '-1',
  '-0.01',
  '-9007199254740991',
  '9999999999.99',
  '9999999999.994',
  '9999999999.995',
  '10000000000',
  '99999999999.99',
  '2147483647',
  '2147483648',
  '4294967296',
  '1.23e2',
  '12.30e1',
];

/** Not JSON numbers at all: the body is malformed. */
export const BROKEN_NUMBERS = ['NaN', 'Infinity', '-Infinity', '+1', '01', '00', '.5', '1.', '0x10', '1_000', '1e', '1e+', '--1', '- 1', '١٢', '１'];

export const WRONG_TYPES = ['"1"', '"100.50"', '"1e3"', 'true', 'false', 'null', '[]', '[1]', '{}', '{"$gt":0}', '""', '"NaN"', '[[[]]]', '{"value":1}'];

export const HOSTILE_STRINGS = [
  '',
  ' ',
  'PENDING',
  'Pending',
  ' pending',
  'pending ',
  'pending\u0000',
  '\u0000',
  'cancelled\n',
  'completed\t',
  '😀',
  '👨‍👩‍👧‍👦',
  '\u202Epending',
  '\u202Ecompleted\u202C',
  'طلب',
  'הזמנה',
  '\u200B',
  '\uFEFF',
  '\ud800',
  '\udc00x',
  'x\ud83d',
  '\u0085',
  "'; DROP TABLE orders; --",
  '1 OR 1=1',
  "1' OR '1'='1",
  '" OR ""="',
  "completed'; UPDATE orders SET total_amount=0; --",
  "pending'::order_status",
  'pending\\',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
  '%00',
  '%27',
  '\\u0000',
  'x'.repeat(10_000),
  'processing'.repeat(100),
];

/** JSON string texts that are not valid JSON (raw control characters, bad escapes, unterminated). */
export const BROKEN_STRINGS = ['"\u0000"', '"\u0001"', '"a\nb"', '"unterminated', "'pending'", '"\\x41"', '"\\u12"', '"\\ud800"', '"\ud800"'];

export const EXTRA_KEYS = [
  'coupon',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'customer_id ',
  ' customer_id',
  'Customer_Id',
  'CUSTOMER_ID',
  'id',
  'status',
  'created_at',
  'updated_at',
  'version',
  'total_amount\u0000',
  'total_amount\u200B',
  '😀',
  '\ud800',
  "'; DROP TABLE orders; --",
  '$where',
  'customer_id.0',
  '../id',
  'x'.repeat(1000),
];

/** Key texts that JSON decodes to a name the contract knows: a benign spelling, not an extra field. */
const ESCAPED_KEYS: Record<string, string> = {
  customer_id: '"customer\\u005fid"',
  total_amount: '"\\u0074otal_amount"',
  status: '"st\\u0061tus"',
};

export const WHOLE_BODIES: Body[] = [
  { text: '' },
  { text: ' ' },
  { text: '\n\t ' },
  { text: 'null' },
  { text: 'true' },
  { text: '0' },
  { text: '"x"' },
  { text: '[]' },
  { text: '[{"customer_id":1,"total_amount":1}]' },
  { text: '{' },
  { text: '}' },
  { text: '{"customer_id":1,' },
  { text: '{"customer_id":1 "total_amount":1}' },
  { text: "{'customer_id':1,'total_amount':1}" },
  { text: '{"customer_id":1,"total_amount":1,}' },
  { text: '{"customer_id":1,/*c*/"total_amount":1}' },
  { text: '{"customer_id":1,"total_amount":1}//' },
  { text: '\uFEFF{"customer_id":1,"total_amount":1}' },
  { text: '{"customer_id":1,"total_amount":1}\u0000' },
  { text: '{"customer_id":1,"total_amount":1}{"customer_id":2,"total_amount":2}' },
  { text: 'customer_id=1&total_amount=1' },
  { text: '<order><customer_id>1</customer_id></order>' },
  { text: `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}` },
  { text: '{"status":"cancelled"' },
  { text: '{"status":cancelled}' },
  { text: '{"total_amount":1}}' },
  { nested: 1_000 },
  { nested: 100_000 },
  { nested: 600_000 },
  { padded: { repeat: 'x', times: 1_040_000 } },
  { padded: { repeat: 'x', times: 1_100_000 } },
  { padded: { repeat: '😀', times: 300_000 } },
  { bytes: [0x7b, 0xff, 0x7d] },
  { bytes: [0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d] },
  { bytes: [0xef, 0xbb, 0xbf, 0x7b, 0x7d] },
  { bytes: [...Buffer.from('{"status":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')] },
  { bytes: [...Buffer.from('{"customer_id":1,"total_amount":1'), 0xc3] },
];

export const CONTENT_TYPES: (HeaderValue | null)[] = [
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'Application/Json',
  'application/json;',
  'application/json;;;',
  'application/json; charset="',
  'application/json; foo=bar; foo=baz',
  '   application/json   ',
  'application/json, text/plain',
  'application/jsonx',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/problem+json',
  'application/vnd.api+json',
  'application/x-json',
  'text/json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/xml',
  'application/octet-stream',
  '*/*',
  '',
  ' ',
  'json',
  '/',
  'application/',
  ';',
  'application/json\u00e9',
  { repeat: 'application/json; p=', times: 4_000 },
  ['application/json', 'text/plain'],
  ['text/plain', 'application/json'],
  ['application/json', 'application/json'],
  null,
];

export const ACCEPTS: HeaderValue[] = [
  '*/*',
  'application/json',
  'application/problem+json',
  'application/xml',
  'text/html',
  'image/png',
  '',
  'application/json;q=0',
  '*/*;q=abc',
  'text/*, application/*;q=0.5',
  ',,,,',
  'application/json; charset=utf-16',
  { repeat: 'text/html, ', times: 5_000 },
];

export const AUTHORIZATIONS: HeaderValue[] = [
  'Bearer',
  'Bearer ',
  'Bearer x',
  'Bearer x.y.z',
  'bearer abc',
  'Basic dXNlcjpwYXNz',
  'Bearer a b',
  "Bearer ' OR 1=1 --",
  '',
  // An unsigned token claiming to be an admin: must be refused, never trusted.
  'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJyb2xlIjoiYWRtaW4iLCJzdWIiOiJ4In0.',
  'Bearer eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoib3BlcmF0b3IifQ.c2lnbmF0dXJl',
  { repeat: 'a', times: 100_000 },
  'Bearer 😀',
];

/** Header values that look like entity tags, for headers such as If-Match. */
const ETAG_LIKE = ['*', '"1"', 'W/"1"', '"1", "2"', '"999999999999"', '"-1"', '"1.5"', '1', '""', 'W/', '"', '*, "1"', '"1"x'];

/** Headers every HTTP server meets, with values that are odd for each. */
const ODD_HEADERS: Record<string, HeaderValue[]> = {
  accept: ACCEPTS,
  'x-request-id': ['abc', '', ' ', 'x'.repeat(129), "'; DROP TABLE orders; --", '<script>', '../..', { repeat: 'r', times: 100_000 }],
  traceparent: [
    '00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01',
    '00-00000000000000000000000000000000-0000000000000000-01',
    'ff-zz-zz-zz',
    '',
    { repeat: '00-', times: 10_000 },
  ],
  tracestate: ['a=b', '=', ',,,', { repeat: 'k=v,', times: 10_000 }],
  baggage: ['a=b', 'a=%ZZ', { repeat: 'k=v,', times: 10_000 }],
  'user-agent': ['', 'sqlmap/1.7', { repeat: 'U', times: 200_000 }],
  cookie: ['a=b', '; ;', { repeat: 'c=1; ', times: 20_000 }],
  'x-forwarded-for': ['1.1.1.1', '1.1.1.1, <script>', 'not-an-ip', { repeat: '1.1.1.1, ', times: 5_000 }],
  'x-forwarded-proto': ['https', 'javascript', ''],
  'x-http-method-override': ['DELETE', 'PUT', 'GET'],
  expect: ['100-continue', 'x'],
  'content-encoding': ['gzip', 'br', 'identity', 'x'],
  'transfer-encoding': ['chunked', 'gzip, chunked'],
  'content-length': ['0', '3', '-1', 'abc', '99999999999999999999', '1e3'],
  range: ['bytes=0-1', 'bytes=x'],
  'if-none-match': ETAG_LIKE,
  origin: ['https://evil.example', 'null', ''],
  host: ['', 'evil.example', { repeat: 'h', times: 1_000 }],
  'accept-encoding': ['gzip', 'br;q=abc', { repeat: 'gzip, ', times: 5_000 }],
  'accept-language': ['en', '*', { repeat: 'en;q=0.1, ', times: 5_000 }],
  'x-padding': [{ repeat: 'p', times: 1_000_000 }],
};

/** Raw path parameter texts: put into the URL exactly as written (some deliberately badly encoded). */
export const ODD_IDS = [
  '0',
  '-1',
  '1e3',
  '1E3',
  '0x10',
  '0o7',
  '0b1',
  '1.0',
  '1.5',
  '-0',
  ' 1',
  '1 ',
  '%201',
  '1%20',
  '+1',
  '%2B1',
  '01',
  '00000000000000000001',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '1'.repeat(30),
  '1'.repeat(101),
  `${'0'.repeat(100)}1`,
  '1%2F2',
  '1%2f..%2f2',
  '..',
  '%2e%2e',
  '.',
  '%00',
  '1%00',
  '%EF%BC%91',
  '%D9%A1',
  '%F0%9F%98%80',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '1%20OR%201%3D1',
  '1 OR 1=1',
  "1'",
  '1%27%20OR%20%271%27%3D%271',
  '1;DROP%20TABLE%20orders',
  '1%3BDROP%20TABLE%20orders',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  '[1]',
  '%5B1%5D',
  '{id}',
  '%7Bid%7D',
  '',
  '%20',
  // Malformed percent-encoding and encodings of invalid UTF-8 (an overlong '/', a lone surrogate, a stray byte).
  '%',
  '%E0%A4%A',
  '%ZZ',
  '1%',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
];

/** Raw query-string values for integer parameters. */
const ODD_INTEGER_TEXTS = [
  '0',
  '-1',
  '501',
  '1e2',
  '1E2',
  '0x10',
  '1.5',
  '1.0',
  '%205',
  '5%20',
  '',
  'abc',
  '9007199254740992',
  '9223372036854775808',
  '1'.repeat(30),
  'NaN',
  'Infinity',
  '-0',
  '+1',
  '%2B1',
  '%00',
  '1%00',
  '[]',
  'true',
  'null',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '１',
];

const ODD_QUERY_KEYS = [
  'statuss',
  'limit[]',
  'limit[0]',
  'status[$ne]',
  '__proto__',
  'constructor',
  '__proto__[x]',
  'sort',
  'order',
  'callback',
  'offset',
  'page',
  '',
  '%00',
  '%',
  'LIMIT',
  'Limit',
  'customer_id%00',
  'customer%5Fid',
  "'; DROP TABLE orders; --",
];

export const RAW_QUERIES = [
  '',
  '&',
  '&&&',
  '=',
  '==',
  '=1',
  'limit',
  'limit=',
  '?',
  '?limit=1',
  'limit=1&',
  '&limit=1',
  'limit=%',
  'limit=%E0%A4%A',
  'status=%ED%A0%80',
  'limit=1;after=2',
  'limit=1%26after=2',
  'a=1&'.repeat(1_000),
  `x=${'a'.repeat(100_000)}`,
  'limit=1#2',
  '+',
  'status=+pending',
  'status=pending+',
  'status=%70ending',
  'status=pending&status=pending',
  'limit=5&limit=5',
  'status=pending%00',
  'customer_id=1%20OR%201%3D1',
  'after=-0',
];

// ---------------------------------------------------------------------------------------------
// Exact decimals (the oracle for amounts and ids): JSON number text → exact value, no floats.

export type ExactCents = { cents: bigint; negative: boolean } | 'too-precise' | 'too-large' | 'not-a-number';

/** The exact value of a JSON number text in hundredths, when it has at most two decimal places. */
export function exactCents(text: string): ExactCents {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return 'not-a-number';
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const digits = BigInt(whole + fraction);
  const scale = Number(exponent) - fraction.length + 2; // value in cents = digits × 10^scale
  if (digits === 0n) return { cents: 0n, negative: sign === '-' };
  if (scale > 1_000) return 'too-large';
  let cents: bigint;
  if (scale >= 0) cents = digits * 10n ** BigInt(scale);
  else {
    if (-scale > 1_000) return 'too-precise';
    const divisor = 10n ** BigInt(-scale);
    if (digits % divisor !== 0n) return 'too-precise';
    cents = digits / divisor;
  }
  return { cents, negative: sign === '-' };
}

/** `1250n` → `'12.50'`: how PostgreSQL prints a NUMERIC(12,2). */
export function formatCents(cents: bigint): string {
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/**
 * The same number, written differently but with exactly the same value (trailing zeros, exponent
 * forms): a server that stores exact amounts stores all of these alike.
 */
export function respell(text: string, style: number): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = ''] = match;
  const all = whole + fraction;
  const leadingZeros = /^0*/.exec(all)![0].length;
  const significant = all.slice(leadingZeros);
  if (significant === '') return [`${sign}0.000`, '-0', '0e5', '0.0E-3', '-0.0'][style % 5]!;
  const exponent = whole.length - leadingZeros - 1;
  switch (style % 6) {
    case 0:
      return `${sign}${whole}.${fraction}000`;
    case 1:
      return `${sign}${all}e-${fraction.length}`;
    case 2:
      return `${sign}${significant[0]}.${significant.slice(1) || '0'}e${exponent}`;
    case 3:
      return `${sign}0.${significant}E+${exponent + 1}`;
    case 4:
      return `${sign}${whole}${fraction ? `.${fraction}` : ''}E+0`;
    default:
      return `${sign}${all}0e-${fraction.length + 1}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Valid values from schemas

interface Value {
  /** As a JSON text (in bodies). */
  json: string;
  /** As plain text (in paths, query strings and headers). */
  text: string;
}

const asValue = (text: string): Value => ({ json: text, text });
const asString = (text: string): Value => ({ json: JSON.stringify(text), text });

function bounds(schema: Schema, fallbackMin: number, fallbackMax: number): [number, number] {
  let min = schema.minimum ?? fallbackMin;
  let max = schema.maximum ?? fallbackMax;
  if (typeof schema.exclusiveMinimum === 'number') min = schema.exclusiveMinimum + 1;
  if (typeof schema.exclusiveMaximum === 'number') max = schema.exclusiveMaximum - 1;
  return [min, max];
}

/** A value the schema accepts. Numbers are decimals with at most two places (the contract's Money rule). */
export function validValue(schema: Schema): fc.Arbitrary<Value> {
  switch (typeOf(schema)) {
    case 'enum':
      return fc.constantFrom(...(schema.enum ?? [])).map((v) => (typeof v === 'string' ? asString(v) : asValue(JSON.stringify(v))));
    case 'integer': {
      const [min, max] = bounds(schema, -1_000_000, 1_000_000);
      const lo = Math.max(min, Math.min(1, max));
      const small = fc.integer({ min: lo, max: Math.max(lo, Math.min(max, 1_000_000)) });
      return fc.oneof({ weight: 6, arbitrary: small }, { weight: 1, arbitrary: fc.constantFrom(min, max) }).map((n) => asValue(String(n)));
    }
    case 'number': {
      // Amounts step by hundredths (Money's multipleOf); the generator knows no other step.
      if (schema.multipleOf !== undefined && schema.multipleOf !== 0.01)
        throw new Error(`a number with multipleOf ${schema.multipleOf}: teach validValue its step`);
      const [min, max] = bounds(schema, 0, 1_000_000);
      const lo = BigInt(Math.ceil(min * 100));
      const hi = BigInt(Math.floor(max * 100));
      const cents = fc.oneof(
        { weight: 4, arbitrary: fc.bigInt({ min: lo, max: lo + 100_000n < hi ? lo + 100_000n : hi }) },
        { weight: 2, arbitrary: fc.bigInt({ min: lo, max: hi }) },
        { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
      );
      return fc.tuple(cents, fc.boolean()).map(([c, padded]) => {
        const text = formatCents(c);
        return asValue(padded ? text : text.replace(/\.?0+$/, ''));
      });
    }
    case 'boolean':
      return fc.boolean().map((b) => asValue(String(b)));
    case 'string': {
      if (schema.format === 'date-time') {
        // An RFC 3339 instant (a carrier's occurred_at), whole milliseconds, in 2000–2099.
        return fc.integer({ min: 946_684_800_000, max: 4_102_444_799_999 }).map((ms) => asString(new Date(ms).toISOString()));
      }
      if (schema.format === 'uri') {
        // An absolute http(s) URL (webhook targets): a host, then a path of unreserved characters.
        const segment = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~'), maxLength: 20 });
        return fc
          .tuple(fc.constantFrom('https://example.com', 'http://hooks.example.org:8080', 'https://203.0.113.7'), fc.array(segment, { maxLength: 3 }))
          .map(([origin, segments]) => asString(`${origin}/${segments.join('/')}`));
      }
      if (schema.pattern !== undefined) {
        const known = fc.constantFrom(...patternValues(schema)).map(asString);
        // A pattern almost any visible-ASCII text matches (Idempotency-Key) gets fresh values too.
        const pattern = new RegExp(schema.pattern, 'u');
        const fresh = visibleAscii(schema).filter((text) => pattern.test(text));
        return admitsMostVisibleAscii(schema) ? fc.oneof(known, fresh.map(asString)) : known;
      }
      return visibleAscii(schema).map(asString);
    }
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
      return fc.array(validValue(schema.items ?? {}), { minLength, maxLength }).map((items) => asValue(`[${items.map((i) => i.json).join(',')}]`));
    }
    case 'object':
      return validMembers(schema, false).map((members) => asValue(`{${members.map(([k, v]) => `${k}:${v}`).join(',')}}`));
    default:
      return fc.constant(asValue('null'));
  }
}

/** Visible ASCII within the schema's length bounds (at most 40): what a client would put in a header or a key. */
function visibleAscii(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, 40);
  return fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: Math.max(min, 1),
    maxLength: Math.max(max, min, 1),
  });
}

function admitsMostVisibleAscii(schema: Schema): boolean {
  const pattern = new RegExp(schema.pattern!, 'u');
  const sample = fc.sample(visibleAscii(schema), { seed: 1, numRuns: 100 });
  return sample.filter((text) => pattern.test(text)).length >= 95;
}

/** The valid values of a patterned string: its examples and the known values for its pattern that match it. */
export function patternValues(schema: Schema): string[] {
  const pattern = new RegExp(schema.pattern!, 'u');
  const examples = [schema.example, ...(schema.examples ?? [])].filter((v): v is string => typeof v === 'string');
  const candidates = [...examples, ...(PATTERN_VALUES[schema.pattern!] ?? [])];
  const values = [...new Set(candidates)].filter((v) => pattern.test(v));
  if (values.length === 0) throw new Error(`no known value matches the pattern ${schema.pattern}: give the schema an example or add values to PATTERN_VALUES`);
  return values;
}

/**
 * The members of a valid object: all required properties, and some (or, with `all`, every)
 * optional one. Required sets in `anyOf` (a create has `items` or `total_amount`): one set is
 * required, picked at random.
 */
export function validMembers(schema: Schema, all: boolean): fc.Arbitrary<[string, string][]> {
  const properties = Object.entries(schema.properties ?? {});
  const requiredSets = (schema.anyOf ?? []).map((branch) => branch.required ?? []);
  const oneSet = requiredSets.length > 0 ? fc.constantFrom(...requiredSets) : fc.constant<string[]>([]);
  return oneSet.chain((set) => {
    const required = new Set([...(schema.required ?? []), ...set]);
    // `if: {required: [a]}, then: {required: [b]}`: with a, b is required too (a create's items need an address).
    if (schema.if?.required?.every((name) => required.has(name))) for (const name of schema.then?.required ?? []) required.add(name);
    const optional = properties.filter(([name]) => !required.has(name));
    const chosen = all
      ? fc.constant(optional)
      : fc.subarray(optional, { minLength: Math.min(optional.length, Math.max(0, (schema.minProperties ?? 0) - required.size)) });
    return chosen.chain((opt) => {
      const names = properties.filter(([name]) => required.has(name) || opt.some(([o]) => o === name));
      return fc.tuple(...names.map(([name, s]) => validValue(s).map((v): [string, string] => [JSON.stringify(name), v.json])));
    });
  });
}

/** Whether members (JSON texts) make an object the contract's schema accepts. */
function contractAcceptsMembers(schema: Schema, members: [string, string][]): boolean {
  return contractAccepts(schema)(JSON.parse(`{${members.map(([k, v]) => `${k}:${v}`).join(',')}}`));
}

// ---------------------------------------------------------------------------------------------
// Mutations, as descriptors

export type Mutation =
  | { replaceValue: string; with: string }
  | { drop: string }
  | { add: string; value: string }
  | { duplicate: string; value: string | null }
  | { respell: string; style: number }
  | { escapeKeys: true }
  | { pretty: number }
  | { wholeBody: Body }
  | { truncate: number }
  | { append: string }
  | { header: string; value: HeaderValue | null }
  | {
      path:
        | 'trailing-slash'
        | 'double-slash'
        | 'leading-double-slash'
        | 'upper'
        | 'suffix'
        | 'prefix'
        | 'dot-segment'
        | 'encoded-slash'
        | 'matrix'
        | 'extension'
        | 'backslash';
    }
  | { id: string; value: IdRef }
  | { queryParam: string; value: ParamValue }
  | { queryDuplicate: number; value: ParamValue }
  | { queryRaw: string }
  | { method: string };

const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);

/** A value of the wrong kind, or at or beyond the edges, for a property or parameter of this schema. */
function hostileJson(schema: Schema): fc.Arbitrary<string> {
  const kind = typeOf(schema);
  const numeric = kind === 'integer' || kind === 'number';
  const strings = pick(HOSTILE_STRINGS).map((s) => JSON.stringify(s));
  return fc.oneof(
    { weight: numeric ? 6 : 1, arbitrary: pick(EDGE_NUMBERS) },
    { weight: 1, arbitrary: pick(BROKEN_NUMBERS) },
    { weight: 2, arbitrary: pick(WRONG_TYPES) },
    { weight: numeric ? 1 : 5, arbitrary: strings },
    { weight: 1, arbitrary: pick(BROKEN_STRINGS) },
    { weight: kind === 'enum' ? 3 : 0, arbitrary: validValue(schema).map((v) => v.json) },
    ...(kind === 'array' ? [{ weight: 6, arbitrary: hostileArray(schema) }] : []),
  );
}

/** Arrays that break the schema or the prose: too few or too many items, bad items, an item with a bad member, one SKU on two lines. */
function hostileArray(schema: Schema): fc.Arbitrary<string> {
  const item = schema.items ?? {};
  const valid = validValue(item).map((v) => v.json);
  const options: fc.Arbitrary<string>[] = [
    fc.constant('[]'),
    fc.array(hostileJson(item), { minLength: 1, maxLength: 2 }).map((items) => `[${items.join(',')}]`),
    valid.map((v) => `[${v},${v}]`),
  ];
  if (schema.maxItems !== undefined) options.push(valid.map((v) => `[${Array.from({ length: schema.maxItems! + 1 }, () => v).join(',')}]`));
  const properties = Object.entries(item.properties ?? {});
  if (typeOf(item) === 'object' && properties.length > 0) {
    options.push(
      fc
        .tuple(validMembers(item, false), pick(properties))
        .chain(([members, [name, property]]) =>
          hostileJson(property).map(
            (bad) => `[{${[...members.filter(([k]) => decodeKey(k) !== name), [JSON.stringify(name), bad]].map(([k, v]) => `${k}:${v}`).join(',')}}]`,
          ),
        ),
    );
  }
  return fc.oneof(...options);
}

function hostileParam(schema: Schema): fc.Arbitrary<ParamValue> {
  const kind = typeOf(schema);
  const numeric = kind === 'integer' || kind === 'number';
  return fc.oneof(
    { weight: numeric ? 5 : 1, arbitrary: pick(ODD_INTEGER_TEXTS).map((raw): ParamValue => ({ raw })) },
    { weight: numeric ? 1 : 3, arbitrary: pick(EDGE_NUMBERS).map((text): ParamValue => ({ text })) },
    { weight: numeric ? 1 : 5, arbitrary: pick(HOSTILE_STRINGS).map((text): ParamValue => ({ text })) },
    { weight: 1, arbitrary: pick(ODD_IDS).map((raw): ParamValue => ({ raw })) },
    { weight: 1, arbitrary: fc.constant<ParamValue>({ repeat: '9', times: 10_000 }) },
  );
}

function headerValues(parameter: Parameter): fc.Arbitrary<HeaderValue> {
  return fc.oneof(
    { weight: 3, arbitrary: validValue(parameter.schema).map((v) => v.text) },
    { weight: 2, arbitrary: pick(ETAG_LIKE) },
    { weight: 3, arbitrary: pick(HOSTILE_STRINGS) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<HeaderValue>({ repeat: 'k', times: 256 }, { repeat: 'k', times: 255 }, { repeat: 'k', times: 100_000 }, ['a', 'b']),
    },
  );
}

export type Category = 'body' | 'content-type' | 'headers' | 'path' | 'query' | 'method';

function mutationArbitrary(op: Operation, category: Category): fc.Arbitrary<Mutation> | undefined {
  switch (category) {
    case 'body': {
      if (!op.body) return undefined;
      const properties = Object.entries(op.body.schema.properties ?? {});
      if (properties.length === 0) properties.push(['value', {}]);
      const property = pick(properties);
      const name = pick(properties.map(([n]) => n));
      const anyHostile = property.chain(([, schema]) => hostileJson(schema));
      return fc.oneof(
        { weight: 6, arbitrary: property.chain(([n, schema]) => hostileJson(schema).map((value): Mutation => ({ replaceValue: n, with: value }))) },
        { weight: 3, arbitrary: name.map((n): Mutation => ({ drop: n })) },
        { weight: 3, arbitrary: fc.tuple(pick(EXTRA_KEYS), anyHostile).map(([key, value]): Mutation => ({ add: JSON.stringify(key), value })) },
        { weight: 1, arbitrary: fc.tuple(name, fc.option(anyHostile, { nil: null })).map(([n, value]): Mutation => ({ duplicate: n, value })) },
        { weight: 4, arbitrary: fc.tuple(name, fc.nat(11)).map(([n, style]): Mutation => ({ respell: n, style })) },
        { weight: 1, arbitrary: fc.constant<Mutation>({ escapeKeys: true }) },
        { weight: 1, arbitrary: fc.nat(3).map((pretty): Mutation => ({ pretty })) },
        { weight: 3, arbitrary: pick(WHOLE_BODIES).map((wholeBody): Mutation => ({ wholeBody })) },
        { weight: 2, arbitrary: fc.nat(60).map((truncate): Mutation => ({ truncate })) },
        { weight: 1, arbitrary: pick(['x', ',', '}', ']', '\u0000', ' garbage', '{}', '\n\n', '\uFEFF']).map((append): Mutation => ({ append })) },
      );
    }
    case 'content-type':
      return pick(CONTENT_TYPES).map((value): Mutation => ({ header: 'content-type', value }));
    case 'headers': {
      const declared = op.parameters.filter((p) => p.in === 'header');
      const options: fc.WeightedArbitrary<Mutation>[] = [
        {
          weight: 4,
          arbitrary: pick(Object.keys(ODD_HEADERS)).chain((name) => pick(ODD_HEADERS[name]!).map((value): Mutation => ({ header: name, value }))),
        },
      ];
      for (const parameter of declared) {
        options.push({ weight: 3, arbitrary: headerValues(parameter).map((value): Mutation => ({ header: parameter.name.toLowerCase(), value })) });
      }
      if (op.security.some((s) => s.type === 'http' || s.type === 'oauth2' || s.type === 'openIdConnect')) {
        options.push({ weight: 1, arbitrary: pick(AUTHORIZATIONS).map((value): Mutation => ({ header: 'authorization', value })) });
      }
      return fc.oneof(...options);
    }
    case 'path': {
      const ids = op.parameters.filter((p) => p.in === 'path');
      const shapes = pick([
        'trailing-slash',
        'double-slash',
        'leading-double-slash',
        'upper',
        'suffix',
        'prefix',
        'dot-segment',
        'encoded-slash',
        'matrix',
        'extension',
        'backslash',
      ] as const);
      if (ids.length === 0) return shapes.map((path): Mutation => ({ path }));
      return fc.oneof(
        { weight: 1, arbitrary: shapes.map((path): Mutation => ({ path })) },
        {
          weight: 5,
          arbitrary: fc
            .tuple(
              pick(ids.map((p) => p.name)),
              fc.oneof({ weight: 5, arbitrary: pick(ODD_IDS) }, { weight: 1, arbitrary: pick(HOSTILE_STRINGS).map(percentEncode) }),
            )
            .map(([id, raw]): Mutation => ({ id, value: { raw } })),
        },
        { weight: 1, arbitrary: pick(ids.map((p) => p.name)).map((id): Mutation => ({ id, value: { gone: true } })) },
      );
    }
    case 'query': {
      const declared = op.parameters.filter((p) => p.in === 'query');
      const options: fc.WeightedArbitrary<Mutation>[] = [
        {
          weight: 2,
          arbitrary: fc
            .tuple(
              pick(ODD_QUERY_KEYS),
              fc.oneof(
                pick(ODD_INTEGER_TEXTS).map((raw): ParamValue => ({ raw })),
                pick(['1', 'pending', '']).map((raw): ParamValue => ({ raw })),
              ),
            )
            .map(([queryParam, value]): Mutation => ({ queryParam, value })),
        },
        { weight: 2, arbitrary: pick(RAW_QUERIES).map((queryRaw): Mutation => ({ queryRaw })) },
      ];
      for (const parameter of declared) {
        options.push({ weight: 4, arbitrary: hostileParam(parameter.schema).map((value): Mutation => ({ queryParam: parameter.name, value })) });
      }
      if (declared.length > 0) {
        const any = fc.constantFrom(...declared).chain((p) =>
          fc.oneof(
            validValue(p.schema).map((v): ParamValue => ({ text: v.text })),
            hostileParam(p.schema),
          ),
        );
        options.push({ weight: 1, arbitrary: fc.tuple(fc.nat(7), any).map(([queryDuplicate, value]): Mutation => ({ queryDuplicate, value })) });
      }
      return fc.oneof(...options);
    }
    case 'method':
      return pick(['PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'GET', 'POST', 'PUT', 'DELETE']).map((method): Mutation => ({ method }));
  }
}

// ---------------------------------------------------------------------------------------------
// Rules the contract states only in prose

type Members = [string, string][];

const memberValue = (members: Members, name: string) => members.find(([k]) => decodeKey(k) === name)?.[1];
const withValue = (members: Members, name: string, value: string): Members =>
  memberValue(members, name) === undefined
    ? [...members, [JSON.stringify(name), value]]
    : members.map(([k, v]): [string, string] => [k, decodeKey(k) === name ? value : v]);

function centsOfText(text: string): bigint {
  const exact = exactCents(text);
  if (typeof exact === 'string') throw new Error(`${text} is not an amount in cents`);
  return exact.negative ? -exact.cents : exact.cents;
}

/**
 * Per operation, what a schema-valid body needs to be valid for the service too: the rules
 * api/openapi.yaml states only in descriptions, because a schema cannot say them (they depend on the
 * caller's role or on arithmetic over the items). Applied to the request before it is mutated.
 * Anything a schema can say belongs in the contract instead, where the generator reads it.
 */
const PROSE_RULES: Record<string, (members: Members, schema: Schema) => fc.Arbitrary<Members>> = {
  // Operators and admins name the customer (the fuzzer acts as the development operator). One line
  // per SKU; with items the total is their exact sum (at most the Money maximum) and total_amount, if
  // sent, must equal it.
  createOrder: (members, schema) => {
    const properties = schema.properties ?? {};
    let out = itemsWithinTotal(members, centsOfText(String(properties.total_amount?.maximum ?? 9_999_999_999.99)));
    const total = itemsTotal(out);
    if (total !== undefined && memberValue(out, 'total_amount') !== undefined) out = withValue(out, 'total_amount', formatCents(total));
    if (memberValue(out, 'customer_id') !== undefined || !properties.customer_id) return fc.constant(out);
    return validValue(properties.customer_id).map((v): Members => [...out, [JSON.stringify('customer_id'), v.json]]);
  },
  // A return: each SKU on one line.
  createOrderReturn: (members) => fc.constant(oneLinePerSku(members)),
  // An edit's new lines: each SKU on one line, adding up to at most what an order may total (as for a create).
  editOrder: (members) => fc.constant(itemsWithinTotal(members, MAX_ORDER_TOTAL_CENTS)),
};

/** The Money maximum (api/openapi.yaml's total_amount), which an order's items may add up to at most. */
const MAX_ORDER_TOTAL_CENTS = centsOfText('9999999999.99');

type Line = { sku: string; quantity: number; unit_price: number };

function itemsTotal(members: Members): bigint | undefined {
  const itemsText = memberValue(members, 'items');
  if (itemsText === undefined) return undefined;
  return (JSON.parse(itemsText) as Line[]).reduce((total, line) => total + BigInt(line.quantity) * centsOfText(String(line.unit_price)), 0n);
}

/** One line per SKU, dropping the last lines (down to one unit of the first) until they add up to at most `max`. */
function itemsWithinTotal(members: Members, max: bigint): Members {
  const itemsText = memberValue(members, 'items');
  if (itemsText === undefined) return members;
  const parsed = JSON.parse(itemsText) as Line[];
  let lines = parsed.filter((line, i) => parsed.findIndex((other) => other.sku === line.sku) === i);
  const sum = () => lines.reduce((total, line) => total + BigInt(line.quantity) * centsOfText(String(line.unit_price)), 0n);
  while (lines.length > 1 && sum() > max) lines = lines.slice(0, -1);
  if (sum() > max) lines = [{ ...lines[0]!, quantity: 1 }];
  return lines.length !== parsed.length || lines[0] !== parsed[0] ? withValue(members, 'items', JSON.stringify(lines)) : members;
}

function oneLinePerSku(members: Members): Members {
  const itemsText = memberValue(members, 'items');
  if (itemsText === undefined) return members;
  const parsed = JSON.parse(itemsText) as { sku: string }[];
  const lines = parsed.filter((line, i) => parsed.findIndex((other) => other.sku === line.sku) === i);
  return lines.length === parsed.length ? members : withValue(members, 'items', JSON.stringify(lines));
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface RequestOptions {
  categories: readonly Category[];
  /** At most this many mutations; 0 gives the request exactly as the contract describes it. */
  maxMutations: number;
  /** Include every optional body property (an unmutated request then satisfies rules the schema states only in prose). */
  allProperties?: boolean;
}

/** A request derived from `op` as the contract describes it, then mutated. */
export function requestArbitrary(op: Operation, options: RequestOptions): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const requiredHeaders = op.parameters.filter((p) => p.in === 'header' && p.required);
  const optionalHeaders = op.parameters.filter((p) => p.in === 'header' && !p.required);

  const params = fc.tuple(
    ...pathParams.map((p) => {
      const valid = validValue(p.schema).map((v): IdRef => ({ raw: percentEncode(v.text) }));
      // Text keys (SKUs): mostly stocked ones, some not yet stocked. Integer ids: mostly orders that exist.
      const fresh = typeOf(p.schema) === 'string' ? NEW_SKUS.filter((v) => p.schema.pattern === undefined || new RegExp(p.schema.pattern, 'u').test(v)) : [];
      const refs =
        typeOf(p.schema) === 'string'
          ? fc.oneof({ weight: 5, arbitrary: valid }, ...(fresh.length > 0 ? [{ weight: 1, arbitrary: pick(fresh).map((raw): IdRef => ({ raw })) }] : []))
          : fc.oneof(
              { weight: 6, arbitrary: fc.tuple(pick(ORDER_STATES), fc.nat(20)).map(([existing, pick]): IdRef => ({ existing, pick })) },
              { weight: 1, arbitrary: valid },
            );
      return refs.map((ref): [string, IdRef] => [p.name, ref]);
    }),
  );
  const query = fc
    .subarray(queryParams)
    .chain((chosen) => fc.tuple(...chosen.map((p) => validValue(p.schema).map((v): [string, ParamValue] => [p.name, { text: v.text }]))));
  // Declared headers (Idempotency-Key, If-Match) with values their schemas accept: the required ones, and some optional ones.
  const headers = fc
    .subarray(optionalHeaders)
    .chain((chosen) =>
      fc.tuple(...[...requiredHeaders, ...chosen].map((p) => validValue(p.schema).map((v): [string, HeaderValue] => [p.name.toLowerCase(), v.text]))),
    );
  const rule = PROSE_RULES[op.operationId];
  // The body as the contract describes it: generated from its schema, then the prose rules, and
  // kept only when the contract's own validator accepts it (for the rules generation does not model).
  const members = op.body
    ? validMembers(op.body.schema, options.allProperties === true)
        .chain((m) => (rule ? rule(m, op.body!.schema) : fc.constant(m)))
        .filter((m) => contractAcceptsMembers(op.body!.schema, m))
    : fc.constant(undefined);

  const mutationOptions = options.categories.map((c) => mutationArbitrary(op, c)).filter((m): m is fc.Arbitrary<Mutation> => m !== undefined);
  const mutations =
    mutationOptions.length === 0 || options.maxMutations === 0
      ? fc.constant<Mutation[]>([])
      : fc.array(fc.oneof(...mutationOptions), { minLength: 1, maxLength: options.maxMutations });

  return fc.record({ params, query, headers, members, mutations }).map(({ params, query, headers, members, mutations }) => {
    // Fresh copies: mutations edit the request, and fast-check reuses generated values while shrinking.
    const request: FuzzRequest = {
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      params: Object.fromEntries(params),
      query: query.map(([k, v]): [string, ParamValue] => [k, v]),
      headers: Object.fromEntries(headers),
      body: members ? { members: members.map(([k, v]): [string, string] => [k, v]) } : undefined,
      mutations: [],
    };
    if (op.body) request.headers['content-type'] = op.body.contentTypes[0] ?? 'application/json';
    for (const mutation of mutations) applyMutation(request, mutation);
    return request;
  });
}

function applyMutation(request: FuzzRequest, mutation: Mutation): void {
  const body = request.body;
  const members = body && 'members' in body ? body.members : undefined;
  /** The member named `name` (the last one, as JSON parsers keep), or -1. */
  const at = (name: string) => (members ? members.map(([k]) => decodeKey(k)).lastIndexOf(name) : -1);
  const note = (text: string) => request.mutations.push(text);

  if ('replaceValue' in mutation) {
    if (!members) return;
    const i = at(mutation.replaceValue);
    note(`body ${mutation.replaceValue}: ${clip(mutation.with)}`);
    if (i < 0) members.push([JSON.stringify(mutation.replaceValue), mutation.with]);
    else members[i] = [members[i]![0], mutation.with];
  } else if ('drop' in mutation) {
    const i = at(mutation.drop);
    if (!members || i < 0) return;
    note(`body without ${mutation.drop}`);
    members.splice(i, 1);
  } else if ('add' in mutation) {
    if (!members) return;
    note(`body plus ${clip(mutation.add)}: ${clip(mutation.value)}`);
    members.push([mutation.add, mutation.value]);
  } else if ('duplicate' in mutation) {
    const i = at(mutation.duplicate);
    if (!members || i < 0) return;
    note(`body repeats ${mutation.duplicate}${mutation.value === null ? '' : ` as ${clip(mutation.value)}`}`);
    members.push([members[i]![0], mutation.value ?? members[i]![1]]);
  } else if ('respell' in mutation) {
    const i = at(mutation.respell);
    if (!members || i < 0) return;
    const spelt = respell(members[i]![1], mutation.style);
    if (spelt === members[i]![1]) return;
    note(`body ${mutation.respell} spelt ${spelt}`);
    members[i] = [members[i]![0], spelt];
  } else if ('escapeKeys' in mutation) {
    if (!members) return;
    note('body keys \\u-escaped');
    for (const member of members) member[0] = ESCAPED_KEYS[decodeKey(member[0])] ?? member[0];
  } else if ('pretty' in mutation) {
    if (!members) return;
    note('body pretty-printed');
    const ws = [' ', '\n', '\t', '\r\n  '][mutation.pretty % 4]!;
    request.body = { text: `${ws}{${ws}${members.map(([k, v]) => `${k}${ws}:${ws}${v}`).join(`${ws},${ws}`)}${ws}}${ws}` };
  } else if ('wholeBody' in mutation) {
    note(`body replaced`);
    request.body = mutation.wholeBody;
  } else if ('truncate' in mutation) {
    const text = body ? bodyText(body) : undefined;
    if (text === undefined || text.length === 0) return;
    const cut = mutation.truncate % text.length;
    note(`body cut at ${cut}`);
    request.body = { text: text.slice(0, cut) };
  } else if ('append' in mutation) {
    const text = body ? bodyText(body) : undefined;
    if (text === undefined) return;
    note(`body followed by ${JSON.stringify(mutation.append)}`);
    request.body = { text: text + mutation.append };
  } else if ('header' in mutation) {
    note(`header ${mutation.header}: ${mutation.value === null ? '(none)' : describeHeader(mutation.value)}`);
    request.headers[mutation.header] = mutation.value;
  } else if ('path' in mutation) {
    note(`path ${mutation.path}`);
    request.path = mutatePath(request.path, mutation.path);
  } else if ('id' in mutation) {
    if (!(mutation.id in request.params)) return;
    note(`{${mutation.id}} = ${JSON.stringify(mutation.value)}`);
    request.params[mutation.id] = mutation.value;
  } else if ('queryParam' in mutation) {
    if (!Array.isArray(request.query)) return;
    note(`query ${mutation.queryParam}=${describeParam(mutation.value)}`);
    request.query = request.query.filter(([k]) => k !== mutation.queryParam);
    request.query.push([mutation.queryParam, mutation.value]);
  } else if ('queryDuplicate' in mutation) {
    if (!Array.isArray(request.query) || request.query.length === 0) return;
    const [key] = request.query[mutation.queryDuplicate % request.query.length]!;
    note(`query ${key} repeated as ${describeParam(mutation.value)}`);
    request.query.push([key, mutation.value]);
  } else if ('queryRaw' in mutation) {
    note(`query string ${clip(JSON.stringify(mutation.queryRaw))}`);
    request.query = { raw: mutation.queryRaw };
  } else if ('method' in mutation) {
    if (mutation.method === request.method) return;
    note(`method ${mutation.method}`);
    request.method = mutation.method;
  }
}

function mutatePath(path: string, shape: Extract<Mutation, { path: unknown }>['path']): string {
  switch (shape) {
    case 'trailing-slash':
      return `${path}/`;
    case 'double-slash':
      return path.replace(/\/(?=[^/]*$)/, '//');
    case 'leading-double-slash':
      return `/${path}`;
    case 'upper':
      return path.replace(/[a-z]+/g, (s) => (s.startsWith('{') ? s : s.toUpperCase())).replace(/\{([A-Z_]+)\}/g, (_m, n: string) => `{${n.toLowerCase()}}`);
    case 'suffix':
      return `${path}/x`;
    case 'prefix':
      return `/v1${path}`;
    case 'dot-segment':
      return path.replace(/^\/([^/]+)/, '/$1/../$1');
    case 'encoded-slash':
      return path.replace(/\/(?=[^/]*$)/, '%2F');
    case 'matrix':
      return `${path};x=1`;
    case 'extension':
      return `${path}.json`;
    case 'backslash':
      return path.replaceAll('/', '\\');
  }
}

// ---------------------------------------------------------------------------------------------
// Materialising

/** Percent-encodes every byte of the UTF-8 form except unreserved characters (lone surrogates become U+FFFD, as a client's encoder would). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function expand(value: { repeat: string; times: number }): string {
  return value.repeat.repeat(value.times);
}

/**
 * Header values as they arrive over HTTP: bytes read as latin1, so non-latin1 text arrives as its
 * UTF-8 bytes; CR, LF and NUL cannot be part of a header on the wire and are left out here (the
 * raw-socket test sends those).
 */
export function headerText(value: string): string {
  const wire = [...value].some((c) => c.codePointAt(0)! > 0xff) ? Buffer.from(value, 'utf8').toString('latin1') : value;
  return [...wire].filter((c) => c !== '\r' && c !== '\n' && c !== '\u0000').join('');
}

export function paramText(value: ParamValue): string {
  if ('raw' in value) return value.raw;
  if ('repeat' in value) return expand(value);
  return percentEncode(value.text);
}

export function bodyText(body: Body): string | undefined {
  if ('members' in body) return `{${body.members.map(([k, v]) => `${k}:${v}`).join(',')}}`;
  if ('text' in body) return body.text;
  if ('padded' in body) return `{"customer_id":1,"total_amount":1,"pad":"${expand(body.padded)}"}`;
  if ('nested' in body) return '['.repeat(body.nested);
  return undefined;
}

export function bodyPayload(body: Body | undefined): string | Buffer | undefined {
  if (!body) return undefined;
  if ('bytes' in body) return Buffer.from(body.bytes);
  return bodyText(body);
}

export function materialiseHeaders(headers: FuzzRequest['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) continue;
    out[name] = Array.isArray(value) ? value.map(headerText) : headerText(typeof value === 'string' ? value : expand(value));
  }
  return out;
}

export function queryText(query: FuzzRequest['query']): string {
  if (!Array.isArray(query)) return query.raw;
  return query.map(([k, v]) => `${k}=${paramText(v)}`).join('&');
}

function decodeKey(keyJson: string): string {
  try {
    return String(JSON.parse(keyJson));
  } catch {
    return keyJson;
  }
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

function describeHeader(value: HeaderValue): string {
  if (typeof value === 'string') return clip(JSON.stringify(value));
  if (Array.isArray(value)) return JSON.stringify(value);
  return `${JSON.stringify(value.repeat)} × ${value.times}`;
}

function describeParam(value: ParamValue): string {
  if ('repeat' in value) return `${JSON.stringify(value.repeat)} × ${value.times}`;
  return clip('raw' in value ? value.raw : JSON.stringify(value.text));
}

// ---------------------------------------------------------------------------------------------
// On the wire: what `inject` cannot send (it never parses HTTP), sent over a real socket.

export type WireMutation =
  | { hugeHeader: number }
  | { hugeTarget: number }
  | { headerValueByte: number }
  | { headerName: string }
  | { obsFold: true }
  | { bareLf: true }
  | { noHost: true }
  | { twoHosts: true }
  | { contentLengths: [string, string] }
  | { contentLength: string }
  | { chunkedAndLength: true }
  | { badChunk: string }
  | { requestLine: string }
  | { targetBytes: number[] }
  | { contentTypes: [string, string] };

export const wireMutation: fc.Arbitrary<WireMutation> = fc.oneof(
  fc.constantFrom(17_000, 40_000, 100_000).map((hugeHeader): WireMutation => ({ hugeHeader })),
  fc.constantFrom(17_000, 100_000).map((hugeTarget): WireMutation => ({ hugeTarget })),
  fc.constantFrom(0x00, 0x01, 0x0b, 0x7f, 0x0d).map((headerValueByte): WireMutation => ({ headerValueByte })),
  fc.constantFrom('X A', 'X:A', 'X(A)', 'X-Ä', '').map((headerName): WireMutation => ({ headerName })),
  fc.constantFrom<WireMutation>({ obsFold: true }, { bareLf: true }, { noHost: true }, { twoHosts: true }, { chunkedAndLength: true }),
  fc.constantFrom<[string, string]>(['10', '3'], ['5', '5, 6'], ['0', '1']).map((contentLengths): WireMutation => ({ contentLengths })),
  fc.constantFrom('abc', '-1', '1e3', '99999999999999999999', ' 3 ').map((contentLength): WireMutation => ({ contentLength })),
  fc.constantFrom('zz', '-1', 'ffffffffffffffffffff', '').map((badChunk): WireMutation => ({ badChunk })),
  fc
    .constantFrom(
      'GET',
      'G E T /orders HTTP/1.1',
      'FOO /orders HTTP/1.1',
      'GET /orders HTTP/9.9',
      'GET /orders',
      'GET  /orders HTTP/1.1',
      'GET /orders HTTP/1.1 x',
    )
    .map((requestLine): WireMutation => ({ requestLine })),
  fc.constantFrom<number[]>([0x01], [0x20, 0x41], [0xc3, 0xa9], [0xff], [0x7f]).map((targetBytes): WireMutation => ({ targetBytes })),
  fc
    .constantFrom<[string, string]>(['text/plain', 'application/json'], ['application/json', 'text/plain'], ['application/json', 'application/json'])
    .map((contentTypes): WireMutation => ({ contentTypes })),
);

/** An HTTP/1.1 request as bytes, with one wire-level mutation. */
export function wireRequest(method: string, target: string, headers: Record<string, string | string[]>, body: Buffer, mutation: WireMutation): Buffer {
  const lines: string[] = [];
  const ascii = (s: string) => Buffer.from(s, 'latin1');
  let requestLine = `${method} ${target} HTTP/1.1`;
  let head: [string, string][] = [
    ['Host', '127.0.0.1'],
    ['Connection', 'close'],
  ];
  for (const [name, value] of Object.entries(headers)) for (const v of Array.isArray(value) ? value : [value]) head.push([name, v]);
  head.push(['Content-Length', String(body.length)]);
  let payload = body;
  let eol = '\r\n';
  let targetBytes: number[] | undefined;

  if ('hugeHeader' in mutation) head.push(['X-Padding', 'a'.repeat(mutation.hugeHeader)]);
  else if ('hugeTarget' in mutation) requestLine = `${method} ${target}?pad=${'a'.repeat(mutation.hugeTarget)} HTTP/1.1`;
  else if ('headerValueByte' in mutation) head.push(['X-Odd', `a${String.fromCharCode(mutation.headerValueByte)}b`]);
  else if ('headerName' in mutation) head.push([mutation.headerName, 'x']);
  else if ('obsFold' in mutation) head.push(['X-Folded', 'a\r\n b']);
  else if ('bareLf' in mutation) eol = '\n';
  else if ('noHost' in mutation) head = head.filter(([n]) => n !== 'Host');
  else if ('twoHosts' in mutation) head.push(['Host', 'evil.example']);
  else if ('contentLengths' in mutation) {
    head = head.filter(([n]) => n !== 'Content-Length');
    head.push(['Content-Length', mutation.contentLengths[0]], ['Content-Length', mutation.contentLengths[1]]);
  } else if ('contentLength' in mutation) {
    head = head.filter(([n]) => n !== 'Content-Length');
    head.push(['Content-Length', mutation.contentLength]);
  } else if ('chunkedAndLength' in mutation) {
    head.push(['Transfer-Encoding', 'chunked']);
    payload = Buffer.concat([ascii(`${body.length.toString(16)}\r\n`), body, ascii('\r\n0\r\n\r\n')]);
  } else if ('badChunk' in mutation) {
    head = head.filter(([n]) => n !== 'Content-Length');
    head.push(['Transfer-Encoding', 'chunked']);
    payload = Buffer.concat([ascii(`${mutation.badChunk}\r\n`), body, ascii('\r\n0\r\n\r\n')]);
  } else if ('requestLine' in mutation) requestLine = mutation.requestLine;
  else if ('targetBytes' in mutation) targetBytes = mutation.targetBytes;
  else if ('contentTypes' in mutation) {
    head = head.filter(([n]) => n.toLowerCase() !== 'content-type');
    head.push(['Content-Type', mutation.contentTypes[0]], ['Content-Type', mutation.contentTypes[1]]);
  }

  lines.push(requestLine, ...head.map(([n, v]) => `${n}: ${v}`), '', '');
  let bytes = ascii(lines.join(eol));
  if (targetBytes) {
    const space = bytes.indexOf(0x20) + 1 + Buffer.byteLength(target, 'latin1');
    bytes = Buffer.concat([bytes.subarray(0, space), Buffer.from(targetBytes), bytes.subarray(space)]);
  }
  return Buffer.concat([bytes, payload]);
}

export function describeWire(mutation: WireMutation): string {
  return JSON.stringify(mutation, (_k, v: unknown) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}…` : v));
}
