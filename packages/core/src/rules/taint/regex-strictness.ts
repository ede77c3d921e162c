/**
 * Decides whether a successful match of a regular expression leaves a value that cannot carry an injection:
 * the pattern must cover the whole text (an implicitly whole match like Java's `matches()`, or anchors at both
 * ends) and may only let through characters that are not syntax in any of the languages data is injected into
 * (quotes, shell and SQL separators, path separators, markup, wildcards, line breaks). `.`, negated classes
 * and `\S`-style escapes let anything through and make a pattern useless as a validation.
 */

/** Characters a validated value must not be able to contain. */
const unsafe = new Set([...'\'"`<>;|&$/\\%*(){}[]=#']);

const digits = '0123456789';
const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const word = letters + digits + '_';
const space = ' \t\n\r\f\v';

interface Scan {
  /** Characters the pattern can match; undefined when it can match (almost) anything. */
  chars: Set<string> | undefined;
  /** A `|` outside any group. */
  hasTopLevelAlternation: boolean;
  /** Inline flags (`(?m)`, `(?i)`) seen anywhere. */
  flags: string;
}

/**
 * Whether matching `source` proves the value harmless. `isWhole`: the API matches the entire text (Java
 * `matches`, Python `fullmatch`); otherwise the pattern must be anchored at both ends. `hasLineAnchors`: `^`
 * and `$` match at line breaks (Ruby), so only `\A` and `\z` anchor the text.
 */
export function isStrictPattern(source: string, isWhole: boolean, hasLineAnchors: boolean): boolean {
  const scan = scanPattern(source);
  if (scan === undefined || scan.chars === undefined) return false;
  for (const c of scan.chars) if (unsafe.has(c) || c < ' ') return false;
  if (isWhole) return true;
  if (scan.hasTopLevelAlternation) return false;
  const lineAnchors = hasLineAnchors || scan.flags.includes('m');
  const body = source.replace(/^\(\?[a-zA-Z]+\)/, '');
  const starts = body.startsWith('\\A') || (!lineAnchors && body.startsWith('^'));
  const ends = /(^|[^\\])(\\\\)*\\[zZ]$/.test(body) || (!lineAnchors && /(^|[^\\])(\\\\)*\$$/.test(body));
  return starts && ends;
}

/**
 * A PHP PCRE pattern (`/^[a-z]+$/i`, `#...#`, `{...}`) as a bare source with its flags inline.
 * Returns undefined when the text is not delimited.
 */
export function undelimit(text: string): string | undefined {
  const open = text[0];
  if (open === undefined || /[a-zA-Z0-9\\\s]/.test(open)) return undefined;
  const close = ({ '(': ')', '{': '}', '[': ']', '<': '>' } as Record<string, string>)[open] ?? open;
  const end = text.lastIndexOf(close);
  if (end <= 0) return undefined;
  const flags = text.slice(end + 1);
  if (!/^[a-zA-Z]*$/.test(flags)) return undefined;
  const body = text.slice(1, end);
  return flags === '' ? body : `(?${flags})${body}`;
}

function scanPattern(src: string): Scan | undefined {
  const chars = new Set<string>();
  let isOpen = false;
  let depth = 0;
  let hasTopLevelAlternation = false;
  let flags = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const r = escape(src, i, chars);
      if (r === undefined) return { chars: undefined, hasTopLevelAlternation, flags };
      i = r;
    } else if (c === '[') {
      const r = charClass(src, i, chars);
      if (r === undefined) return { chars: undefined, hasTopLevelAlternation, flags };
      i = r;
    } else if (c === '.') {
      isOpen = true;
    } else if (c === '(') {
      depth++;
      const g = /^\(\?(?:([a-zA-Z-]+)[:)]|P?<[A-Za-z_]\w*>|<?[=!]|:)/.exec(src.slice(i));
      if (g !== null && /[=!]$/.test(g[0])) {
        // A lookaround (`(?=.{1,253}$)`) matches no characters of its own; it can only narrow the match.
        const end = groupEnd(src, i);
        if (end === undefined) return undefined;
        depth--;
        i = end;
      } else if (g !== null) {
        flags += g[1] ?? '';
        if (g[0].endsWith(')')) depth--;
        i += g[0].length - 1;
      }
    } else if (c === ')') {
      depth--;
    } else if (c === '|') {
      if (depth === 0) hasTopLevelAlternation = true;
    } else if (c === '{') {
      const q = /^\{\d*(,\d*)?\}/.exec(src.slice(i));
      if (q !== null) i += q[0].length - 1;
      else chars.add(c);
    } else if (c !== '*' && c !== '+' && c !== '?' && c !== '^' && c !== '$') {
      chars.add(c);
    }
  }
  // Extended mode (`x`) gives whitespace and `#` another meaning; treat such patterns as not understood.
  if (flags.includes('x')) return undefined;
  return { chars: isOpen ? undefined : chars, hasTopLevelAlternation, flags };
}

/** The index of the `)` closing the group opened at `open`, skipping escapes and character classes. */
function groupEnd(src: string, open: number): number | undefined {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return undefined;
}

/** Adds what the escape at `i` matches; returns the index of its last character, undefined for "anything". */
function escape(src: string, i: number, chars: Set<string>): number | undefined {
  const e = src[i + 1];
  if (e === undefined) return i;
  switch (e) {
    case 'd':
      addAll(chars, digits);
      return i + 1;
    case 'w':
      addAll(chars, word);
      return i + 1;
    case 's':
      addAll(chars, space);
      return i + 1;
    case 'D':
    case 'W':
    case 'S':
    case 'P':
    case 'X':
    case 'N':
    case 'C':
      return undefined;
    case 'p': {
      // A Unicode property (`\p{L}`, `\p{Alnum}`): letters and digits of any script.
      addAll(chars, word);
      const m = /^\{[^}]*\}/.exec(src.slice(i + 2));
      return m === null ? i + 2 : i + 1 + m[0].length;
    }
    case 'b':
    case 'B':
    case 'A':
    case 'z':
    case 'Z':
    case 'G':
      return i + 1;
    case 'n':
      chars.add('\n');
      return i + 1;
    case 'r':
      chars.add('\r');
      return i + 1;
    case 't':
      chars.add('\t');
      return i + 1;
    case 'Q': {
      const end = src.indexOf('\\E', i + 2);
      addAll(chars, src.slice(i + 2, end < 0 ? src.length : end));
      return end < 0 ? src.length : end + 1;
    }
    case 'x':
    case 'u': {
      const m = /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2,4}))/.exec(src.slice(i + 2));
      if (m === null) return undefined;
      chars.add(String.fromCodePoint(parseInt(m[1] ?? m[2]!, 16)));
      return i + 1 + m[0].length;
    }
    default:
      // A back-reference repeats what a group matched; any other escaped character is itself.
      if (e < '1' || e > '9') chars.add(e);
      return i + 1;
  }
}

/** Adds the characters of the class starting at `i`; returns the index of its `]`, undefined for "anything". */
function charClass(src: string, i: number, chars: Set<string>): number | undefined {
  let j = i + 1;
  if (src[j] === '^') return undefined;
  let prev: string | undefined;
  for (let first = true; j < src.length; j++, first = false) {
    const c = src[j]!;
    if (c === ']' && !first) return j;
    if (c === '[' && src[j + 1] === ':') {
      const end = src.indexOf(':]', j);
      if (end < 0) return undefined;
      const name = src.slice(j + 2, end);
      if (!/^(alpha|digit|alnum|upper|lower|xdigit)$/.test(name)) return undefined;
      addAll(chars, word);
      j = end + 1;
      prev = undefined;
      continue;
    }
    if (c === '\\') {
      const before = chars.size;
      const r = escape(src, j, chars);
      if (r === undefined) return undefined;
      prev = r === j + 1 && chars.size === before + 1 ? src[j + 1] : undefined;
      j = r;
      continue;
    }
    if (c === '-' && prev !== undefined && src[j + 1] !== undefined && src[j + 1] !== ']') {
      const to = src[j + 1] === '\\' ? src[j + 2] : src[j + 1];
      if (to === undefined) return undefined;
      for (let k = prev.charCodeAt(0); k <= to.charCodeAt(0); k++) chars.add(String.fromCharCode(k));
      j += src[j + 1] === '\\' ? 2 : 1;
      prev = undefined;
      continue;
    }
    chars.add(c);
    prev = c;
  }
  return undefined;
}

function addAll(set: Set<string>, text: string): void {
  for (const c of text) set.add(c);
}
