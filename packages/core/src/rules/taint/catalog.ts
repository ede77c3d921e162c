import type { TaintRule } from './index.ts';
import { goTaintRules } from './catalog-go.ts';
import { jsTaintRules } from './catalog-js.ts';
import { pythonTaintRules } from './catalog-python.ts';

/** Taint rules for JavaScript, TypeScript, Python, Go, PHP, Ruby and C#. */
export const taintRules: readonly TaintRule[] = [...jsTaintRules, ...pythonTaintRules, ...goTaintRules];
