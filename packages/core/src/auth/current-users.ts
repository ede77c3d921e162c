/**
 * The user behind each authenticated request, without a database query per request, and without serving a stale
 * role, a disabled account or an old password state for even one request.
 *
 * Every user has a revision in the cache (Redis in production, shared by every replica): a random token that every
 * write of the user's row replaces, after the write commits. A process keeps the rows it read, each with the
 * revision it read before reading the row. A request reads the revision together with the session deny list (one
 * cache round trip); when the kept row was read under that revision, it is current.
 *
 * Why this holds: a write that commits after a reader read the row replaces the revision after that, so the next
 * request sees a new revision and reads the row again; a write that committed before the read is in the row. When
 * the revision is missing (never written, expired, evicted), the reader writes a fresh one first and then reads the
 * row, which keeps the same order. A write whose revision update fails (the cache is down) throws, so the caller
 * sees the failure, and kept rows also expire after `maxAgeMs` whatever happens.
 */
import { afterWrites, type WriteMethods } from '../ports/after-writes.ts';
import type { Cache } from '../ports/cache.ts';
import { replaceVersion, versionOrNew } from '../ports/cache-versions.ts';
import type { Repositories, UserRecord, UserRepository } from '../ports/repositories.ts';

/** The cache key of a user's revision. */
export function userRevisionKey(userId: string): string {
  return `auth:user-rev:${userId}`;
}

/** Users as authentication reads them. */
export interface CurrentUsers {
  /** The user's current row; `revision` is what the cache held under `userRevisionKey(userId)`, read just before. */
  get(userId: string, revision: unknown): Promise<UserRecord | undefined>;
}

/** Options: how many rows a process keeps, and for how long at most. */
export interface CurrentUsersOptions {
  maxEntries?: number;
  maxAgeMs?: number;
  now?: () => number;
}

interface Kept {
  revision: string;
  user: UserRecord;
  readAt: number;
}

/** Rows kept per process, least recently used dropped first. */
export function createCurrentUsers(deps: { users: Pick<UserRepository, 'findById'>; cache: Cache }, options: CurrentUsersOptions = {}): CurrentUsers {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const kept = new Map<string, Kept>();

  return {
    async get(userId, revision) {
      const entry = kept.get(userId);
      if (entry && typeof revision === 'string' && entry.revision === revision && now() - entry.readAt < maxAgeMs) {
        kept.delete(userId);
        kept.set(userId, entry);
        return structuredClone(entry.user);
      }
      kept.delete(userId);
      const current = await versionOrNew(deps.cache, userRevisionKey(userId), revision);
      const readAt = now();
      const user = await deps.users.findById(userId);
      if (!user) return undefined;
      kept.set(userId, { revision: current, user: structuredClone(user), readAt });
      while (kept.size > maxEntries) kept.delete(kept.keys().next().value as string);
      return user;
    },
  };
}

/** The users repository's writes of an existing user (a new user has no kept rows). */
const userWrites = { users: ['update', 'recordLogin', 'recordFailure', 'delete'] } as const satisfies WriteMethods;

/**
 * `repos` whose user writes replace the written user's revision once they commit: inside `transaction()`, after
 * the transaction commits. Wrap the repositories of every process that writes users with this.
 */
export function withUserRevisions(repos: Repositories, cache: Cache): Repositories {
  return afterWrites(repos, userWrites, async (committed) => {
    const userIds = new Set(committed.map((write) => write.args[0] as string));
    await Promise.all([...userIds].map((userId) => replaceVersion(cache, userRevisionKey(userId))));
  });
}
