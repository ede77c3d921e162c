/**
 * Suppression comments. In any comment syntax (`//`, `#`, `/* *\/`, `--`, `<!-- -->`, `;`, `%`):
 *
 * - `xcr-ignore <rule-id>[, <rule-id>...]` silences those rules on its own line; when the comment stands alone
 *   on its line it also silences the next code line (stacked suppression comments pass it on).
 * - `xcr-ignore-next-line <rule-id>...` silences those rules on the next line only.
 * - Without ids (`xcr-ignore` alone) every rule is silenced there. An id ending in `*` is a prefix
 *   (`python.crypto.*`). Text after the ids is a free-form reason: `xcr-ignore js.xss.inner-html -- sanitized`.
 *
 * A hit is silenced when its first or last line is a silenced line.
 */
import type { RuleHit } from './types.ts';

const marker = 'xcr-ignore';
const directivePattern = /(\/\/|#|\/\*|--|<!--|;|%)[^\n]*?\bxcr-ignore(-next-line)?(?![\w-])[:=]?(.*)$/;
const idPattern = /^(?:\*|[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_*-]+)+\*?|[A-Za-z0-9_-]+\.\*)$/;

/** Rules silenced on one line: `all` or a list of ids and `prefix*` patterns. */
type Silenced = 'all' | readonly string[];

/** Parsed suppression comments of one file. */
export interface Suppressions {
  /** Whether the file has any suppression comment (when false, `isSuppressed` is always false). */
  hasAny: boolean;
  /** Whether `hit` is silenced by a comment. */
  isSuppressed(hit: RuleHit): boolean;
}

function parseIds(rest: string): Silenced {
  const ids: string[] = [];
  const cleaned = rest.replace(/\*\/.*$|-->.*$/, '');
  for (const token of cleaned.split(/[\s,]+/)) {
    if (token === '') continue;
    if (!idPattern.test(token)) break;
    ids.push(token);
  }
  return ids.length === 0 || ids.includes('*') ? 'all' : ids;
}

function matchesId(silenced: Silenced, ruleId: string): boolean {
  if (silenced === 'all') return true;
  return silenced.some((id) => (id.endsWith('*') ? ruleId.startsWith(id.slice(0, -1)) : id === ruleId));
}

function merge(map: Map<number, Silenced[]>, line: number, silenced: Silenced): void {
  const list = map.get(line);
  if (list === undefined) map.set(line, [silenced]);
  else list.push(silenced);
}

/** Parses the suppression comments in `lines` (the file split on newlines). */
export function parseSuppressions(content: string, lines: readonly string[]): Suppressions {
  if (!content.includes(marker)) return { hasAny: false, isSuppressed: () => false };
  const byLine = new Map<number, Silenced[]>();
  const pending: Silenced[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    const directive = line.includes(marker) ? directivePattern.exec(line) : null;
    const isCommentOnly = directive !== null && line.slice(0, directive.index).trim() === '';
    // Suppressions carried from comment-only lines above land on the first line that is not one of them.
    if (pending.length > 0 && !isCommentOnly) {
      for (const silenced of pending) merge(byLine, lineNumber, silenced);
      pending.length = 0;
    }
    if (directive === null) continue;
    const silenced = parseIds(directive[3] ?? '');
    const isNextLine = directive[2] !== undefined;
    if (!isNextLine) merge(byLine, lineNumber, silenced);
    if (isNextLine || isCommentOnly) {
      if (isCommentOnly) pending.push(silenced);
      else merge(byLine, lineNumber + 1, silenced);
    }
  }
  function silencedAt(line: number, ruleId: string): boolean {
    return byLine.get(line)?.some((silenced) => matchesId(silenced, ruleId)) ?? false;
  }
  return {
    hasAny: byLine.size > 0,
    isSuppressed: (hit) => silencedAt(hit.lineStart, hit.ruleId) || silencedAt(hit.lineEnd, hit.ruleId),
  };
}

/** Drops the hits silenced by suppression comments in `content`. */
export function applySuppressions(content: string, lines: readonly string[], hits: readonly RuleHit[]): RuleHit[] {
  const suppressions = parseSuppressions(content, lines);
  if (!suppressions.hasAny) return [...hits];
  return hits.filter((hit) => !suppressions.isSuppressed(hit));
}
