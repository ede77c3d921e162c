import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError, UnavailableError } from '@xcr/core/errors';
import type { Cache, CounterWindow, WindowCount } from '@xcr/core/ports/cache';
import { closeRedis, createRedisClient, pingRedis, withCommandTimeout } from './redis-client.ts';

/** Options of the Redis cache. */
export interface RedisCacheOptions {
  redisUrl: string;
  /** Prefix of every key, so several deployments or tests can share one Redis. */
  prefix?: string;
  /** How long one command may take before the cache counts as unavailable (default 400 ms). */
  commandTimeoutMs?: number;
  /**
   * Sends the commands issued in one tick together (ioredis auto-pipelining): concurrent requests share socket
   * writes. A command then leaves a tick later, so a process whose event loop was busy can pass the command's
   * deadline before it was sent: only for callers that treat a timeout as harmless (rate limits fail open).
   */
  isPipelined?: boolean;
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

/**
 * Fixed-window counters (KEYS, with the window lengths in ARGV) in one step: each INCR starts its window at the first
 * count, and a key left without expiry (a crash between the two calls of an older client) gets one. Returns count and
 * milliseconds left, flattened: {count1, ttl1, count2, ttl2, ...}.
 */
const countWindowsScript = `
local out = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if current == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[i])
    ttl = tonumber(ARGV[i])
  end
  out[#out + 1] = current
  out[#out + 1] = ttl
end
return out
`;

type RedisWithScripts = Redis & {
  xcrIncrement(key: string, by: string, ttlMs: string): Promise<string>;
  xcrCountWindows(...keysThenWindows: Array<string | number>): Promise<number[]>;
};

/** A cache on Redis; values are stored as JSON, so any process reads what another wrote. */
export function createRedisCache(options: RedisCacheOptions, deps: { logger?: Logger } = {}): Cache {
  const prefix = options.prefix ?? 'xcr:cache:';
  const redis = createRedisClient(options.redisUrl, {
    purpose: 'cache',
    logger: deps.logger?.child({ component: 'cache' }),
    redisOptions: { commandTimeout: 2000, enableAutoPipelining: options.isPipelined ?? false },
  }) as RedisWithScripts;
  redis.defineCommand('xcrIncrement', { numberOfKeys: 1, lua: incrementScript });
  redis.defineCommand('xcrCountWindows', { lua: countWindowsScript });
  const commandTimeoutMs = options.commandTimeoutMs ?? 400;

  // Every authenticated request reads the session deny list: while Redis hangs, the request fails (503) within
  // the command timeout instead of waiting for Redis. ioredis' own 2 s timeout then drops the command.
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
    async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
      if (keys.length === 0) return [];
      const raws = await run(() => redis.mget(keys.map((key) => prefix + key)));
      return raws.map((raw) => (raw === null ? undefined : (JSON.parse(raw) as T)));
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
    async countWindows(windows: readonly CounterWindow[]): Promise<WindowCount[]> {
      if (windows.length === 0) return [];
      // defineCommand with a dynamic key count: the first argument is the number of keys.
      const flat = await run(() =>
        redis.xcrCountWindows(windows.length, ...windows.map((w) => prefix + w.key), ...windows.map((w) => wholeMs(w.windowMs))),
      );
      return windows.map((_, i) => ({ count: Number(flat[2 * i]), ttlMs: Number(flat[2 * i + 1]) }));
    },
    ping: (signal?: AbortSignal) => pingRedis(redis, 'cache_unavailable', { signal }),
    close: () => closeRedis(redis),
  };
}

/** Redis takes whole, positive milliseconds. */
function wholeMs(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}
