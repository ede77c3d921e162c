import type { RegexRule } from '../types.ts';
/** Rules for every language: hard-coded secrets. */
export const genericRules: readonly RegexRule[] = [];
