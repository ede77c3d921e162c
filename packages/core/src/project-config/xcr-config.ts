/**
 * The per-project configuration file `.xcr.yml`:
 *
 * ```yaml
 * exclude:            # globs (gitignore syntax) left out of the scan
 *   - "legacy/**"
 * rules:
 *   disable:          # rule ids, or prefixes ending in `*`
 *     - python.quality.*
 *   enable_only:      # when given, every other rule is off
 *     - java.*
 *   severity:         # rule id (or prefix*) -> critical | high | medium | low | info
 *     javascript.crypto.weak-hash: low
 * ```
 *
 * Unknown keys and wrong types are errors (ValidationError `project_config_invalid`, every problem listed);
 * rule ids that match no rule are warnings, so a config written for a newer rule set still loads.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { Severity } from '@xcr/contracts';
import { ValidationError } from '../errors.ts';

const RuleSelector = z.string().trim().min(1, 'must not be empty').regex(/^[A-Za-z0-9_.*-]+$/, 'must be a rule id or a prefix ending in *');

/** The schema of `.xcr.yml`. */
export const XcrConfig = z.strictObject({
  version: z.literal(1).optional(),
  exclude: z.array(z.string().trim().min(1, 'must not be empty')).optional(),
  rules: z
    .strictObject({
      disable: z.array(RuleSelector).optional(),
      enable_only: z.array(RuleSelector).optional(),
      severity: z.record(RuleSelector, Severity).optional(),
    })
    .optional(),
});
export type XcrConfig = z.infer<typeof XcrConfig>;

/** What `.xcr.yml` changes about a scan, with rule selectors expanded to rule ids. */
export interface ProjectConfig {
  /** Globs (gitignore syntax) to leave out of file selection. */
  exclude: string[];
  /** Rules to turn off (pass to createRulesEngine). */
  disabledRuleIds: ReadonlySet<string>;
  /** Severity per rule id (pass to createRulesEngine). */
  severityOverrides: ReadonlyMap<string, Severity>;
  /** Non-fatal problems, e.g. a rule id that matches no rule. */
  warnings: string[];
}

/** One problem found in a configuration file. */
export interface ProjectConfigProblem {
  /** Where in the file, e.g. `rules.severity.java.sqli` or `line 3`. */
  path: string;
  message: string;
}

/** A project configuration that changes nothing. */
export const emptyProjectConfig: ProjectConfig = { exclude: [], disabledRuleIds: new Set(), severityOverrides: new Map(), warnings: [] };

function invalid(problems: ProjectConfigProblem[]): ValidationError {
  const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return new ValidationError('project_config_invalid', `.xcr.yml is invalid: ${list}`, { details: { problems } });
}

function matching(selector: string, ruleIds: readonly string[]): string[] {
  if (selector === '*') return [...ruleIds];
  if (selector.endsWith('*')) return ruleIds.filter((id) => id.startsWith(selector.slice(0, -1)));
  return ruleIds.includes(selector) ? [selector] : [];
}

/**
 * Parses `.xcr.yml` text. `knownRuleIds` (the engine's rule ids) expands prefixes and `enable_only`; ids that
 * match nothing become warnings. Throws ValidationError `project_config_invalid` listing every problem.
 */
export function parseXcrConfig(text: string, knownRuleIds: readonly string[]): ProjectConfig {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw invalid(
      document.errors.map((error) => ({
        path: error.linePos === undefined ? 'file' : `line ${error.linePos[0].line}`,
        // Pretty messages append the position and an excerpt of the file; the path carries the position.
        message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
      })),
    );
  }
  const raw: unknown = document.toJS() ?? {};
  const parsed = XcrConfig.safeParse(raw);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || 'file', message: issue.message })));
  }
  const config = parsed.data;
  const warnings: string[] = [];
  const expand = (selector: string, where: string): string[] => {
    const ids = matching(selector, knownRuleIds);
    if (ids.length === 0) warnings.push(`${where}: no rule matches "${selector}"`);
    return ids;
  };

  const disabled = new Set<string>();
  for (const selector of config.rules?.disable ?? []) for (const id of expand(selector, 'rules.disable')) disabled.add(id);
  if (config.rules?.enable_only !== undefined) {
    const enabled = new Set(config.rules.enable_only.flatMap((selector) => expand(selector, 'rules.enable_only')));
    for (const id of knownRuleIds) if (!enabled.has(id)) disabled.add(id);
  }
  const severityOverrides = new Map<string, Severity>();
  // Exact ids win over prefixes, and longer prefixes over shorter ones.
  const bySpecificity = Object.entries(config.rules?.severity ?? {}).sort(([a], [b]) => specificity(a) - specificity(b));
  for (const [selector, severity] of bySpecificity) {
    for (const id of expand(selector, `rules.severity.${selector}`)) severityOverrides.set(id, severity);
  }
  return { exclude: config.exclude ?? [], disabledRuleIds: disabled, severityOverrides, warnings };
}

function specificity(selector: string): number {
  return selector.endsWith('*') ? selector.length : Number.MAX_SAFE_INTEGER;
}
