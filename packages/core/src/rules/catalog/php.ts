import type { PatternRule } from '../types.ts';
/** Pattern rules for php. */
export const phpRules: readonly PatternRule[] = [];
