/**
 * The static rules engine: one parse per file, then pattern rules (ast-grep), taint rules and line regex rules
 * (secrets, configuration files), de-duplicated and filtered by suppression comments (see suppression.ts).
 * It never throws: a rule that fails is skipped and reported in `analyzeDetailed(...).ruleErrors`.
 */
import { createHash } from 'node:crypto';
import type { Language, Severity } from '@xcr/contracts';
import { parseSource } from './parser.ts';
import { compilePatternRule, runPatternRule, shouldRun } from './pattern/matcher.ts';
import type { CompiledPatternRule } from './pattern/matcher.ts';
import { compileRegexRule, runRegexRule, splitLines } from './pattern/regex-matcher.ts';
import type { CompiledRegexRule } from './pattern/regex-matcher.ts';
import { applySuppressions } from './suppression.ts';
import { runTaintRules } from './taint/index.ts';
import type { TaintRule } from './taint/index.ts';
import type { PatternRule, RegexRule, RuleHit, RuleInput } from './types.ts';

/** Any rule the engine runs. */
export type Rule = PatternRule | RegexRule | TaintRule;

/** Options for {@link createRulesEngine}; `.xcr.yml` produces the last two (see project-config). */
export interface RulesEngineOptions {
  /** The rule set; defaults to nothing (pass `allRules` from registry.ts). */
  rules?: readonly Rule[];
  /** Rules to leave out. */
  disabledRuleIds?: ReadonlySet<string>;
  /** Severity per rule id, replacing the rule's own. */
  severityOverrides?: ReadonlyMap<string, Severity>;
}

/** A rule that failed on a file; the rest of the file's analysis went on. */
export interface RuleError {
  ruleId: string;
  message: string;
}

/** The full outcome of analysing one file. */
export interface AnalyzeResult {
  hits: RuleHit[];
  ruleErrors: RuleError[];
  /** Whether the file had a syntax tree (pattern and taint rules only run on parsed files). */
  isParsed: boolean;
}

/** A ready engine for one rule set and one set of options. */
export interface RulesEngine {
  /** The active rules (disabled ones removed), with severity overrides applied. */
  rules: readonly Rule[];
  /** A stable hash of the active rule set and its overrides: changes whenever results could. */
  version: string;
  /** The active rule with that id, severity override applied; undefined when unknown or disabled. */
  ruleById(id: string): Rule | undefined;
  /**
   * Hits for one file, sorted by line, with suppression comments applied. De-duplicated: one hit per rule and
   * starting line, and one per starting line and primary CWE (taint hits win, then higher confidence).
   */
  analyze(input: RuleInput): RuleHit[];
  /** Like `analyze`, plus the rules that failed on this file. */
  analyzeDetailed(input: RuleInput): AnalyzeResult;
  /** Rules that could not be prepared (e.g. an invalid regular expression); they never run. */
  brokenRules: readonly RuleError[];
}

interface LanguageRules {
  pattern: CompiledPatternRule[];
  taint: TaintRule[];
  regex: CompiledRegexRule[];
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A stable hash of a rule set: sha256 over the canonical JSON of the rules sorted by id, first 16 hex chars. */
export function hashRules(rules: readonly Rule[]): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(canonicalJson(sorted)).digest('hex').slice(0, 16);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function compareHits(a: RuleHit, b: RuleHit): number {
  return a.lineStart - b.lineStart || (a.columnStart ?? 0) - (b.columnStart ?? 0) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** One finding per rule and starting line: nested matches of one rule (e.g. `a + b + c`) collapse. */
function dedupe(hits: readonly RuleHit[]): RuleHit[] {
  const seen = new Set<string>();
  const kept: RuleHit[] = [];
  for (const hit of [...hits].sort(compareHits)) {
    const key = `${hit.ruleId}\u0000${hit.lineStart}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(hit);
  }
  return kept;
}

function preference(rule: Rule | undefined): number {
  if (rule === undefined) return -1;
  // A taint hit names the source that reaches the sink, so it says more than a structural one.
  return (rule.kind === 'taint' ? 2 : 0) + rule.confidence;
}

/**
 * One finding per line and weakness: when several rules report the same primary CWE on the same line (a taint
 * rule and a structural rule on one SQL call), only the most telling hit stays.
 */
function collapseSameWeakness(hits: readonly RuleHit[], byId: ReadonlyMap<string, Rule>): RuleHit[] {
  const best = new Map<string, RuleHit>();
  const order: string[] = [];
  for (const hit of hits) {
    const rule = byId.get(hit.ruleId);
    const key = `${hit.lineStart}\u0000${rule?.cwe[0] ?? hit.ruleId}`;
    const current = best.get(key);
    if (current === undefined) order.push(key);
    if (current === undefined || preference(rule) > preference(byId.get(current.ruleId))) best.set(key, hit);
  }
  return order.map((key) => best.get(key) as RuleHit);
}

/** Builds an engine. Rules that cannot be prepared are dropped and listed in `brokenRules`. */
export function createRulesEngine(options: RulesEngineOptions = {}): RulesEngine {
  const disabled = options.disabledRuleIds ?? new Set<string>();
  const overrides = options.severityOverrides ?? new Map<string, Severity>();
  const active: Rule[] = [];
  for (const rule of options.rules ?? []) {
    if (disabled.has(rule.id)) continue;
    const severity = overrides.get(rule.id);
    active.push(severity === undefined || severity === rule.severity ? rule : { ...rule, severity });
  }
  const byId = new Map(active.map((rule) => [rule.id, rule]));
  const byLanguage = new Map<Language, LanguageRules>();
  const compileErrors: RuleError[] = [];

  for (const rule of active) {
    let compiledPattern: CompiledPatternRule | undefined;
    let compiledRegex: CompiledRegexRule | undefined;
    try {
      if (rule.kind === 'pattern') compiledPattern = compilePatternRule(rule);
      else if (rule.kind === 'regex') compiledRegex = compileRegexRule(rule);
    } catch (error) {
      compileErrors.push({ ruleId: rule.id, message: errorMessage(error) });
      continue;
    }
    for (const language of rule.languages) {
      let entry = byLanguage.get(language);
      if (entry === undefined) {
        entry = { pattern: [], taint: [], regex: [] };
        byLanguage.set(language, entry);
      }
      if (compiledPattern !== undefined) entry.pattern.push(compiledPattern);
      else if (compiledRegex !== undefined) entry.regex.push(compiledRegex);
      else if (rule.kind === 'taint') entry.taint.push(rule);
    }
  }

  function analyzeDetailed(input: RuleInput): AnalyzeResult {
    const ruleErrors: RuleError[] = [];
    const hits: RuleHit[] = [];
    const rules = byLanguage.get(input.language);
    const content = typeof input.content === 'string' ? input.content : '';
    if (rules === undefined || content.length === 0) return { hits, ruleErrors, isParsed: false };
    const lines = splitLines(content);

    const patterns = rules.pattern.filter((compiled) => shouldRun(compiled, content));
    let isParsed = false;
    if (patterns.length > 0 || rules.taint.length > 0) {
      const root = parseSource(input.language, content, input.path);
      isParsed = root !== undefined;
      if (root !== undefined) {
        for (const compiled of patterns) {
          try {
            hits.push(...runPatternRule(root, content, compiled));
          } catch (error) {
            ruleErrors.push({ ruleId: compiled.rule.id, message: errorMessage(error) });
          }
        }
        if (rules.taint.length > 0) {
          try {
            hits.push(...runTaintRules(root, input, rules.taint));
          } catch (error) {
            ruleErrors.push({ ruleId: 'taint', message: errorMessage(error) });
          }
        }
      }
    }
    for (const compiled of rules.regex) {
      try {
        hits.push(...runRegexRule(content, lines, compiled));
      } catch (error) {
        ruleErrors.push({ ruleId: compiled.rule.id, message: errorMessage(error) });
      }
    }
    const known = hits.filter((hit) => byId.has(hit.ruleId));
    // Suppression first: silencing one rule on a line leaves other rules' findings for the same weakness visible.
    return { hits: collapseSameWeakness(applySuppressions(content, lines, dedupe(known)), byId), ruleErrors, isParsed };
  }

  return {
    rules: active,
    version: hashRules(active),
    ruleById: (id) => byId.get(id),
    analyze: (input) => analyzeDetailed(input).hits,
    analyzeDetailed,
    brokenRules: compileErrors,
  };
}
