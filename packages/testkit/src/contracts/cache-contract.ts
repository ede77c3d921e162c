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

    it('reads several keys in one call, in order, missing ones as undefined', async () => {
      await cache.set(`${base}:many:a`, { a: 1 });
      await cache.set(`${base}:many:c`, 'c');
      assert.deepEqual(await cache.getMany([`${base}:many:a`, `${base}:many:b`, `${base}:many:c`]), [{ a: 1 }, undefined, 'c']);
      assert.deepEqual(await cache.getMany([]), []);
    });

    it('counts fixed windows: each key counts once per call, and its window is not stretched', async () => {
      const short = `${base}:windows:short`;
      const long = `${base}:windows:long`;
      const first = await cache.countWindows([{ key: short, windowMs: 600 }, { key: long, windowMs: 60_000 }]);
      assert.deepEqual(first.map((w) => w.count), [1, 1]);
      assert.ok(first[0]!.ttlMs > 0 && first[0]!.ttlMs <= 600, `short ttl ${first[0]!.ttlMs}`);
      assert.ok(first[1]!.ttlMs > 600 && first[1]!.ttlMs <= 60_000, `long ttl ${first[1]!.ttlMs}`);
      await sleep(350);
      const second = await cache.countWindows([{ key: short, windowMs: 600 }, { key: long, windowMs: 60_000 }]);
      assert.deepEqual(second.map((w) => w.count), [2, 2]);
      assert.ok(second[0]!.ttlMs <= 600 - 300, `the short window keeps its start: ${second[0]!.ttlMs} ms left`);
      await sleep(450);
      const third = await cache.countWindows([{ key: short, windowMs: 600 }, { key: long, windowMs: 60_000 }]);
      assert.deepEqual(third.map((w) => w.count), [1, 3], 'the short window started again, the long one goes on');
      assert.deepEqual(await cache.countWindows([]), []);
    });

    it('counts windows atomically under concurrency', async () => {
      const key = `${base}:windows:concurrent`;
      const results = await Promise.all(Array.from({ length: 40 }, () => cache.countWindows([{ key, windowMs: 60_000 }])));
      assert.deepEqual(results.map((r) => r[0]!.count).sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i + 1));
    });

    it('answers ping', async () => {
      await cache.ping();
    });
  });
}
