import type { Logger } from 'pino';
import { AppError, UnavailableError } from '@xcr/core/errors';
import type { LlmCache } from '@xcr/core/ports/llm-cache';
import { closeRedis, createRedisClient } from '../../cache/redis/redis-client.ts';

/** Options of the Redis LLM cache. */
export interface RedisLlmCacheOptions {
  redisUrl: string;
  /** Prefix of every key. Default `xcr:llm:`. */
  prefix?: string;
}

/** The LLM cache on Redis (production): one string per key, JSON, expiring with PX. */
export function createRedisLlmCache(options: RedisLlmCacheOptions, deps: { logger?: Logger } = {}): LlmCache {
  const prefix = options.prefix ?? 'xcr:llm:';
  const redis = createRedisClient(options.redisUrl, { purpose: 'llm-cache', logger: deps.logger?.child({ component: 'llm-cache' }), redisOptions: { commandTimeout: 2000 } });

  async function run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new UnavailableError('llm_cache_unavailable', 'The LLM cache does not answer', { cause: error });
    }
  }

  return {
    id: 'redis',
    async get(key) {
      const raw = await run(() => redis.get(prefix + key));
      if (raw === null) return undefined;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        // A damaged entry is a miss; the next answer overwrites it.
        return undefined;
      }
    },
    async set(key, value, ttlMs) {
      const raw = JSON.stringify(value);
      if (raw === undefined) throw new AppError('cache_value_invalid', 'Cache values must be JSON-serialisable', { status: 500 });
      await run(() => redis.set(prefix + key, raw, 'PX', Math.max(1, Math.ceil(ttlMs))));
    },
    close: () => closeRedis(redis),
  };
}
