import type { PatternRule } from '../types.ts';
/** Pattern rules for python. */
export const pythonRules: readonly PatternRule[] = [];
