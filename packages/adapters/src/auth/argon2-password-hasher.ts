import argon2 from 'argon2';
import type { PasswordHasher } from '@xcr/core/ports/password-hasher';

/** Cost parameters; the defaults follow the OWASP password storage recommendation for argon2id. */
export interface Argon2Options {
  memoryCostKib?: number;
  timeCost?: number;
  parallelism?: number;
}

/** argon2id password hashing. */
export function createArgon2PasswordHasher(options: Argon2Options = {}): PasswordHasher {
  const params = {
    type: argon2.argon2id,
    memoryCost: options.memoryCostKib ?? 19_456,
    timeCost: options.timeCost ?? 2,
    parallelism: options.parallelism ?? 1,
  } as const;
  return {
    hash: (password) => argon2.hash(password, params),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
  };
}
