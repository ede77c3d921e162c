import type { PatternRule } from '../types.ts';
/** Pattern rules for csharp. */
export const csharpRules: readonly PatternRule[] = [];
