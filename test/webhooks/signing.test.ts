import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook, webhookHeaders } from '../../src/webhooks/signing.js';

// The oracle is the Standard Webhooks reference verifier (npm `standardwebhooks`), not our own code.
describe('webhook signatures', () => {
  const secret = generateWebhookSecret();
  const body = '{"id":1,"type":"order.created","details":{"total_amount":"12.50","note":"caf\u00e9 \u2603"}}';

  it('verify with the Standard Webhooks reference verifier', () => {
    const headers = webhookHeaders(secret, '42', body);
    expect(Object.keys(headers).sort()).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp']);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(secret).verify(Buffer.from(body), headers)).toEqual(JSON.parse(body));
  });

  it('are exactly what the reference signer makes for the same id, timestamp and body', () => {
    const timestamp = 1_800_000_000;
    const reference = new Webhook(secret).sign('msg_2', new Date(timestamp * 1000), body);
    expect(signWebhook(secret, { id: 'msg_2', timestamp, body })).toBe(reference);
  });

  it('fail the reference verifier for another body, id, timestamp or secret', () => {
    const headers = webhookHeaders(secret, '42', body);
    const refused =
      (payload: string, h: Record<string, string>, key = secret) =>
      () =>
        new Webhook(key).verify(payload, h);
    expect(refused(`${body} `, headers)).toThrow(WebhookVerificationError);
    expect(refused(body, { ...headers, 'webhook-id': '43' })).toThrow(WebhookVerificationError);
    expect(refused(body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) })).toThrow(WebhookVerificationError);
    expect(refused(body, headers, generateWebhookSecret())).toThrow(WebhookVerificationError);
    // Too old: a captured request cannot be replayed later than the tolerance (5 minutes).
    const old = Math.floor(Date.now() / 1000) - 301;
    expect(refused(body, webhookHeaders(secret, '42', body, old))).toThrow(/too old/);
  });

  it('are keyed by a fresh 32-byte secret in standard base64 each time', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(generateWebhookSecret());
    expect(Buffer.from(a.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it('keep the key of a secret issued in base64url before the switch', () => {
    const bytes = Buffer.alloc(32, 0xfb); // encodes with '-' and '_' in base64url, '+' and '/' in base64
    const legacy = `whsec_${bytes.toString('base64url')}`;
    const standard = `whsec_${bytes.toString('base64')}`;
    expect(legacy).not.toBe(standard);
    const headers = webhookHeaders(legacy, '7', body);
    expect(() => new Webhook(standard).verify(body, headers)).not.toThrow();
  });
});
