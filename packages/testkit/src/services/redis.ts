import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the integration tests use, overridable for other machines. */
export function testRedisUrl(): string {
  return process.env.XCR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A key prefix no other test run shares, e.g. `xcr-test:3f9a0c1b:`. */
export function uniqueRedisPrefix(label = 'xcr-test'): string {
  return `${label}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS), so a test leaves Redis as it found it. */
export async function deleteRedisKeys(prefix: string, url = testRedisUrl()): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return deleted;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
