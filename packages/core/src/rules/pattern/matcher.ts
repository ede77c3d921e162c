import type { NapiConfig, SgNode, SgRoot } from '@ast-grep/napi';
import type { PatternRule, RuleHit } from '../types.ts';
import { mayMatch, requiredWords } from './prefilter.ts';

// ast-grep's napi binding rebuilds a rule (and compiles its regexes) on every findAll call, so the cost of a
// rule is mostly per file it runs on: the text prefilters below keep rules off files they cannot match.

/** Optional hints a pattern rule may carry beyond the shared rule type. */
export interface PatternRuleHints {
  /**
   * Words of which at least one must occur in the file for the rule to run: a file-level precondition (e.g.
   * `child_process` for a rule about `exec`) that also saves parsing work. Without it, words are derived from
   * the rule's patterns.
   */
  requires?: readonly string[];
  /**
   * A JavaScript regular expression (matched case-insensitively) the file content must match for the rule to
   * run. A sharper precondition than `requires` where the telling words are common ones (`None`, `except`).
   */
  requiresPattern?: string;
}

/** One ast-grep query of a compiled rule, with its own text prefilter. */
interface MatchUnit {
  config: NapiConfig;
  words: readonly string[] | undefined;
}

/** A pattern rule prepared once per engine. */
export interface CompiledPatternRule {
  rule: PatternRule;
  /** Words one of which must occur for the rule to run at all. */
  words: readonly string[] | undefined;
  contentTest: RegExp | undefined;
  units: readonly MatchUnit[];
}

const metaVariablePattern = /\$\$?\$?([A-Z_][A-Z0-9_]*)/g;

function metaVariablesOf(value: unknown): Set<string> {
  return new Set([...JSON.stringify(value).matchAll(metaVariablePattern)].map((match) => match[1] ?? ''));
}

function constraintsFor(rule: Record<string, unknown>, constraints: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (constraints === undefined) return undefined;
  const used = metaVariablesOf(rule);
  const kept = Object.entries(constraints).filter(([name]) => used.has(name));
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

function unitOf(rule: Record<string, unknown>, constraints: Record<string, unknown> | undefined): MatchUnit {
  const own = constraintsFor(rule, constraints);
  return { config: { rule, ...(own === undefined ? {} : { constraints: own }) } as NapiConfig, words: requiredWords(rule) };
}

/**
 * Splits a top-level `any` into one query per branch. ast-grep commits to the first branch whose pattern
 * matches and only then checks `constraints`, so a constrained branch would hide a later branch that fits;
 * separate queries give each branch its own chance (and its own prefilter).
 */
function splitUnits(rule: Record<string, unknown>, constraints: Record<string, unknown> | undefined): MatchUnit[] {
  const branches = rule.any;
  if (!Array.isArray(branches) || constraints === undefined) return [unitOf(rule, constraints)];
  const { any: _any, ...rest } = rule;
  const hasRest = Object.keys(rest).length > 0;
  return branches.map((branch: Record<string, unknown>) => unitOf(hasRest ? { all: [branch, rest] } : branch, constraints));
}

/** Prepares a pattern rule for repeated matching. */
export function compilePatternRule(rule: PatternRule & PatternRuleHints): CompiledPatternRule {
  return {
    rule,
    words: rule.requires ?? requiredWords(rule.rule),
    contentTest: rule.requiresPattern === undefined ? undefined : new RegExp(rule.requiresPattern, 'i'),
    units: splitUnits(rule.rule, rule.constraints),
  };
}

/** Whether the rule's prefilter lets it run on `content`. */
export function shouldRun(compiled: CompiledPatternRule, content: string): boolean {
  return mayMatch(content, compiled.words) && (compiled.contentTest === undefined || compiled.contentTest.test(content));
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
export function runPatternRule(root: SgRoot, content: string, compiled: CompiledPatternRule): RuleHit[] {
  const hits: RuleHit[] = [];
  const top = root.root();
  for (const unit of compiled.units) {
    if (!mayMatch(content, unit.words)) continue;
    for (const node of top.findAll(unit.config)) hits.push(hitOfNode(compiled.rule.id, node));
  }
  return hits;
}
