import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, parseKeyRing, PayloadUndecryptable } from '../../src/temporal/payload-encryption.js';

const key = () => randomBytes(32).toString('base64');
const ring = (text: string) => {
  const { ring: parsed, problems } = parseKeyRing(text, 'PAYLOAD_ENCRYPTION_KEYS');
  expect(problems).toEqual([]);
  return parsed!;
};
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString();
const order = { customerId: 7, items: [{ sku: 'SKU-SECRET', quantity: 2 }], paymentMethod: 'pm_card_visa' };

describe('the payload codec', () => {
  it('seals a payload so that neither its data nor its encoding can be read, names the key, and opens it again', async () => {
    const codec = new EncryptionCodec(ring(`2026-12:${key()}`));
    const plain = defaultPayloadConverter.toPayload(order);
    const [sealed] = await codec.encode([plain]);
    expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata![KEY_ID_METADATA])).toBe('2026-12');
    expect(Object.keys(sealed!.metadata!).sort()).toEqual(['encoding', KEY_ID_METADATA].sort());
    expect(text(sealed!.data)).not.toContain('SKU-SECRET');
    expect(text(sealed!.data)).not.toContain('json/plain');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(order);
    expect(text(opened!.metadata!.encoding)).toBe('json/plain');
  });

  it('never seals the same payload to the same ciphertext (a fresh nonce each time)', async () => {
    const codec = new EncryptionCodec(ring(`a:${key()}`));
    const plain = defaultPayloadConverter.toPayload(order);
    const [one, two] = await codec.encode([plain, plain]);
    expect(Buffer.from(one!.data!).equals(Buffer.from(two!.data!))).toBe(false);
  });

  it('after a rotation, seals with the new first key and still opens what the old key sealed', async () => {
    const oldKey = key();
    const before = new EncryptionCodec(ring(`old:${oldKey}`));
    const after = new EncryptionCodec(ring(`new:${key()}, old:${oldKey}`));
    const [sealedBefore] = await before.encode([defaultPayloadConverter.toPayload(order)]);
    expect(defaultPayloadConverter.fromPayload((await after.decode([sealedBefore!]))[0]!)).toEqual(order);
    const [sealedAfter] = await after.encode([defaultPayloadConverter.toPayload(order)]);
    expect(text(sealedAfter!.metadata![KEY_ID_METADATA])).toBe('new');
  });

  it('refuses a payload sealed with a key it does not hold, or altered in any byte, or relabelled with another key id', async () => {
    const k = key();
    const codec = new EncryptionCodec(ring(`a:${k},b:${key()}`));
    const stranger = new EncryptionCodec(ring(`c:${key()}`));
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(order)]);
    await expect(stranger.decode([sealed!])).rejects.toThrow(PayloadUndecryptable);
    await expect(stranger.decode([sealed!])).rejects.toThrow(/key "a"/);
    for (const index of [0, 13, sealed!.data!.length - 1]) {
      const data = Buffer.from(sealed!.data!);
      data[index]! ^= 1;
      await expect(codec.decode([{ ...sealed!, data }]), `byte ${index}`).rejects.toThrow(PayloadUndecryptable);
    }
    // The same key under another id: the id is authenticated too.
    const alias = new EncryptionCodec(ring(`b:${k}`));
    await expect(alias.decode([{ ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('b') } }])).rejects.toThrow(PayloadUndecryptable);
    await expect(codec.decode([{ ...sealed!, data: new Uint8Array(5) }])).rejects.toThrow(/too short/);
  });

  it('passes payloads that were never encrypted through unchanged (histories from before encryption was turned on)', async () => {
    const codec = new EncryptionCodec(ring(`a:${key()}`));
    const plain = [defaultPayloadConverter.toPayload(order), defaultPayloadConverter.toPayload(undefined), { metadata: {}, data: new Uint8Array([1, 2]) }];
    expect(await codec.decode(plain)).toEqual(plain);
  });
});

describe('the key ring setting', () => {
  it('takes id:key entries separated by commas or lines, the first one active', () => {
    const parsed = ring(`\n 2026-12:${key()}\n2026-06:${key()} ,2025.12_x:${key()}\n`);
    expect(parsed.activeKeyId).toBe('2026-12');
    expect([...parsed.keys.keys()]).toEqual(['2026-12', '2026-06', '2025.12_x']);
  });

  it('refuses short or malformed keys, bad or repeated ids and an empty ring, without echoing key material', () => {
    const short = randomBytes(16).toString('base64');
    const cases: [string, RegExp][] = [
      [`a:${short}`, /key "a" must be 32 random bytes/],
      [`a:${key()}!`, /key "a" must be 32 random bytes/],
      [key(), /entry 1 must be <id>:<base64 key>/],
      [`bad id:${key()}`, /entry 1 must be/],
      [`${'x'.repeat(65)}:${key()}`, /entry 1 must be/],
      [`a:${key()},a:${key()}`, /key id "a" appears twice/],
      [' , ', /holds no keys/],
    ];
    for (const [value, problem] of cases) {
      const { ring: parsed, problems } = parseKeyRing(value, 'PAYLOAD_ENCRYPTION_KEYS');
      expect(parsed, value).toBeUndefined();
      expect(problems.join('\n'), value).toMatch(problem);
      expect(problems.join('\n')).not.toContain(short);
    }
  });

  it('is read from PAYLOAD_ENCRYPTION_KEYS or from the file PAYLOAD_ENCRYPTION_KEYS_FILE names, never both', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(await mkdtemp(join(tmpdir(), 'keys-')), 'keys');
    await writeFile(file, `from-file:${key()}\n`);
    expect(loadConfig({ PAYLOAD_ENCRYPTION_KEYS_FILE: file }, 'worker').temporal.payloadEncryption?.activeKeyId).toBe('from-file');
    expect(loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `inline:${key()}` }, 'worker').temporal.payloadEncryption?.activeKeyId).toBe('inline');
    expect(loadConfig({}, 'worker').temporal.payloadEncryption).toBeUndefined();
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `inline:${key()}`, PAYLOAD_ENCRYPTION_KEYS_FILE: file }, 'worker')).toThrow(
      /only one of PAYLOAD_ENCRYPTION_KEYS and/,
    );
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS_FILE: `${file}.missing` }, 'worker')).toThrow(/cannot be read \(ENOENT\)/);
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: 'a:short' }, 'worker')).toThrow(/key "a" must be 32 random bytes/);
  });
});
