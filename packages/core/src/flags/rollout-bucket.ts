/**
 * Deterministic percentage rollout. A user's bucket for a flag is the first four bytes of
 * SHA-256(`<flag key>:<user id>`) read as an unsigned integer, modulo 10,000: the same user lands in the same
 * bucket in every process and after every restart, buckets of different flags are independent, and a percentage
 * resolves to 0.01 %. A flag is on for a user when it is enabled and the user is in `allowed_users` or the bucket is
 * below `rollout_percentage` x 100.
 */
import { createHash } from 'node:crypto';

/** Buckets per flag: 100 x 100, so percentages resolve to hundredths. */
export const rolloutBucketCount = 10_000;

/** The user's bucket for the flag, 0 to 9,999. */
export function rolloutBucket(flagKey: string, userId: string): number {
  return createHash('sha256').update(`${flagKey}:${userId}`).digest().readUInt32BE(0) % rolloutBucketCount;
}

/** The fields evaluation needs. */
export interface RolloutFlag {
  key: string;
  enabled: boolean;
  /** 0-100. */
  rollout_percentage: number;
  allowed_users: readonly string[];
}

/**
 * Whether `flag` is on for `userId`. Disabled flags are off for everyone; allowed users always get an enabled
 * flag; without a user (anonymous) only a 100 % rollout is on.
 */
export function isFlagOnFor(flag: RolloutFlag, userId: string | null): boolean {
  if (!flag.enabled) return false;
  if (userId !== null && flag.allowed_users.includes(userId)) return true;
  if (flag.rollout_percentage >= 100) return true;
  if (userId === null || flag.rollout_percentage <= 0) return false;
  return rolloutBucket(flag.key, userId) < Math.round(flag.rollout_percentage * (rolloutBucketCount / 100));
}
