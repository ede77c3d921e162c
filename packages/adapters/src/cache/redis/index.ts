import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError, UnavailableError } from '@xcr/core/errors';
import type { Cache } from '@xcr/core/ports/cache';
import { closeRedis, createRedisClient, pingRedis, withCommandTimeout } from './redis-client.ts';

/** Options of the Redis cache. */
export interface RedisCacheOptions {
  redisUrl: string;
  /** Prefix of every key, so several deployments or tests can share one Redis. */
  prefix?: string;
}

/**
 * Adds to a counter and sets its expiry only when it has none, in one step: the window of a rate limit starts at its
 * first increment and later increments do not stretch it. INCRBYFLOAT serves integers and fractions alike.
 */
const incrementScript = `
local value = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return value
`;

/** How long one cache command may take before the cache counts as unavailable. */
const commandTimeoutMs = 400;

type RedisWithIncrement = Redis & { xcrIncrement(key: string, by: string, ttlMs: string): Promise<string> };

/** A cache on Redis; values are stored as JSON, so any process reads what another wrote. */
export function createRedisCache(options: RedisCacheOptions, deps: { logger?: Logger } = {}): Cache {
  const prefix = options.prefix ?? 'xcr:cache:';
  const redis = createRedisClient(options.redisUrl, {
    purpose: 'cache',
    logger: deps.logger?.child({ component: 'cache' }),
    redisOptions: { commandTimeout: 2000 },
  }) as RedisWithIncrement;
  redis.defineCommand('xcrIncrement', { numberOfKeys: 1, lua: incrementScript });

  // Every authenticated request reads the session deny list: while Redis hangs, the request fails (503) within
  // 400 ms instead of waiting for Redis. ioredis' own 2 s timeout then drops the command.
  async function run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await withCommandTimeout(command(), commandTimeoutMs);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new UnavailableError('cache_unavailable', 'The cache does not answer', { cause: error });
    }
  }

  return {
    id: 'redis',
    async get<T>(key: string): Promise<T | undefined> {
      const raw = await run(() => redis.get(prefix + key));
      return raw === null ? undefined : (JSON.parse(raw) as T);
    },
    async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
      const raw = JSON.stringify(value);
      if (raw === undefined) throw new AppError('cache_value_invalid', 'Cache values must be JSON-serialisable', { status: 500 });
      if (ttlMs !== undefined) await run(() => redis.set(prefix + key, raw, 'PX', wholeMs(ttlMs)));
      else await run(() => redis.set(prefix + key, raw));
    },
    async delete(key: string): Promise<void> {
      await run(() => redis.del(prefix + key));
    },
    async increment(key: string, by: number, ttlMs: number): Promise<number> {
      const raw = await run(() => redis.xcrIncrement(prefix + key, String(by), String(wholeMs(ttlMs))));
      return Number(raw);
    },
    ping: (signal?: AbortSignal) => pingRedis(redis, 'cache_unavailable', { signal }),
    close: () => closeRedis(redis),
  };
}

/** Redis takes whole, positive milliseconds. */
function wholeMs(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}
