import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { backoffMs } from '../../src/webhooks/dispatcher.js';
import { generateWebhookSecret, signWebhook, verifyWebhookSignature } from '../../src/webhooks/signing.js';
import { isPrivateAddress, PrivateTargetRefused, publicOnlyLookup, webhookUrlProblem } from '../../src/webhooks/targets.js';

describe('webhook signatures', () => {
  const secret = generateWebhookSecret();
  const body = '{"id":1,"type":"order.created"}';

  it('verify for the same secret, body and a recent timestamp only', () => {
    const now = 1_800_000_000;
    const header = signWebhook(secret, body, now);
    expect(verifyWebhookSignature(secret, header, body, 300, now + 300)).toBe(true);
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), 300, now)).toBe(true);
    expect(verifyWebhookSignature(secret, header, `${body} `, 300, now)).toBe(false);
    expect(verifyWebhookSignature(generateWebhookSecret(), header, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, 300, now + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, header.replace(`t=${now}`, `t=${now + 1}`), body, 300, now)).toBe(false);
    for (const bad of [undefined, '', 't=1', 'v1=00', `t=${now},v1=xyz`, 'garbage']) expect(verifyWebhookSignature(secret, bad, body, 300, now)).toBe(false);
  });

  it('accept any one matching v1 among several (a receiver rotating secrets)', () => {
    const now = 1_800_000_000;
    const other = signWebhook(generateWebhookSecret(), body, now).split(',')[1];
    expect(verifyWebhookSignature(secret, `${signWebhook(secret, body, now)},${other}`, body, 300, now)).toBe(true);
  });

  it('are keyed by a fresh 32-byte secret each time', () => {
    expect(generateWebhookSecret()).not.toBe(generateWebhookSecret());
    expect(Buffer.from(generateWebhookSecret().slice('whsec_'.length), 'base64url')).toHaveLength(32);
  });
});

describe('retry backoff', () => {
  const options = { minBackoffMs: 1_000, maxBackoffMs: 600_000 };
  it('doubles from the minimum, with jitter, and stays at the cap for ever', () => {
    expect(backoffMs(1, options, () => 0.5)).toBe(1_000);
    expect(backoffMs(2, options, () => 0.5)).toBe(2_000);
    expect(backoffMs(4, options, () => 0)).toBe(6_000);
    expect(backoffMs(4, options, () => 0.999)).toBeLessThanOrEqual(10_000);
    for (const attempt of [11, 20, 100, 10_000]) {
      expect(backoffMs(attempt, options, () => 0.999)).toBe(600_000);
      expect(backoffMs(attempt, options, () => 0)).toBe(450_000);
    }
  });
});

describe('webhook targets', () => {
  it('refuse what is not an absolute http(s) URL without credentials', () => {
    const allow = { allowPrivateTargets: true };
    expect(webhookUrlProblem('https://example.com/hooks?x=1', allow)).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:3000/', allow)).toBeUndefined();
    expect(webhookUrlProblem('ftp://example.com/', allow)).toMatch(/http or https/);
    expect(webhookUrlProblem('https://a:b@example.com/', allow)).toMatch(/credentials/);
    expect(webhookUrlProblem('https://exa mple.com/', allow)).toMatch(/ASCII/);
    expect(webhookUrlProblem('example.com/hooks', allow)).toMatch(/absolute/);
  });

  it('refuse loopback, private and link-local hosts unless allowed', () => {
    const production = { allowPrivateTargets: false };
    for (const url of [
      'http://localhost/',
      'http://api.localhost/',
      'http://127.0.0.1/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
      'http://100.64.0.1/',
    ]) {
      expect(webhookUrlProblem(url, production), url).toMatch(/loopback or private/);
    }
    expect(webhookUrlProblem('https://example.com/', production)).toBeUndefined();
    expect(webhookUrlProblem('https://8.8.8.8/', production)).toBeUndefined();
    expect(isPrivateAddress('2606:4700::1111')).toBe(false);
  });

  it('refuse on connect a name that resolves to a private address', async () => {
    const error = await new Promise((resolve) => publicOnlyLookup('localhost', {}, (e) => resolve(e)));
    expect(error).toBeInstanceOf(PrivateTargetRefused);
  });

  it('are private-only outside dev mode unless WEBHOOK_ALLOW_PRIVATE_TARGETS says otherwise', () => {
    expect(loadConfig({}, 'worker').webhooks.allowPrivateTargets).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }, 'worker').webhooks.allowPrivateTargets).toBe(true);
    expect(loadConfig({}, 'dev').webhooks).toMatchObject({
      allowPrivateTargets: true,
      timeoutMs: 10_000,
      minBackoffMs: 1_000,
      maxBackoffMs: 600_000,
    });
    expect(() => loadConfig({ WEBHOOK_MIN_BACKOFF: '1m', WEBHOOK_MAX_BACKOFF: '1s' }, 'dev')).toThrow(/WEBHOOK_MIN_BACKOFF/);
  });
});
