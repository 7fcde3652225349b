/**
 * Where webhooks may be sent. An endpoint URL is chosen by a client, so in production it must not
 * point the server at itself, its private network or anything else that is not the public internet
 * (SSRF) unless WEBHOOK_ALLOW_PRIVATE_TARGETS is set: an address is allowed only when it is global
 * unicast, decided by range with ipaddr.js rather than by a hand-kept list. Checked twice: on registration (the URL as written) and on every connection (the addresses
 * the name resolves to then, so a name re-pointed later at 10.0.0.1 is refused too).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// IPv6 global unicast is 2000::/3 (RFC 4291); ipaddr.js names the special ranges inside it.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * What kind of address `address` is, by ipaddr.js's table of special-purpose ranges (IANA's
 * registries): `unicast` only for a global unicast address; otherwise the range's name (`loopback`,
 * `private`, `6to4`, `teredo`, `rfc6052` for NAT64, `reserved` for TEST-NETs and documentation,
 * `benchmarking`, `carrierGradeNat`, `multicast`, `ipv4Mapped`, ...), `unallocated` for IPv6 outside
 * 2000::/3, and undefined when it is not an IP address at all.
 */
export function addressRange(address: string): string | undefined {
  if (isIP(address) === 0) return undefined;
  const parsed = ipaddr.parse(address);
  const range = parsed.range();
  if (range === 'unicast' && parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6)) return 'unallocated';
  return range;
}

/** True for an IP address that is anything but global unicast (false for a host name). */
export function isPrivateAddress(address: string): boolean {
  const range = addressRange(address);
  return range !== undefined && range !== 'unicast';
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Why `raw` cannot be a webhook URL, or undefined when it can. */
export function webhookUrlProblem(raw: string, options: { allowPrivateTargets: boolean }): string | undefined {
  if (/[^\x21-\x7e]/.test(raw)) return 'must be visible ASCII without spaces (percent-encode the rest, punycode host names)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials (user:password@)';
  if (url.hostname === '') return 'must name a host';
  if (!options.allowPrivateTargets && targetIsPrivate(url))
    return 'must point at a global unicast address (not loopback, private, link-local, documentation, NAT64, 6to4, ...)';
  return undefined;
}

/** The URL names a host that is not global unicast literally (names that resolve there are caught on connect). */
export function targetIsPrivate(url: URL): boolean {
  const host = hostOf(url).toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host);
}

export class PrivateTargetRefused extends Error {
  constructor(host: string) {
    super(`${host} is or resolves to an address that is not global unicast (loopback, private, documentation, ...), which webhooks may not reach`);
    this.name = 'PrivateTargetRefused';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses names resolving to private addresses. */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const list = addresses as LookupAddress[];
    if (list.length === 0 || list.some((entry) => isPrivateAddress(entry.address))) return callback(new PrivateTargetRefused(hostname), '');
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}
