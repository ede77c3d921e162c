import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AppError } from '@xcr/core/errors';
import { createSecretBox, keyIdOf, parseEncryptionKey, secretBoxFromKeys } from './secret-box.ts';

const keyA = randomBytes(32);
const keyB = randomBytes(32);

function isUndecryptable(error: unknown): boolean {
  return error instanceof AppError && error.code === 'secret_undecryptable' && !error.expose;
}

describe('secret box', () => {
  it('round-trips text, and the token never contains it', () => {
    const box = createSecretBox({ keys: [{ id: 'a', key: keyA }], currentKeyId: 'a' });
    const secret = 'ghp_0123456789abcdefghijklmnopqrstuvwxyz ünïcødé';
    const token = box.encrypt(secret);
    assert.match(token, /^v1:a:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    assert.ok(!token.includes('ghp_'));
    assert.equal(box.decrypt(token), secret);
    assert.notEqual(box.encrypt(secret), token, 'a fresh IV each time');
    assert.equal(box.decrypt(box.encrypt('')), '');
  });

  it('detects tampering with any part of the token', () => {
    const box = createSecretBox({ keys: [{ id: 'a', key: keyA }], currentKeyId: 'a' });
    const token = box.encrypt('top secret value');
    const parts = token.split(':');
    for (const index of [2, 3, 4]) {
      const altered = [...parts];
      const bytes = Buffer.from(altered[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      altered[index] = bytes.toString('base64url');
      assert.throws(() => box.decrypt(altered.join(':')), isUndecryptable, `part ${index}`);
    }
    assert.throws(() => box.decrypt('v2:a:x:y:z'), isUndecryptable);
    assert.throws(() => box.decrypt('not a token'), isUndecryptable);
  });

  it('refuses a token from another key or another context', () => {
    const boxA = createSecretBox({ keys: [{ id: 'k', key: keyA }], currentKeyId: 'k' });
    const boxB = createSecretBox({ keys: [{ id: 'k', key: keyB }], currentKeyId: 'k' });
    assert.throws(() => boxB.decrypt(boxA.encrypt('x')), isUndecryptable);
    const other = createSecretBox({ keys: [{ id: 'other', key: keyA }], currentKeyId: 'other' });
    assert.throws(() => other.decrypt(boxA.encrypt('x')), isUndecryptable, 'unknown key id');
    const sealed = boxA.encrypt('token', { context: 'project.git_token' });
    assert.equal(boxA.decrypt(sealed, { context: 'project.git_token' }), 'token');
    assert.throws(() => boxA.decrypt(sealed, { context: 'llm.api_key' }), isUndecryptable);
    assert.throws(() => boxA.decrypt(sealed), isUndecryptable);
  });

  it('rotates: old tokens open with the old key kept, new ones use the current key', () => {
    const before = createSecretBox({ keys: [{ id: 'old', key: keyA }], currentKeyId: 'old' });
    const oldToken = before.encrypt('rotate me');
    const after = createSecretBox({
      keys: [
        { id: 'old', key: keyA },
        { id: 'new', key: keyB },
      ],
      currentKeyId: 'new',
    });
    assert.equal(after.needsRotation(oldToken), true);
    assert.equal(after.decrypt(oldToken), 'rotate me');
    const newToken = after.encrypt(after.decrypt(oldToken));
    assert.equal(after.needsRotation(newToken), false);
    assert.match(newToken, /^v1:new:/);
    const retired = createSecretBox({ keys: [{ id: 'new', key: keyB }], currentKeyId: 'new' });
    assert.equal(retired.decrypt(newToken), 'rotate me');
    assert.throws(() => retired.decrypt(oldToken), isUndecryptable);
  });

  it('builds from configured key text (hex or base64) with derived ids', () => {
    const hex = keyA.toString('hex');
    const b64 = keyB.toString('base64');
    assert.deepEqual(parseEncryptionKey(hex), keyA);
    assert.deepEqual(parseEncryptionKey(b64), keyB);
    assert.deepEqual(parseEncryptionKey(keyB.toString('base64url')), keyB);
    assert.throws(() => parseEncryptionKey('abcd'));
    const oldBox = secretBoxFromKeys(hex);
    assert.equal(oldBox.currentKeyId, keyIdOf(keyA));
    const token = oldBox.encrypt('s');
    const rotated = secretBoxFromKeys(b64, [hex]);
    assert.equal(rotated.decrypt(token), 's');
    assert.equal(rotated.needsRotation(token), true);
  });

  it('refuses bad key configuration', () => {
    assert.throws(() => createSecretBox({ keys: [{ id: 'a', key: randomBytes(16) }], currentKeyId: 'a' }));
    assert.throws(() => createSecretBox({ keys: [{ id: 'a:b', key: keyA }], currentKeyId: 'a:b' }));
    assert.throws(() => createSecretBox({ keys: [{ id: 'a', key: keyA }], currentKeyId: 'b' }));
  });
});
