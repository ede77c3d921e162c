/**
 * Request rate limits for `/api/v1`: per user when the request carries a valid access token, else per client IP;
 * a per-minute and a per-hour window; and a stricter per-minute window for authentication attempts (login,
 * registration, password reset), keyed by client IP and the account name in the body. Counters live in Redis when
 * REDIS_URL is set (every API replica shares them), in process memory otherwise.
 *
 * Every limited response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds) of the
 * window closest to running out, and `RateLimit-Policy`; a refused request is a 429 `rate_limited` with
 * `Retry-After`. When Redis does not answer, requests pass (availability over limiting) and a warning is logged.
 */
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { closeRedis, createRedisClient, withCommandTimeout } from '@xcr/adapters/cache/redis/redis-client';
import { AppError } from '@xcr/core/errors';
import type { HttpApp } from '../types.ts';
import { verifiedUserId } from './auth.ts';

/** Limits and where counters live. */
export interface RateLimitSettings {
  perMinute: number;
  perHour: number;
  authPerMinute: number;
  redisUrl?: string;
  /** Key prefix in Redis. */
  redisPrefix?: string;
  logger: Logger;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Counts the request against the stricter authentication-attempt limit (IP and account name). */
    isAuthAttempt?: boolean;
  }
}

type Limiter = ReturnType<HttpApp['createRateLimit']>;
type LimitResult = Extract<Awaited<ReturnType<Limiter>>, { isAllowed: false }>;

function clientKey(request: FastifyRequest): string {
  const userId = verifiedUserId(request);
  return userId ? `user:${userId}` : `ip:${rateLimit.normalizeIP(request.ip)}`;
}

/** The account an authentication attempt names: login name, username or email in the body. */
function accountName(request: FastifyRequest): string {
  const body = request.body as Record<string, unknown> | undefined;
  const name = body?.username ?? body?.email ?? body?.login;
  return typeof name === 'string' ? name.trim().toLowerCase().slice(0, 255) : '-';
}

/** Sets the headers of the window closest to running out and refuses the request when any window is exceeded. */
function applyResults(reply: FastifyReply, results: readonly LimitResult[], policy: string): void {
  if (results.length === 0) return;
  const tightest = results.reduce((a, b) => (b.remaining < a.remaining || (b.remaining === a.remaining && b.ttl > a.ttl) ? b : a));
  const exceeded = results.filter((r) => r.isExceeded);
  const shown = exceeded.length > 0 ? exceeded.reduce((a, b) => (b.ttl > a.ttl ? b : a)) : tightest;
  reply.header('RateLimit-Limit', String(shown.max));
  reply.header('RateLimit-Remaining', String(shown.remaining));
  reply.header('RateLimit-Reset', String(shown.ttlInSeconds));
  reply.header('RateLimit-Policy', policy);
  if (exceeded.length > 0) {
    throw new AppError('rate_limited', `Too many requests; retry in ${shown.ttlInSeconds} s`, {
      status: 429,
      details: { retry_after_s: Math.max(1, shown.ttlInSeconds) },
    });
  }
}

/** A fixed window in one atomic step: the first increment starts the window, later ones report what is left of it. */
const fixedWindowScript = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

/**
 * How long a window count may take. A Redis that does not answer in time lets the request through (skipOnError):
 * every request of an outage pays this wait, and an authenticated one still has the session deny list to check
 * within the second it may take to fail. ioredis' own, longer timeout then drops the command.
 */
const storeTimeoutMs = 200;

type RedisWithWindow = Redis & { xcrRateWindow(key: string, windowMs: number): Promise<[number, number]> };

/**
 * A Redis store for @fastify/rate-limit whose keys are exactly `<prefix><key>` (the bundled store derives a
 * per-route prefix that is meaningless for limiters created outside a route).
 */
function redisStore(redis: Redis, prefix: string): FastifyRateLimitStoreCtor {
  const client = redis as RedisWithWindow;
  client.defineCommand('xcrRateWindow', { numberOfKeys: 1, lua: fixedWindowScript });
  class RedisWindowStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      withCommandTimeout(client.xcrRateWindow(`${prefix}${key}`, timeWindow), storeTimeoutMs).then(
        ([current, ttl]) => callback(null, { current, ttl }),
        (error: Error) => callback(error),
      );
    }
    child(): RedisWindowStore {
      return this;
    }
  }
  return RedisWindowStore as unknown as FastifyRateLimitStoreCtor;
}

/** Registers the limits on every route of `api`. */
export async function registerRateLimits(api: HttpApp, settings: RateLimitSettings): Promise<void> {
  const log = settings.logger.child({ component: 'rate-limit' });
  const redisOptions = { commandTimeout: 1000 };
  const redis = settings.redisUrl ? createRedisClient(settings.redisUrl, { purpose: 'rate-limit', logger: log, redisOptions }) : undefined;
  if (redis) api.addHook('onClose', async () => closeRedis(redis));
  const store = redis ? redisStore(redis, settings.redisPrefix ?? 'xcr:rl:') : undefined;
  await api.register(rateLimit, { global: false, store, skipOnError: true });

  const minute = api.createRateLimit({ max: settings.perMinute, timeWindow: 60_000, keyGenerator: (r) => `m:${clientKey(r)}` });
  const hour = api.createRateLimit({ max: settings.perHour, timeWindow: 3_600_000, keyGenerator: (r) => `h:${clientKey(r)}` });
  const attempts = api.createRateLimit({
    max: settings.authPerMinute,
    timeWindow: 60_000,
    keyGenerator: (r) => `a:${rateLimit.normalizeIP(r.ip)}:${accountName(r)}`,
  });
  const policy = `${settings.perMinute};w=60, ${settings.perHour};w=3600`;
  const attemptPolicy = `${settings.authPerMinute};w=60, ${policy}`;

  async function run(limiters: readonly Limiter[], request: FastifyRequest): Promise<LimitResult[]> {
    try {
      const results = await Promise.all(limiters.map((limit) => limit(request)));
      return results.filter((r): r is LimitResult => !r.isAllowed);
    } catch (err) {
      log.warn({ err }, 'rate limit store failed; request allowed');
      return [];
    }
  }

  api.addHook('onRequest', async (request, reply) => {
    applyResults(reply, await run([minute, hour], request), policy);
  });
  // The account name is in the body, so this window is counted once the body is parsed.
  api.addHook('preValidation', async (request, reply) => {
    if (!request.routeOptions.config.isAuthAttempt) return;
    const results = await run([attempts], request);
    const fromGeneral = reply.getHeader('RateLimit-Remaining');
    // Keep the general window's headers when it is closer to running out than the attempt window.
    if (results[0] && fromGeneral !== undefined && Number(fromGeneral) < results[0].remaining && !results[0].isExceeded) return;
    applyResults(reply, results, attemptPolicy);
  });
}
