import type { Category, Explanation, Language, Severity } from '@xcr/contracts';

/**
 * Static rules are data. Every rule has metadata (what the finding says) and a matcher: an ast-grep
 * structural pattern, a taint specification (sources to sinks within a function), or a line regex (for
 * secrets and for languages without a parser). Each rule ships a vulnerable and a safe fixture.
 */
export interface RuleMeta {
  /** Stable id, `<language|generic>.<category>.<name>`, e.g. `java.sqli.tainted-query`. */
  id: string;
  title: string;
  languages: readonly Language[];
  cwe: readonly number[];
  severity: Severity;
  category: Category;
  /** One-sentence description used as the finding's description. */
  message: string;
  explanation: Explanation;
  /** A short fix hint; becomes the finding's suggestion. */
  fix: string;
  /** A corrected example; becomes the finding's fix_example. */
  fixExample?: string;
  /** 0-1: how often a hit is a true problem. */
  confidence: number;
  /** Extra tags (e.g. `owasp-a03`). `security` is implied by the category. */
  tags?: readonly string[];
}

/** Values the project defines outside code, resolved where code reads them by key (e.g. `.properties`). */
export interface ProjectContext {
  /** key -> value from the project's configuration files. */
  properties: ReadonlyMap<string, string>;
}

/** One file handed to the rules engine. */
export interface RuleInput {
  path: string;
  language: Language;
  content: string;
  project: ProjectContext;
}

/** A match of one rule, before it becomes a Finding. Lines and columns are 1-based and inclusive. */
export interface RuleHit {
  ruleId: string;
  lineStart: number;
  lineEnd: number;
  columnStart?: number;
  columnEnd?: number;
  /** Replaces the rule's message when the hit has a more specific one (e.g. names the tainted source). */
  message?: string;
}

/**
 * A structural rule: an ast-grep rule object (`pattern`, `kind`, `inside`, `has`, `not`, `all`, `any`, ...),
 * matched against the file's syntax tree. The hit's location is the matched node.
 */
export interface PatternRule extends RuleMeta {
  kind: 'pattern';
  /** The ast-grep rule, as in an ast-grep YAML rule's `rule:` key. */
  rule: Record<string, unknown>;
  /** ast-grep constraints on meta-variables, as in a YAML rule's `constraints:` key. */
  constraints?: Record<string, unknown>;
}

/** A line-oriented rule for text that has no useful syntax tree (configuration files, secrets). */
export interface RegexRule extends RuleMeta {
  kind: 'regex';
  /** JavaScript regular expression source, matched per line. */
  regex: string;
  flags?: string;
}
