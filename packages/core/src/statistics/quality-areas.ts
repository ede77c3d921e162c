import type { Category } from '@xcr/contracts';

/** The four areas of the quality view. */
export type QualityArea = 'security' | 'quality' | 'performance' | 'maintainability';

/** Which area each finding category counts towards: bugs, style, documentation and the rest are "quality". */
export const qualityAreaOfCategory: Readonly<Record<Category, QualityArea>> = {
  security: 'security',
  bug: 'quality',
  style: 'quality',
  documentation: 'quality',
  other: 'quality',
  performance: 'performance',
  maintainability: 'maintainability',
};

/** The per-area scores and their mean. */
export interface QualityAreaScores {
  scores: Record<QualityArea, number>;
  overall: number;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The quality view's scores: each area scores `max(0, 100 − its share of all findings × 100)`, so an area
 * holding none of the findings scores 100; with no findings at all every area scores 100. `overall` is the
 * mean of the four. (The original product's formula: it ranks where problems concentrate, not how many.)
 */
export function qualityAreaScores(byCategory: Readonly<Record<Category, number>>): QualityAreaScores {
  const counts: Record<QualityArea, number> = { security: 0, quality: 0, performance: 0, maintainability: 0 };
  let total = 0;
  for (const [category, count] of Object.entries(byCategory) as Array<[Category, number]>) {
    counts[qualityAreaOfCategory[category]] += count;
    total += count;
  }
  const scores = { security: 100, quality: 100, performance: 100, maintainability: 100 };
  if (total > 0) {
    for (const area of Object.keys(scores) as QualityArea[]) scores[area] = round2(Math.max(0, 100 - (counts[area] / total) * 100));
  }
  const overall = round2((scores.security + scores.quality + scores.performance + scores.maintainability) / 4);
  return { scores, overall };
}
