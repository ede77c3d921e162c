import type { PatternRule, RegexRule } from '../types.ts';
import type { TaintRule } from '../taint/index.ts';

/** Rules for Java. */
export const javaRules: readonly (TaintRule | PatternRule | RegexRule)[] = [];
