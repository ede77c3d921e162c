/**
 * The built-in rule set: every catalog, checked for unique ids when this module loads. `rulesVersion` is the
 * hash of the full set (an engine with disabled rules or overrides has its own `version`).
 */
import { csharpRules } from './catalog/csharp.ts';
import { genericRules } from './catalog/generic.ts';
import { goRules } from './catalog/go.ts';
import { javaRules } from './catalog/java.ts';
import { javascriptRules } from './catalog/javascript.ts';
import { phpRules } from './catalog/php.ts';
import { pythonRules } from './catalog/python.ts';
import { rubyRules } from './catalog/ruby.ts';
import { typescriptRules } from './catalog/typescript.ts';
import { hashRules } from './engine.ts';
import type { Rule } from './engine.ts';
import { taintRules } from './taint/catalog.ts';

/** Ids that occur more than once in `rules` (empty when all are unique). */
export function duplicateRuleIds(rules: readonly Rule[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) duplicates.add(rule.id);
    seen.add(rule.id);
  }
  return [...duplicates];
}

function checked(rules: readonly Rule[]): readonly Rule[] {
  const duplicates = duplicateRuleIds(rules);
  // A programming error in the catalogs, caught by the test suite before it can ship.
  if (duplicates.length > 0) throw new Error(`duplicate rule ids: ${duplicates.join(', ')}`);
  return rules;
}

/** Every built-in rule. */
export const allRules: readonly Rule[] = checked([
  ...javascriptRules,
  ...typescriptRules,
  ...pythonRules,
  ...javaRules,
  ...goRules,
  ...phpRules,
  ...rubyRules,
  ...csharpRules,
  ...taintRules,
  ...genericRules,
]);

/** Stable hash of {@link allRules}. */
export const rulesVersion: string = hashRules(allRules);
