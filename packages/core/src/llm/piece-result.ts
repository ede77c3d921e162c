import { z } from 'zod';
import { Metrics } from '@xcr/contracts';
import { LlmIssue } from './llm-finding.ts';

/**
 * The analysed result of one piece (a whole file or one chunk): what the cache stores and what a fresh answer
 * yields per piece. Lines are those of the whole file. Validated on every cache read, so a value written by an
 * older version is a miss, never an error.
 */
export const PieceResult = z.object({
  v: z.literal(1),
  issues: z.array(LlmIssue),
  qualityScore: z.number().min(0).max(100),
  metrics: Metrics,
  /** This piece's share of the call's tokens when it was answered (what a cache hit saved). */
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
});
export type PieceResult = z.infer<typeof PieceResult>;
