/** Hashes and verifies passwords (argon2id in production). */
export interface PasswordHasher {
  /** A self-describing hash (algorithm, parameters and salt included). */
  hash(password: string): Promise<string>;
  /** True when `password` matches `hash`; false for a mismatch or a malformed hash. */
  verify(hash: string, password: string): Promise<boolean>;
}
