import type { NapiConfig, SgNode, SgRoot } from '@ast-grep/napi';
import type { PatternRule, RuleHit } from '../types.ts';
import { mayMatch, requiredWords } from './prefilter.ts';

/** Optional hints a pattern rule may carry beyond the shared rule type. */
export interface PatternRuleHints {
  /**
   * Words of which at least one must occur in the file for the rule to run. Overrides the words derived from
   * the rule's patterns; useful for `kind`/`regex` rules, whose words cannot be derived.
   */
  requires?: readonly string[];
}

/** A pattern rule prepared once per engine: its ast-grep config and its text prefilter. */
export interface CompiledPatternRule {
  rule: PatternRule;
  config: NapiConfig;
  words: readonly string[] | undefined;
}

/** Prepares a pattern rule for repeated matching. */
export function compilePatternRule(rule: PatternRule & PatternRuleHints): CompiledPatternRule {
  const config = { rule: rule.rule, ...(rule.constraints === undefined ? {} : { constraints: rule.constraints }) } as NapiConfig;
  return { rule, config, words: rule.requires ?? requiredWords(rule.rule) };
}

/** Whether the rule's prefilter lets it run on `content`. */
export function shouldRun(compiled: CompiledPatternRule, content: string): boolean {
  return mayMatch(content, compiled.words);
}

/** Converts a matched node to a hit: 1-based lines and columns, end column inclusive. */
export function hitOfNode(ruleId: string, node: SgNode): RuleHit {
  const { start, end } = node.range();
  const hit: RuleHit = { ruleId, lineStart: start.line + 1, lineEnd: end.line + 1, columnStart: start.column + 1 };
  // An end at column 0 means the node ends with a newline: report the end of the previous line instead.
  if (end.column === 0 && end.line > start.line) hit.lineEnd = end.line;
  else hit.columnEnd = Math.max(end.column, start.column + 1);
  return hit;
}

/** Runs one compiled pattern rule over a parsed file. Throws what ast-grep throws (the engine catches). */
export function runPatternRule(root: SgRoot, compiled: CompiledPatternRule): RuleHit[] {
  const nodes = root.root().findAll(compiled.config);
  return nodes.map((node) => hitOfNode(compiled.rule.id, node));
}
