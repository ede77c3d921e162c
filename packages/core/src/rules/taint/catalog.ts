import type { TaintRule } from './index.ts';
import { csharpTaintRules } from './catalog-csharp.ts';
import { goTaintRules } from './catalog-go.ts';
import { jsTaintRules } from './catalog-js.ts';
import { phpTaintRules } from './catalog-php.ts';
import { pythonTaintRules } from './catalog-python.ts';
import { rubyTaintRules } from './catalog-ruby.ts';

/** Taint rules for JavaScript, TypeScript, Python, Go, PHP, Ruby and C#. */
export const taintRules: readonly TaintRule[] = [
  ...jsTaintRules,
  ...pythonTaintRules,
  ...goTaintRules,
  ...phpTaintRules,
  ...rubyTaintRules,
  ...csharpTaintRules,
];
