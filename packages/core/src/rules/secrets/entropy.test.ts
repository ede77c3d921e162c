import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPlaceholder, looksRandom, shannonEntropy } from './entropy.ts';

describe('shannonEntropy', () => {
  it('is 0 for empty and single-symbol strings and log2(n) for n equally frequent symbols', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abab'), 1);
    assert.equal(shannonEntropy('abcdefgh'), 3);
    assert.ok(Math.abs(shannonEntropy('0123456789abcdef') - 4) < 1e-9);
  });
});

describe('isPlaceholder', () => {
  it('recognises documentation and template values', () => {
    for (const value of ['<your-token>', '${API_KEY}', '{{ secrets.TOKEN }}', '$TOKEN', 'xxxxxxxx', '********', 'changeme', 'your-api-key-here', 'AKIAIOSFODNN7EXAMPLE', 'password123', 'dummy-secret-value']) {
      assert.equal(isPlaceholder(value), true, value);
    }
  });

  it('lets real-looking values through', () => {
    for (const value of ['q8Zr2LmW5vTn0XyB7kPd3HsJ', 'Tq7!mW2x9Lr4Zp8v']) assert.equal(isPlaceholder(value), false, value);
  });
});

describe('looksRandom', () => {
  it('needs both the length and the entropy', () => {
    assert.equal(looksRandom('q8Zr2LmW5vTn0XyB7kPd3HsJ', 12, 3.5), true);
    assert.equal(looksRandom('q8Zr2LmW5', 12, 3.5), false);
    assert.equal(looksRandom('aaaaaaaaaaaaaaaaaaaaaaaa', 12, 3.5), false);
    assert.equal(looksRandom('correct horse battery staple', 12, 3.5), false);
  });
});
