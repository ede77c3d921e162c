import { Counter, type Registry } from 'prom-client';
import type { Cache } from '@xcr/core/ports/cache';

/**
 * Counts cache lookups by result (`xcr_cache_requests_total{cache,result}`), wrapping the Cache port so every
 * adapter (memory, Redis) is measured the same way.
 */
export function instrumentCache(cache: Cache, registry: Registry, name = 'app'): Cache {
  const requests = new Counter({
    name: 'xcr_cache_requests_total',
    help: 'Cache lookups by cache and result (hit, miss, error)',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
  });
  return {
    id: cache.id,
    async get<T>(key: string): Promise<T | undefined> {
      try {
        const value = await cache.get<T>(key);
        requests.inc({ cache: name, result: value === undefined ? 'miss' : 'hit' });
        return value;
      } catch (err) {
        requests.inc({ cache: name, result: 'error' });
        throw err;
      }
    },
    async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
      try {
        const values = await cache.getMany<T>(keys);
        const hits = values.filter((v) => v !== undefined).length;
        if (hits > 0) requests.inc({ cache: name, result: 'hit' }, hits);
        if (values.length > hits) requests.inc({ cache: name, result: 'miss' }, values.length - hits);
        return values;
      } catch (err) {
        requests.inc({ cache: name, result: 'error' }, keys.length);
        throw err;
      }
    },
    countWindows: (windows) => cache.countWindows(windows),
    set: (key, value, ttlMs) => cache.set(key, value, ttlMs),
    delete: (key) => cache.delete(key),
    increment: (key, by, ttlMs) => cache.increment(key, by, ttlMs),
    ping: (signal) => cache.ping(signal),
    close: () => cache.close(),
  };
}
