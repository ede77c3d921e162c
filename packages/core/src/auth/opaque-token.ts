import { createHash, randomBytes } from 'node:crypto';

/** A new opaque token: 32 random bytes, base64url (43 characters). Shown to its owner once, stored only hashed. */
export function generateOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of an opaque token: its SHA-256 in hex. A fast hash is enough because the token has 256 bits of
 * entropy (nothing to guess), and it lets the database look the token up by equality.
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
