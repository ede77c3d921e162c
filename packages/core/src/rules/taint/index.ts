import type { SgRoot } from '@ast-grep/napi';
import type { RuleHit, RuleInput, RuleMeta } from '../types.ts';

/** A taint rule: data from sources reaching a sink within one function (see the engine for the spec). */
export interface TaintRule extends RuleMeta {
  kind: 'taint';
}

/** Runs taint rules over one parsed file. */
export function runTaintRules(_root: SgRoot, _input: RuleInput, _rules: readonly TaintRule[]): RuleHit[] {
  return [];
}
