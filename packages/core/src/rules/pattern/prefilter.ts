/**
 * A cheap text test that decides whether an ast-grep rule can match a file at all, so most rules never reach
 * the parser's matcher. Derived from the rule itself: the words a pattern spells out must occur in the source.
 * The derivation is conservative: when it cannot tell, it returns `undefined` and the rule always runs.
 */

const wordPattern = /\$*[A-Za-z_][A-Za-z0-9_]*/g;

/** Words in an ast-grep pattern that must appear verbatim in any match (meta-variables excluded). */
function patternWords(pattern: string): string[] {
  const words: string[] = [];
  for (const match of pattern.matchAll(wordPattern)) {
    const word = match[0];
    // `$X`, `$$$ARGS`, `$_` are meta-variables; µ is the expando some dynamic languages use for `$`.
    if (word.startsWith('$')) continue;
    const before = match.index > 0 ? pattern.charAt(match.index - 1) : '';
    if (before === 'µ') continue;
    words.push(word);
  }
  return words;
}

function longest(words: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const word of words) if (best === undefined || word.length > best.length) best = word;
  return best;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The smaller alternative set is the more selective one (fewer ways to pass). */
function better(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.length !== b.length) return a.length < b.length ? a : b;
  const shortestA = Math.min(...a.map((w) => w.length));
  const shortestB = Math.min(...b.map((w) => w.length));
  return shortestA >= shortestB ? a : b;
}

function fromPattern(pattern: unknown): string[] | undefined {
  const text = typeof pattern === 'string' ? pattern : isRecord(pattern) && typeof pattern.context === 'string' ? pattern.context : undefined;
  if (text === undefined) return undefined;
  const word = longest(patternWords(text));
  return word === undefined ? undefined : [word];
}

/**
 * Returns words of which at least one must occur in the source for `rule` to match, or undefined when no such
 * set can be derived. Handles `pattern`, `all`, `any`, `has`, `inside`, `follows`, `precedes`; ignores `not`
 * (a negation never makes a word required) and `kind`/`regex`/`matches`.
 */
export function requiredWords(rule: unknown): string[] | undefined {
  if (!isRecord(rule)) return undefined;
  let result: string[] | undefined;
  if ('pattern' in rule) result = better(result, fromPattern(rule.pattern));
  for (const key of ['has', 'inside', 'follows', 'precedes'] as const) {
    if (key in rule) result = better(result, requiredWords(rule[key]));
  }
  if (Array.isArray(rule.all)) for (const sub of rule.all) result = better(result, requiredWords(sub));
  if (Array.isArray(rule.any)) {
    const union = new Set<string>();
    let isBounded = rule.any.length > 0;
    for (const sub of rule.any) {
      const words = requiredWords(sub);
      if (words === undefined) {
        isBounded = false;
        break;
      }
      for (const word of words) union.add(word);
    }
    if (isBounded) result = better(result, [...union]);
  }
  return result;
}

/** Whether `content` may match a rule whose required words are `words`. */
export function mayMatch(content: string, words: readonly string[] | undefined): boolean {
  if (words === undefined) return true;
  for (const word of words) if (content.includes(word)) return true;
  return false;
}
