import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCacheContract } from '@xcr/testkit/contracts/cache-contract';
import { createMemoryCache } from './index.ts';

describeCacheContract('memory', async () => {
  const cache = createMemoryCache();
  return { instance: cache, cleanup: () => cache.close() };
});

describe('memory cache', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.get('a'); // a is now the most recently used
    await cache.set('c', 3);
    assert.equal(await cache.get('b'), undefined);
    assert.equal(await cache.get('a'), 1);
    assert.equal(await cache.get('c'), 3);
  });

  it('expires entries by its clock', async () => {
    let nowMs = 1_000;
    const cache = createMemoryCache({ now: () => nowMs });
    await cache.set('k', 'v', 100);
    assert.equal(await cache.increment('n', 1, 100), 1);
    nowMs += 100;
    assert.equal(await cache.get('k'), undefined);
    assert.equal(await cache.increment('n', 1, 100), 1);
  });

  it('refuses to increment a value that is not a number', async () => {
    const cache = createMemoryCache();
    await cache.set('k', { a: 1 });
    await assert.rejects(cache.increment('k', 1, 100), /not a number/);
  });
});
