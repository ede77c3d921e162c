/**
 * Request rate limits for `/api/v1`: per user when the request carries a valid access token, else per client IP;
 * a per-minute and a per-hour window; and a stricter per-minute window for authentication attempts (login,
 * registration, password reset), keyed by client IP and the account name in the body. Counters live in Redis when
 * REDIS_URL is set (every API replica shares them), in process memory otherwise.
 *
 * Every limited response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds) of the
 * window closest to running out, and `RateLimit-Policy`; a refused request is a 429 `rate_limited` with
 * `Retry-After`. When Redis does not answer, requests pass (availability over limiting) and a warning is logged.
 *
 * The windows of a request are counted in one call of the Cache port (`countWindows`): one Redis round trip per
 * request for both the minute and the hour window. @fastify/rate-limit counts one window per call, so it only
 * lends its IP normalisation (IPv6 addresses count per /64 subnet) here.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { createMemoryCache } from '@xcr/adapters/cache/memory/index';
import { createRedisCache } from '@xcr/adapters/cache/redis/index';
import { AppError } from '@xcr/core/errors';
import type { Cache, CounterWindow } from '@xcr/core/ports/cache';
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

/** One window of a limit: its key prefix, length and allowance. */
interface Limit {
  name: string;
  windowMs: number;
  max: number;
}

/** A window after counting this request. */
interface WindowState {
  max: number;
  remaining: number;
  ttlInSeconds: number;
  isExceeded: boolean;
}

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
function applyResults(reply: FastifyReply, results: readonly WindowState[], policy: string): void {
  if (results.length === 0) return;
  const tightest = results.reduce((a, b) => (b.remaining < a.remaining || (b.remaining === a.remaining && b.ttlInSeconds > a.ttlInSeconds) ? b : a));
  const exceeded = results.filter((r) => r.isExceeded);
  const shown = exceeded.length > 0 ? exceeded.reduce((a, b) => (b.ttlInSeconds > a.ttlInSeconds ? b : a)) : tightest;
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

/**
 * How long counting may take. A Redis that does not answer in time lets the request through: every request of an
 * outage pays this wait, and an authenticated one still has the session deny list to check within the second it
 * may take to fail. ioredis' own, longer timeout then drops the command.
 */
const countTimeoutMs = 200;

/** Registers the limits on every route of `api`. */
export async function registerRateLimits(api: HttpApp, settings: RateLimitSettings): Promise<void> {
  const log = settings.logger.child({ component: 'rate-limit' });
  const counters: Cache = settings.redisUrl
    ? createRedisCache(
        // Pipelined: concurrent requests' counts share socket writes; a count that misses its deadline lets its
        // request through, which this limiter does anyway when Redis is slow.
        { redisUrl: settings.redisUrl, prefix: settings.redisPrefix ?? 'xcr:rl:', commandTimeoutMs: countTimeoutMs, isPipelined: true },
        { logger: log },
      )
    : createMemoryCache({ maxEntries: 100_000 });
  api.addHook('onClose', async () => counters.close());

  const minute: Limit = { name: 'm', windowMs: 60_000, max: settings.perMinute };
  const hour: Limit = { name: 'h', windowMs: 3_600_000, max: settings.perHour };
  const attempts: Limit = { name: 'a', windowMs: 60_000, max: settings.authPerMinute };
  const policy = `${settings.perMinute};w=60, ${settings.perHour};w=3600`;
  const attemptPolicy = `${settings.authPerMinute};w=60, ${policy}`;

  /** Counts the request in each window under `key`, in one round trip; no windows when the counters fail. */
  async function count(limits: readonly Limit[], key: string): Promise<WindowState[]> {
    const windows: CounterWindow[] = limits.map((limit) => ({ key: `${limit.name}:${key}`, windowMs: limit.windowMs }));
    try {
      const counted = await counters.countWindows(windows);
      return counted.map(({ count: current, ttlMs }, i) => {
        const { max } = limits[i]!;
        return { max, remaining: Math.max(0, max - current), ttlInSeconds: Math.ceil(ttlMs / 1000), isExceeded: current > max };
      });
    } catch (err) {
      log.warn({ err }, 'rate limit store failed; request allowed');
      return [];
    }
  }

  api.addHook('onRequest', async (request, reply) => {
    applyResults(reply, await count([minute, hour], clientKey(request)), policy);
  });
  // The account name is in the body, so this window is counted once the body is parsed.
  api.addHook('preValidation', async (request, reply) => {
    if (!request.routeOptions.config.isAuthAttempt) return;
    const results = await count([attempts], `${rateLimit.normalizeIP(request.ip)}:${accountName(request)}`);
    const fromGeneral = reply.getHeader('RateLimit-Remaining');
    // Keep the general window's headers when it is closer to running out than the attempt window.
    if (results[0] && fromGeneral !== undefined && Number(fromGeneral) < results[0].remaining && !results[0].isExceeded) return;
    applyResults(reply, results, attemptPolicy);
  });
}
