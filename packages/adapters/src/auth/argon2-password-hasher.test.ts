import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createArgon2PasswordHasher } from './argon2-password-hasher.ts';

describe('adapters/auth/argon2-password-hasher', () => {
  const hasher = createArgon2PasswordHasher({ memoryCostKib: 4096, timeCost: 1 });

  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hasher.hash('correct horse battery staple');

    assert.match(hash, /^\$argon2id\$/);
    assert.equal(await hasher.verify(hash, 'correct horse battery staple'), true);
    assert.equal(await hasher.verify(hash, 'wrong'), false);
  });

  it('answers false for a malformed hash instead of throwing', async () => {
    assert.equal(await hasher.verify('not-a-hash', 'x'), false);
  });
});
