import type { TaintRule } from './index.ts';

/** Taint rules for JavaScript, TypeScript, Python, Go, PHP, Ruby and C#. */
export const taintRules: readonly TaintRule[] = [];
