/**
 * Dashboard totals without aggregating every finding on every request, and never older than the data.
 *
 * The cache holds a data generation: a random token that every committed write of projects, memberships, tasks
 * or findings replaces (task progress ticks are not writes here: no total counts them). Totals are kept per scope
 * together with the generation read before they were computed; a request reads the generation and the kept
 * totals in one round trip and uses them only when the generations match (cache-versions.ts says why that holds). Kept
 * totals also expire after `maxAgeMs`, for writers outside these repositories.
 */
import { afterWrites, type WriteMethods } from '../ports/after-writes.ts';
import type { Cache } from '../ports/cache.ts';
import { replaceVersion, versionOrNew } from '../ports/cache-versions.ts';
import type { CategoryBreakdown, Repositories, StatisticsRepository, StatisticsScope, StatisticsTotals } from '../ports/repositories.ts';

/** The cache key of the data generation. */
export const dataGenerationKey = 'stats:generation';

/** Every write that changes a total: projects and who sees them, tasks' status and scores, findings. */
const statisticsWrites = {
  projects: ['create', 'update', 'softDelete', 'restore', 'purge', 'purgeDeletedBefore'],
  members: ['add', 'updateRole', 'remove'],
  tasks: ['create', 'transition', 'update', 'requestCancel'],
  findings: ['insertMany', 'updateStatus', 'bulkUpdateStatus', 'deleteByTask'],
  migration: ['commitChunk', 'finishBatch', 'rollbackBatch'],
} as const satisfies WriteMethods;

interface Kept<T> {
  generation: string;
  value: T;
}

function scopeKey(scope: StatisticsScope): string {
  return `${scope.visible_to ?? '*'}:${scope.project_id ?? '*'}`;
}

/**
 * `repos` with cached `statistics.totals` and `statistics.categories`, whose writes replace the data generation.
 * Wrap the repositories of every process that writes these tables with this (API and workers alike).
 */
export function withStatisticsCache(
  repos: Repositories,
  cache: Cache,
  options: { maxAgeMs?: number; onInvalidateError?: (error: unknown) => void } = {},
): Repositories {
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  // Best effort: a write that committed must not fail (nor an audit job retry) because Redis is down; kept totals
  // are then at most `maxAgeMs` old. User revisions, which guard access, fail instead (current-users.ts).
  const tracked = afterWrites(repos, statisticsWrites, async () => {
    try {
      await replaceVersion(cache, dataGenerationKey);
    } catch (error) {
      options.onInvalidateError?.(error);
    }
  });

  async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const [generation, kept] = await cache.getMany<unknown>([dataGenerationKey, key]);
    const hit = kept as Kept<T> | undefined;
    if (typeof generation === 'string' && hit?.generation === generation) return hit.value;
    const current = await versionOrNew(cache, dataGenerationKey, generation);
    const value = await compute();
    await cache.set(key, { generation: current, value } satisfies Kept<T>, maxAgeMs);
    return value;
  }

  const statistics: StatisticsRepository = {
    ...repos.statistics,
    totals: (scope) => cached<StatisticsTotals>(`stats:totals:${scopeKey(scope)}`, () => repos.statistics.totals(scope)),
    categories: (scope) => cached<CategoryBreakdown>(`stats:categories:${scopeKey(scope)}`, () => repos.statistics.categories(scope)),
  };
  return { ...tracked, statistics };
}
