/**
 * Text a client sends that PostgreSQL or a reader downstream cannot take: control characters (NUL
 * is refused by TEXT and JSONB alike) and unpaired UTF-16 surrogates (refused by JSONB, invalid
 * UTF-8 anywhere else). JSON Schema patterns cannot say this well, so services check it.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSAFE_TEXT_MESSAGE = 'must not contain control characters or unpaired surrogates';

export function isUnsafeText(text: string): boolean {
  return CONTROL.test(text) || LONE_SURROGATE.test(text);
}
