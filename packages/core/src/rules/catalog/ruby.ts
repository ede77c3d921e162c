import type { PatternRule } from '../types.ts';
/** Pattern rules for ruby. */
export const rubyRules: readonly PatternRule[] = [];
