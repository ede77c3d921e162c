import type { PatternRule } from '../types.ts';
/** Pattern rules for go. */
export const goRules: readonly PatternRule[] = [];
