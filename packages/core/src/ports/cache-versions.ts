/**
 * Versions in the cache: random tokens that writers replace after their writes commit, so that values kept beside
 * them (a user row per process, dashboard totals) are used only while their version is current. Readers read the
 * version before the data they keep; a missing version (never written, expired, evicted) is written first. Then a
 * write that commits after a reader's read always replaces the version the reader kept its value under.
 * Used by current-users.ts and statistics-cache.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Cache } from './cache.ts';

/** How long a version lives when nothing replaces it; a missing one is simply written again. */
const versionTtlMs = 7 * 24 * 3600 * 1000;

/** Replaces the version at `key`: every value kept under the old one is read again on its next use. */
export async function replaceVersion(cache: Cache, key: string): Promise<string> {
  const version = randomUUID();
  await cache.set(key, version, versionTtlMs);
  return version;
}

/** The version a reader read at `key`, or a new one written now when there was none (before the reader reads the data). */
export async function versionOrNew(cache: Cache, key: string, read: unknown): Promise<string> {
  return typeof read === 'string' ? read : replaceVersion(cache, key);
}
