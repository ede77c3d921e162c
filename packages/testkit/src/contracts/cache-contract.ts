import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cache } from '@xcr/core/ports/cache';

/** What a contract factory hands back: a ready cache and how to dispose of it (close plus key cleanup). */
export interface CacheFixture {
  instance: Cache;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every `Cache` shares: JSON round trips, expiry, deletes, and counters that add atomically and expire
 * a fixed time after their first increment.
 */
export function describeCacheContract(label: string, factory: () => Promise<CacheFixture>): void {
  describe(`Cache contract: ${label}`, () => {
    let fixture: CacheFixture;
    let cache: Cache;
    const base = `contract-${randomBytes(4).toString('hex')}`;

    before(async () => {
      fixture = await factory();
      cache = fixture.instance;
    });
    after(async () => {
      await fixture?.cleanup();
    });

    it('returns undefined for a missing key', async () => {
      assert.equal(await cache.get(`${base}:missing`), undefined);
    });

    it('round-trips JSON values', async () => {
      const values: unknown[] = [{ a: 1, b: [true, null, 'x'], c: { d: 'ü' } }, 42, 'text', false, null, [1, 2, 3]];
      for (const [i, value] of values.entries()) {
        await cache.set(`${base}:json:${i}`, value);
        assert.deepEqual(await cache.get(`${base}:json:${i}`), value);
      }
    });

    it('hands out copies, not the stored object', async () => {
      const value = { list: [1] };
      await cache.set(`${base}:copy`, value);
      value.list.push(2);
      const read = await cache.get<{ list: number[] }>(`${base}:copy`);
      assert.deepEqual(read, { list: [1] });
    });

    it('overwrites and deletes', async () => {
      await cache.set(`${base}:over`, 'one');
      await cache.set(`${base}:over`, 'two');
      assert.equal(await cache.get(`${base}:over`), 'two');
      await cache.delete(`${base}:over`);
      assert.equal(await cache.get(`${base}:over`), undefined);
      await cache.delete(`${base}:never-set`);
    });

    it('forgets a value after its ttl', async () => {
      await cache.set(`${base}:ttl`, 'short', 100);
      await cache.set(`${base}:no-ttl`, 'long');
      assert.equal(await cache.get(`${base}:ttl`), 'short');
      await sleep(250);
      assert.equal(await cache.get(`${base}:ttl`), undefined);
      assert.equal(await cache.get(`${base}:no-ttl`), 'long');
    });

    it('increments a counter and reads it back with get', async () => {
      assert.equal(await cache.increment(`${base}:count`, 1, 60_000), 1);
      assert.equal(await cache.increment(`${base}:count`, 4, 60_000), 5);
      assert.equal(await cache.increment(`${base}:count`, -2, 60_000), 3);
      assert.equal(await cache.get(`${base}:count`), 3);
    });

    it('increments atomically under concurrency', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.increment(`${base}:concurrent`, 1, 60_000)));
      assert.deepEqual([...results].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('expires a counter ttl after its first increment, not its last', async () => {
      const key = `${base}:window`;
      assert.equal(await cache.increment(key, 1, 600), 1);
      await sleep(350);
      assert.equal(await cache.increment(key, 1, 600), 2);
      await sleep(450);
      // 800 ms after the first increment: a window that later increments stretched would still hold 2.
      assert.equal(await cache.increment(key, 1, 600), 1);
    });

    it('answers ping', async () => {
      await cache.ping();
    });
  });
}
