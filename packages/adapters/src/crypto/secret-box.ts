import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError, ConfigError } from '@xcr/core/errors';

/** One AES-256 key and the id written into every token it seals. */
export interface SecretBoxKey {
  /** Short id, `[A-Za-z0-9_-]{1,32}`; stored in tokens so the right key is found after a rotation. */
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** Options of {@link createSecretBox}. */
export interface SecretBoxOptions {
  /** Every key that may have sealed a stored token: the current one and the ones being rotated out. */
  keys: readonly SecretBoxKey[];
  /** The key new tokens are sealed with. */
  currentKeyId: string;
}

/** Per-call options: a context string binds a token to its use (AES-GCM additional data). */
export interface SealOptions {
  /** E.g. `project.git_token`: a token sealed for one context does not open in another. */
  context?: string;
}

/**
 * Seals secrets at rest (Git tokens, LLM API keys) with AES-256-GCM. A token reads
 * `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts): self-describing, so keys can rotate while old tokens
 * still open, and tampering with any part fails authentication.
 */
export interface SecretBox {
  encrypt(plaintext: string, options?: SealOptions): string;
  /** Throws AppError `secret_undecryptable` when the token is malformed, tampered with, or sealed by an unknown key. */
  decrypt(token: string, options?: SealOptions): string;
  /** Whether the token was sealed by a key other than the current one (re-encrypt it). */
  needsRotation(token: string): boolean;
  /** The id of the key new tokens use. */
  readonly currentKeyId: string;
}

const version = 'v1';
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const ivBytes = 12;
const tagBytes = 16;

function undecryptable(message: string, cause?: unknown): AppError {
  // Never exposed: the caller maps it to its own message; the token itself never appears.
  return new AppError('secret_undecryptable', message, {
    status: 500,
    expose: false,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Creates a secret box over the given keys; see {@link SecretBox}. */
export function createSecretBox(options: SecretBoxOptions): SecretBox {
  const keys = new Map<string, Buffer>();
  for (const { id, key } of options.keys) {
    if (!keyIdPattern.test(id)) throw new ConfigError(`encryption key id "${id.slice(0, 40)}" is not valid`);
    if (key.length !== 32) throw new ConfigError(`encryption key "${id}" must be 32 bytes`);
    if (keys.has(id)) throw new ConfigError(`encryption key id "${id}" is given twice`);
    keys.set(id, Buffer.from(key));
  }
  const current = keys.get(options.currentKeyId);
  if (!current)
    throw new ConfigError(`the current encryption key "${options.currentKeyId}" is not among the keys`);
  const aad = (sealOptions?: SealOptions) => Buffer.from(sealOptions?.context ?? '', 'utf8');

  function parse(token: string): { keyId: string; iv: Buffer; tag: Buffer; data: Buffer } {
    const parts = token.split(':');
    if (parts.length !== 5 || parts[0] !== version)
      throw undecryptable('The secret is not in a known format');
    const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
    const decoded = {
      keyId,
      iv: Buffer.from(iv, 'base64url'),
      tag: Buffer.from(tag, 'base64url'),
      data: Buffer.from(data, 'base64url'),
    };
    if (decoded.iv.length !== ivBytes || decoded.tag.length !== tagBytes)
      throw undecryptable('The secret is not in a known format');
    return decoded;
  }

  return {
    currentKeyId: options.currentKeyId,
    encrypt(plaintext, sealOptions) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(aad(sealOptions));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        version,
        options.currentKeyId,
        iv.toString('base64url'),
        tag.toString('base64url'),
        data.toString('base64url'),
      ].join(':');
    },
    decrypt(token, sealOptions) {
      const { keyId, iv, tag, data } = parse(token);
      const key = keys.get(keyId);
      if (!key) throw undecryptable('The secret was sealed with a key this installation does not have');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
        decipher.setAAD(aad(sealOptions));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch (error) {
        throw undecryptable('The secret does not authenticate (wrong key or altered)', error);
      }
    },
    needsRotation(token) {
      const parts = token.split(':');
      return parts[0] !== version || parts[1] !== options.currentKeyId;
    },
  };
}

/** The 32 bytes of a configured key written as 64 hex characters or as base64 / base64url. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64url');
  if (key.length !== 32)
    throw new ConfigError('the encryption key must be 32 bytes (64 hex characters or base64)');
  return key;
}

/** A stable short id for a key (first bytes of its SHA-256), so configuring a key needs no separate id. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

/**
 * A secret box from configuration: `current` seals, `previous` keys (being rotated out) still open old tokens.
 * Ids derive from the keys themselves.
 */
export function secretBoxFromKeys(current: string, previous: readonly string[] = []): SecretBox {
  const currentKey = parseEncryptionKey(current);
  const all = [currentKey, ...previous.map(parseEncryptionKey)];
  const unique = new Map(all.map((key) => [keyIdOf(key), key]));
  return createSecretBox({
    keys: [...unique].map(([id, key]) => ({ id, key })),
    currentKeyId: keyIdOf(currentKey),
  });
}
