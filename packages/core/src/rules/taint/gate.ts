import type { CallMatcher, SourceSpec, TaintRule } from './spec.ts';

/**
 * A cheap text test that says whether a file can produce any hit of a rule set: a flow rule needs one of its
 * sources and one of its sinks to appear in the text, a value check one of its sinks. Files that fail it are
 * not lowered or interpreted at all, which is most files of a typical project.
 */
export function buildGate(rules: readonly TaintRule[]): (content: string) => boolean {
  const needs: { sources?: RegExp; sinks: RegExp }[] = [];
  for (const rule of rules) {
    // A return sink's declaration (`@GetMapping(produces = TEXT_HTML_VALUE)`), or its class's, is in the text too.
    const sinks = alternation([
      ...rule.sinks.map(matcherHint),
      ...(rule.returnSinks ?? []).map((r) => r.classDeclaration ?? r.declaration),
    ]);
    if (sinks === undefined) return () => true;
    if (rule.check !== undefined) {
      needs.push({ sinks });
      continue;
    }
    const sources = alternation((rule.sources ?? []).map((s) => sourceHint(s)));
    if (sources === undefined) return () => true;
    needs.push({ sources, sinks });
  }
  return (content) =>
    needs.some((n) => n.sinks.test(content) && (n.sources === undefined || n.sources.test(content)));
}

function alternation(parts: (string | undefined)[]): RegExp | undefined {
  if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
  return new RegExp([...new Set(parts)].map((p) => `(?:${p})`).join('|'));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function namesHint(names: readonly string[] | undefined, pattern: string | undefined): string | undefined {
  if (names !== undefined && names.length > 0) return names.map(escape).join('|');
  if (pattern !== undefined) return unanchor(pattern);
  return undefined;
}

function matcherHint(m: CallMatcher): string | undefined {
  const names = namesHint(m.names, m.namePattern);
  // A receiver given as exact names (`^(req|request)$`) appears in the text right before the call.
  const receiver = m.receiver === undefined ? undefined : /^\^\(?([\w|]+)\)?\$$/.exec(m.receiver)?.[1];
  if (names === undefined || receiver === undefined) return names;
  return `\\b(?:${receiver})\\s*(?:\\.|->|::|\\?\\.)\\s*(?:${names})\\b`;
}

function sourceHint(s: SourceSpec, isForFunction = false): string | undefined {
  const parts: string[] = [];
  if (s.call !== undefined) {
    const h = matcherHint(s.call);
    if (h === undefined) return undefined;
    parts.push(h);
  }
  if (s.member !== undefined) {
    const h = matcherHint(s.member);
    if (h === undefined) return undefined;
    parts.push(h);
  }
  if (s.expr !== undefined) parts.push(exprHint(s.expr));
  // A function's own parameters are checked directly, not through its text.
  if (s.param !== undefined && !isForFunction) {
    const p = s.param.annotation ?? s.param.owner ?? s.param.type ?? s.param.name;
    if (p === undefined) return undefined;
    parts.push(unanchor(p));
  }
  if (parts.length === 0) return isForFunction ? NEVER : undefined;
  return parts.join('|');
}

/** Matches no text. */
const NEVER = '(?!)';

/** Drops `^` / `$` anchors (not escaped ones, not `[^` classes). */
function unanchor(pattern: string): string {
  return pattern.replace(/(?<![\\[])\^|(?<!\\)\$(?=\)|\||$)/g, '');
}

/**
 * Expression sources are written against the dotted text the engine builds (`req.query`, `$_GET["x"]`); in
 * the file the same member access may use `->`, `::`, `?.`, spaces or other quotes.
 */
function exprHint(pattern: string): string {
  return unanchor(pattern)
    .replace(/\\\./g, '\\s*(?:\\.|->|::|\\?\\.)\\s*')
    .replace(/\\\["/g, '\\[\\s*["\']')
    .replace(/"\\\]/g, '["\']\\s*\\]');
}

/**
 * A text test for one function: whether data can start flowing in it (a source appears) or a value check can
 * fire (one of its sinks appears). Functions that fail it are only interpreted when another function calls
 * them. Undefined when some rule gives no textual hint.
 */
export function buildOriginHint(rules: readonly TaintRule[]): RegExp | undefined {
  const parts: (string | undefined)[] = [];
  for (const rule of rules) {
    if (rule.check !== undefined) parts.push(...rule.sinks.map(matcherHint));
    else parts.push(...(rule.sources ?? []).map((s) => sourceHint(s, true)));
  }
  return alternation(parts);
}
