import { InvalidInput } from '../shared/errors.js';

/** A strong ETag from an order's version: `"7"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The versions an If-Match header accepts: undefined when the header is absent or `*` (any current
 * version). Weak tags (`W/"7"`) name the same version; a list accepts any of its versions.
 */
export function versionsFromIfMatch(header: string | undefined): number[] | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const versions = header.split(',').map((tag) => /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(tag)?.[1]);
  if (versions.some((v) => v === undefined)) throw new InvalidInput('must be an entity tag from this API\'s ETag header, such as "3"', '/headers/if-match');
  return versions.map(Number);
}
