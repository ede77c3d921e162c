/**
 * Evaluates every flag for a user from a per-process copy of the flag table that is at most `ttlMs` old (5 s by
 * default and at most), so a change made on another replica shows within that time; a change made through this
 * process's admin use cases invalidates the copy at once.
 */
import type { Clock } from '../ports/clock.ts';
import type { FeatureFlagRecord, FeatureFlagRepository } from '../ports/repositories.ts';
import { isFlagOnFor } from './rollout-bucket.ts';

/** Longest a cached flag table is used. */
export const maxFlagCacheMs = 5_000;

/** Flag evaluation for the current user. */
export interface FlagEvaluator {
  /** Every flag, on or off for `userId` (null: anonymous). */
  evaluateAll(userId: string | null): Promise<Record<string, boolean>>;
  /** One flag; unknown flags are off. */
  isEnabled(key: string, userId: string | null): Promise<boolean>;
  /** Drops the cached flag table (after a change). */
  invalidate(): void;
}

/** Creates an evaluator over the flag repository. */
export function createFlagEvaluator(deps: { flags: Pick<FeatureFlagRepository, 'list'>; clock: Clock }, options: { ttlMs?: number } = {}): FlagEvaluator {
  const ttlMs = Math.min(maxFlagCacheMs, Math.max(0, options.ttlMs ?? maxFlagCacheMs));
  let cached: { loadedAtMs: number; flags: Promise<FeatureFlagRecord[]> } | undefined;

  function table(): Promise<FeatureFlagRecord[]> {
    const nowMs = deps.clock().getTime();
    if (cached && nowMs - cached.loadedAtMs < ttlMs) return cached.flags;
    // One load serves every caller that arrives while it runs; invalidate() drops it even mid-load.
    const flags = deps.flags.list();
    const entry = { loadedAtMs: nowMs, flags };
    cached = entry;
    flags.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return flags;
  }

  return {
    async evaluateAll(userId) {
      const flags = await table();
      return Object.fromEntries(flags.map((flag) => [flag.key, isFlagOnFor(flag, userId)]));
    },
    async isEnabled(key, userId) {
      const flag = (await table()).find((f) => f.key === key);
      return flag ? isFlagOnFor(flag, userId) : false;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
