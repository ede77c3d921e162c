import type { RegexRule, RuleHit } from '../types.ts';
import { isPlaceholder, looksRandom } from '../secrets/entropy.ts';

/** Optional checks a regex rule may carry beyond the shared rule type; secrets use them. */
export interface RegexRuleHints {
  /**
   * Capture group holding the secret value: the hit points at it and the checks below test it. With
   * alternatives, the secret is the first group from this index on that took part in the match. Default 0.
   */
  secretGroup?: number;
  /** Minimum Shannon entropy of the secret, in bits per character. */
  minEntropyBitsPerChar?: number;
  /** Minimum length of the secret, in characters. */
  minSecretLength?: number;
  /** Drop matches whose secret is a placeholder (`changeme`, `<token>`, `${VAR}`...). */
  shouldSkipPlaceholders?: boolean;
  /** Regex source the following line must match (e.g. a PEM body after its BEGIN line). */
  nextLineRegex?: string;
  /** Regex source: a match on a line that also matches this is dropped (e.g. environment lookups). */
  excludeLineRegex?: string;
  /** Regex source: a match whose secret matches this is dropped (e.g. URLs, hashes, regular expressions). */
  excludeSecretRegex?: string;
}

/** A regex rule prepared once per engine. */
export interface CompiledRegexRule {
  rule: RegexRule & RegexRuleHints;
  /** Non-global test over the whole file: most files have no match, so they cost one scan. */
  fileTest: RegExp;
  lineRegex: RegExp;
  nextLine?: RegExp;
  excludeLine?: RegExp;
  excludeSecret?: RegExp;
}

function withFlags(flags: string | undefined, extra: string): string {
  return [...new Set(`${flags ?? ''}${extra}`.split(''))].join('');
}

/** Prepares a regex rule; throws on an invalid expression (the engine reports the rule as broken). */
export function compileRegexRule(rule: RegexRule & RegexRuleHints): CompiledRegexRule {
  const flags = (rule.flags ?? '').replace(/[gy]/g, '');
  return {
    rule,
    fileTest: new RegExp(rule.regex, withFlags(flags, 'm')),
    lineRegex: new RegExp(rule.regex, withFlags(flags, 'g')),
    ...(rule.nextLineRegex === undefined ? {} : { nextLine: new RegExp(rule.nextLineRegex) }),
    ...(rule.excludeLineRegex === undefined ? {} : { excludeLine: new RegExp(rule.excludeLineRegex) }),
    ...(rule.excludeSecretRegex === undefined ? {} : { excludeSecret: new RegExp(rule.excludeSecretRegex) }),
  };
}

/** The secret of a match: the first capture group from `group` on that took part in the match. */
export function secretOf(match: RegExpExecArray, group: number): string {
  if (group === 0) return match[0];
  for (let index = group; index < match.length; index += 1) {
    const value = match[index];
    if (value !== undefined) return value;
  }
  return match[0];
}

/** Whether a candidate secret passes the rule's placeholder, exclusion and entropy checks. */
export function isAccepted(compiled: CompiledRegexRule, secret: string): boolean {
  const { rule } = compiled;
  if (rule.shouldSkipPlaceholders === true && isPlaceholder(secret)) return false;
  if (compiled.excludeSecret?.test(secret) === true) return false;
  if (rule.minEntropyBitsPerChar !== undefined || rule.minSecretLength !== undefined) {
    return looksRandom(secret, rule.minSecretLength ?? 0, rule.minEntropyBitsPerChar ?? 0);
  }
  return true;
}

/** Runs one regex rule over the lines of a file. `lines` is the file split on newlines (without `\r`). */
export function runRegexRule(content: string, lines: readonly string[], compiled: CompiledRegexRule): RuleHit[] {
  if (!compiled.fileTest.test(content)) return [];
  const hits: RuleHit[] = [];
  const group = compiled.rule.secretGroup ?? 0;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    compiled.lineRegex.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = compiled.lineRegex.exec(line)) !== null) {
      if (match[0].length === 0) compiled.lineRegex.lastIndex += 1;
      const secret = secretOf(match, group);
      if (!isAccepted(compiled, secret)) continue;
      if (compiled.excludeLine?.test(line) === true) continue;
      if (compiled.nextLine !== undefined && !compiled.nextLine.test(lines[index + 1] ?? '')) continue;
      const offset = group === 0 ? 0 : Math.max(0, match[0].lastIndexOf(secret));
      const columnStart = match.index + offset + 1;
      hits.push({ ruleId: compiled.rule.id, lineStart: index + 1, lineEnd: index + 1, columnStart, columnEnd: columnStart + Math.max(secret.length, 1) - 1 });
    }
  }
  return hits;
}

/** Splits file content into lines without line terminators. */
export function splitLines(content: string): string[] {
  return content.split(/\r?\n/);
}
