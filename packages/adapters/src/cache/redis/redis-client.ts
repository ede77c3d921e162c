import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { UnavailableError } from '@xcr/core/errors';

/**
 * Opens an ioredis connection for one purpose (cache, pub/sub, queue). Connection errors are logged, at most once
 * per outage, rather than printed by ioredis; commands fail after a bounded time instead of queueing forever while
 * Redis is down.
 */
export function createRedisClient(url: string, options: { purpose: string; logger?: Logger; redisOptions?: RedisOptions }): Redis {
  const redis = new Redis(url, {
    connectionName: `xcr-${options.purpose}`,
    connectTimeout: 2000,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...options.redisOptions,
  });
  attachErrorLogging(redis, options.purpose, options.logger);
  return redis;
}

/** Logs the first error of each outage; ioredis would otherwise print every reconnect failure to stderr. */
export function attachErrorLogging(redis: Redis, purpose: string, logger?: Logger): void {
  let isDown = false;
  redis.on('error', (error: Error) => {
    if (isDown) return;
    isDown = true;
    logger?.warn({ purpose, err: { message: error.message, code: (error as { code?: string }).code } }, 'redis connection error');
  });
  redis.on('ready', () => {
    isDown = false;
  });
}

/**
 * Settles as `command` does, or rejects after `timeoutMs`. The deadline yields to pending I/O once before it
 * rejects (setImmediate runs after the poll phase): a process whose event loop was busy past the deadline reads an
 * answer that arrived meanwhile instead of declaring Redis down. Short deadlines stay safe on a loaded process.
 */
export function withCommandTimeout<T>(command: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let isSettled = false;
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (isSettled) return;
          isSettled = true;
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }),
      timeoutMs,
    );
    command.then(
      (value) => {
        clearTimeout(timer);
        if (isSettled) return;
        isSettled = true;
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (isSettled) return;
        isSettled = true;
        reject(error);
      },
    );
  });
}

/** Sends PING and waits at most `timeoutMs`; throws UnavailableError otherwise. */
export async function pingRedis(redis: Redis, code: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  options.signal?.throwIfAborted();
  try {
    await withCommandTimeout(redis.ping(), options.timeoutMs ?? 2000);
  } catch (error) {
    throw new UnavailableError(code, 'Redis does not answer', { cause: error });
  }
}

/** Closes politely (QUIT) and falls back to dropping the socket when Redis is gone. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.quit(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 1000);
      }),
    ]);
  } catch {
    // Already closing; disconnect below settles it.
  } finally {
    clearTimeout(timer);
    // quit() may have ended the connection meanwhile; disconnect() is a no-op then.
    if ((redis.status as string) !== 'end') redis.disconnect();
  }
}
