import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

/**
 * Payload encryption: every payload the client and the worker hand to Temporal (workflow inputs and
 * results, activity arguments, signals, updates, queries, memos) is sealed with AES-256-GCM, so the
 * histories Temporal stores hold ciphertext. Search attributes stay readable: Temporal indexes them.
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key a payload was sealed with, so a rotated key ring still opens it. */
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const { Payload: PayloadMessage } = proto.temporal.api.common.v1;

/** The keys by id; the active one seals new payloads, every one of them opens old ones. */
export interface EncryptionKeyRing {
  activeKeyId: string;
  keys: Map<string, Buffer>;
}

/** A payload this process cannot open: its key is not in the ring, or it was altered. */
export class PayloadUndecryptable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadUndecryptable';
  }
}

/**
 * Reads `id:base64key` entries separated by commas or whitespace (one per line in a file). The first
 * entry is the active key; the others only decrypt. Returns the problems instead of throwing, so the
 * configuration can report them together with every other setting. Never echoes key material.
 */
export function parseKeyRing(text: string, setting: string): { ring?: EncryptionKeyRing; problems: string[] } {
  const entries = text.split(/[\s,]+/).filter(Boolean);
  const problems: string[] = [];
  const keys = new Map<string, Buffer>();
  for (const [index, entry] of entries.entries()) {
    const separator = entry.indexOf(':');
    const id = separator < 0 ? '' : entry.slice(0, separator);
    const encoded = entry.slice(separator + 1);
    const key = Buffer.from(encoded, 'base64');
    if (!KEY_ID.test(id)) problems.push(`${setting}: entry ${index + 1} must be <id>:<base64 key>, the id of letters, digits, '.', '_' or '-' (at most 64)`);
    else if (keys.has(id)) problems.push(`${setting}: key id "${id}" appears twice`);
    else if (key.length !== KEY_BYTES || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded))
      problems.push(`${setting}: key "${id}" must be ${KEY_BYTES} random bytes in base64 (e.g. openssl rand -base64 32)`);
    else keys.set(id, key);
  }
  if (entries.length === 0) problems.push(`${setting} is set but holds no keys`);
  if (problems.length > 0) return { problems };
  return { ring: { activeKeyId: entries[0]!.slice(0, entries[0]!.indexOf(':')), keys }, problems };
}

/** The additional authenticated data: binds the ciphertext to the key id it claims, and to this scheme. */
const associatedData = (keyId: string) => Buffer.from(`order-processing/payload/v1/${keyId}`);

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: EncryptionKeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.open(payload));
  }

  /** The whole payload (its metadata too: the encoding says what kind of data it was) becomes the plaintext. */
  seal(payload: Payload): Payload {
    const keyId = this.ring.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.ring.keys.get(keyId)!, iv);
    cipher.setAAD(associatedData(keyId));
    const sealed = Buffer.concat([iv, cipher.update(PayloadMessage.encode(payload).finish()), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(keyId) },
      data: sealed,
    };
  }

  /** Payloads that were never encrypted (written before encryption was turned on) pass unchanged. */
  open(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
    const rawKeyId = payload.metadata?.[KEY_ID_METADATA];
    const keyId = rawKeyId ? Buffer.from(rawKeyId).toString() : '';
    const key = this.ring.keys.get(keyId);
    if (!key) throw new PayloadUndecryptable(`The payload was encrypted with key "${keyId.slice(0, 64)}", which is not in this process's key ring.`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadUndecryptable('The encrypted payload is too short to be one.');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadUndecryptable(`The encrypted payload does not verify with key "${keyId}": it was altered, or sealed with another key of that id.`);
    }
    const { metadata, data: inner } = PayloadMessage.decode(plaintext);
    return { metadata: metadata ?? {}, data: inner ?? new Uint8Array() };
  }
}
