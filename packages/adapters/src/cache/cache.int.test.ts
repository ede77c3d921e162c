import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { describeCacheContract } from '@xcr/testkit/contracts/cache-contract';
import { deleteRedisKeys, testRedisUrl, uniqueRedisPrefix } from '@xcr/testkit/services/redis';
import { startOwnRedisServer } from '@xcr/testkit/services/redis-server';
import { createRedisCache } from './redis/index.ts';

const prefix = uniqueRedisPrefix('xcr-test-cache');

describeCacheContract('redis', async () => {
  const cache = createRedisCache({ redisUrl: testRedisUrl(), prefix });
  return { instance: cache, cleanup: () => cache.close() };
});

describeCacheContract('redis, pipelined (rate limits)', async () => {
  const cache = createRedisCache({ redisUrl: testRedisUrl(), prefix: `${prefix}p:`, isPipelined: true });
  return { instance: cache, cleanup: () => cache.close() };
});

describe('redis cache', () => {
  after(async () => {
    await deleteRedisKeys(prefix);
  });

  it('shares values between two clients', async () => {
    const a = createRedisCache({ redisUrl: testRedisUrl(), prefix });
    const b = createRedisCache({ redisUrl: testRedisUrl(), prefix });
    try {
      await a.set('shared', { n: 1 });
      assert.deepEqual(await b.get('shared'), { n: 1 });
      await a.increment('hits', 2, 10_000);
      assert.equal(await b.increment('hits', 3, 10_000), 5);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('throws cache_unavailable when Redis does not answer', async () => {
    const cache = createRedisCache({ redisUrl: 'redis://127.0.0.1:1', prefix });
    try {
      await assert.rejects(
        cache.ping(),
        (error: unknown) => (error as { code?: string }).code === 'cache_unavailable',
      );
      await assert.rejects(
        cache.get('x'),
        (error: unknown) => (error as { code?: string }).code === 'cache_unavailable',
      );
    } finally {
      await cache.close();
    }
  });

  // Every authenticated request reads the session deny list: while Redis hangs (SIGSTOP: connection open, no
  // answer) the lookup must fail within the second a request has to answer 503, not wait for Redis.
  it('reads an answer that arrived while its own event loop was busy past the deadline', async () => {
    const cache = createRedisCache({ redisUrl: testRedisUrl(), prefix });
    try {
      await cache.set('busy', 7);
      const lookup = cache.get('busy');
      // The answer comes back within a millisecond or two, while this loop is blocked past the 400 ms deadline.
      const until = Date.now() + 700;
      while (Date.now() < until);
      assert.equal(await lookup, 7);
    } finally {
      await cache.close();
    }
  });

  it('throws cache_unavailable within a second while Redis hangs', async () => {
    const redis = await startOwnRedisServer();
    const cache = createRedisCache({ redisUrl: redis.url, prefix });
    try {
      await cache.set('x', 1);
      redis.pause();
      const started = performance.now();
      await assert.rejects(
        cache.get('x'),
        (error: unknown) => (error as { code?: string }).code === 'cache_unavailable',
      );
      assert.ok(
        performance.now() - started < 1_000,
        `failed after ${Math.round(performance.now() - started)} ms`,
      );
      redis.resume();
      assert.equal(await cache.get('x'), 1);
    } finally {
      redis.resume();
      await cache.close();
      await redis.stop();
    }
  });
});
