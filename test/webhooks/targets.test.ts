import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { addressRange, isPrivateAddress, PrivateTargetRefused, publicOnlyLookup, webhookUrlProblem } from '../../src/webhooks/targets.js';

const production = { allowPrivateTargets: false };

describe('webhook target addresses', () => {
  // Each is in a range that is not global unicast (IANA special-purpose registries).
  const refused: [string, string][] = [
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'CGNAT shared space'],
    ['100.127.255.254', 'CGNAT shared space'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.1', 'TEST-NET-1'],
    ['192.88.99.1', '6to4 relay anycast'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'TEST-NET-2'],
    ['203.0.113.9', 'TEST-NET-3'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:8.8.8.8', 'IPv4-mapped (even of a public address)'],
    ['::ffff:0:8.8.8.8', 'IPv4-translated'],
    ['64:ff9b::7f00:1', 'NAT64 well-known prefix'],
    ['64:ff9b::808:808', 'NAT64 well-known prefix'],
    ['64:ff9b:1::a00:1', 'NAT64 local-use prefix'],
    ['100::1', 'discard-only'],
    ['2001::1', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001:2::1', 'benchmarking'],
    ['2001:10::1', 'ORCHID'],
    ['2001:db8::1', 'documentation'],
    ['2001:db8:ffff::1', 'documentation'],
    ['2002:7f00:1::1', '6to4 (embeds 127.0.0.1)'],
    ['2002:c0a8:101::1', '6to4 (embeds 192.168.1.1)'],
    ['3fff::1', 'documentation (RFC 9637)'],
    ['5f00::1', 'SRv6 SIDs'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fec0::1', 'site-local (deprecated)'],
    ['ff02::1', 'multicast'],
    ['4000::1', 'outside 2000::/3'],
    ['::1.2.3.4', 'IPv4-compatible (deprecated)'],
  ];
  it.each(refused)('refuse %s (%s)', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
    expect(addressRange(address)).not.toBe('unicast');
    const host = address.includes(':') ? `[${address}]` : address;
    expect(webhookUrlProblem(`http://${host}/hooks`, production)).toMatch(/global unicast/);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.215.14', '100.63.255.255', '100.128.0.1', '172.32.0.1', '198.20.0.1', '2606:4700::1111', '2a00:1450:4001:82b::200e'])(
    'accept the global unicast address %s',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
      expect(addressRange(address)).toBe('unicast');
      const host = address.includes(':') ? `[${address}]` : address;
      expect(webhookUrlProblem(`https://${host}/hooks`, production)).toBeUndefined();
    },
  );

  it('read other spellings of an address as the URL parser does (decimal, hex, short forms)', () => {
    for (const url of [
      'http://2130706433/',
      'http://0x7f.0.0.1/',
      'http://127.1/',
      'http://0177.0.0.1/',
      'http://[0:0:0:0:0:ffff:7f00:1]/',
      'http://[::ffff:7f00:1]/',
    ]) {
      expect(webhookUrlProblem(url, production), url).toMatch(/global unicast/);
    }
  });

  it('are not IP addresses when they are names (checked when they resolve, on connect)', () => {
    expect(addressRange('example.com')).toBeUndefined();
    expect(isPrivateAddress('example.com')).toBe(false);
  });
});

describe('webhook target URLs', () => {
  it('refuse what is not an absolute http(s) URL without credentials', () => {
    const allow = { allowPrivateTargets: true };
    expect(webhookUrlProblem('https://example.com/hooks?x=1', allow)).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:3000/', allow)).toBeUndefined();
    expect(webhookUrlProblem('ftp://example.com/', allow)).toMatch(/http or https/);
    expect(webhookUrlProblem('https://a:b@example.com/', allow)).toMatch(/credentials/);
    expect(webhookUrlProblem('https://exa mple.com/', allow)).toMatch(/ASCII/);
    expect(webhookUrlProblem('example.com/hooks', allow)).toMatch(/absolute/);
  });

  it('refuse localhost names unless private targets are allowed', () => {
    for (const url of ['http://localhost/', 'http://api.localhost/', 'http://LOCALHOST./'])
      expect(webhookUrlProblem(url, production), url).toMatch(/global unicast/);
    expect(webhookUrlProblem('https://example.com/', production)).toBeUndefined();
    expect(webhookUrlProblem('http://[2001:db8::1]/', { allowPrivateTargets: true })).toBeUndefined();
  });

  it('refuse on connect a name that resolves to an address that is not global unicast', async () => {
    const error = await new Promise((resolve) => publicOnlyLookup('localhost', {}, (e) => resolve(e)));
    expect(error).toBeInstanceOf(PrivateTargetRefused);
  });

  it('are public-only outside dev mode unless WEBHOOK_ALLOW_PRIVATE_TARGETS says otherwise', () => {
    expect(loadConfig({}, 'worker').webhooks.allowPrivateTargets).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }, 'worker').webhooks.allowPrivateTargets).toBe(true);
    expect(loadConfig({}, 'dev').webhooks).toMatchObject({ allowPrivateTargets: true, timeoutMs: 10_000, minBackoffMs: 1_000, maxBackoffMs: 600_000 });
    expect(() => loadConfig({ WEBHOOK_MIN_BACKOFF: '1m', WEBHOOK_MAX_BACKOFF: '1s' }, 'dev')).toThrow(/WEBHOOK_MIN_BACKOFF/);
  });
});
