/**
 * Where webhooks may be sent. An endpoint URL is chosen by a client, so in production it must not
 * point the server at itself or its private network (SSRF) unless WEBHOOK_ALLOW_PRIVATE_TARGETS is
 * set. Checked twice: on registration (the URL as written) and on every connection (the addresses
 * the name resolves to then, so a name re-pointed later at 10.0.0.1 is refused too).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const PRIVATE_V4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE_V4.addSubnet(network, prefix, 'ipv4');
// A separate list: BlockList compares IPv4 addresses with IPv6 rules as IPv4-mapped (::ffff:a.b.c.d),
// so the mapped and NAT64 ranges here would otherwise match every IPv4 address.
const PRIVATE_V6 = new BlockList();
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE_V6.addSubnet(network, prefix, 'ipv6');

/** Loopback, private, link-local, shared, multicast, IPv4-mapped or otherwise not a public unicast address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE_V4.check(address, 'ipv4');
  if (family === 6) return PRIVATE_V6.check(address, 'ipv6');
  return false;
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
  if (!options.allowPrivateTargets && targetIsPrivate(url)) return 'must not point at a loopback or private address';
  return undefined;
}

/** The URL names a loopback or private host literally (names that resolve there are caught on connect). */
export function targetIsPrivate(url: URL): boolean {
  const host = hostOf(url).toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host);
}

export class PrivateTargetRefused extends Error {
  constructor(host: string) {
    super(`${host} resolves to a loopback or private address, which webhooks may not reach`);
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
