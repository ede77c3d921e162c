/**
 * Tolerant JSON reading for model answers, in five stages tried in order: the raw text; the text cleaned and
 * fixed; the first balanced `{…}`; a fenced ```json block; and a truncated answer closed. The first stage that
 * yields a value wins and is reported, so callers can count how often each repair was needed.
 */

/** Which stage produced the value. */
export type JsonRepairStage = 'raw' | 'repaired' | 'extracted' | 'fenced' | 'closed';

const invisibleChars = /[\uFEFF\u200B-\u200D\u2060]/g;
const validEscapes = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const openingQuotes = new Set(['"', "'", '\u201C', '\u201D']);
// Words models write where JSON wants a literal (Python and JavaScript spellings).
const literalWords: Record<string, string> = { true: 'true', false: 'false', null: 'null', True: 'true', False: 'false', None: 'null', undefined: 'null', NaN: 'null' };

function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Whether the quote at `index` closes the string: JSON punctuation follows, or a line break does. */
function isClosingQuote(text: string, index: number): boolean {
  let sawNewline = false;
  for (let i = index + 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n' || c === '\r') sawNewline = true;
    else if (c !== ' ' && c !== '\t') return sawNewline || c === ',' || c === ':' || c === '}' || c === ']';
  }
  return true;
}

type LastToken = 'none' | 'open' | 'comma' | 'colon' | 'value';

// Sticky patterns read a token in place, without copying the rest of the text for every token.
const numberAt = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const wordAt = /[A-Za-z_$][\w$]*/y;
const colonAt = /\s*:/y;

function readAt(pattern: RegExp, text: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0];
}

/**
 * One string-aware pass that fixes what models get wrong: invisible characters, raw control characters and
 * invalid escapes inside strings, unescaped inner quotes, curly quotes used as delimiters, Python literals,
 * bare keys, trailing and repeated commas, and missing commas between values.
 */
export function repairJsonText(input: string): string {
  const text = input.replace(invisibleChars, '').trim();
  const out: string[] = [];
  let last: LastToken = 'none';
  let i = 0;
  const startValue = () => {
    if (last === 'value') out.push(',');
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (openingQuotes.has(c)) {
      startValue();
      i = copyString(text, i + 1, out, c === "'" ? "'" : '"');
      last = 'value';
      continue;
    }
    if (c === '{' || c === '[') {
      startValue();
      out.push(c);
      last = 'open';
    } else if (c === '}' || c === ']') {
      if (last === 'comma') dropTrailingComma(out);
      out.push(c);
      last = 'value';
    } else if (c === ',') {
      if (last === 'value') {
        out.push(c);
        last = 'comma';
      }
    } else if (c === ':') {
      out.push(c);
      last = 'colon';
    } else if (/[-0-9]/.test(c)) {
      const number = readAt(numberAt, text, i) ?? c;
      startValue();
      out.push(number);
      last = 'value';
      i += number.length;
      continue;
    } else if (/[A-Za-z_$]/.test(c)) {
      const word = readAt(wordAt, text, i) ?? c;
      startValue();
      // A bare word before a colon is a key; elsewhere it is a literal, or text a model forgot to quote.
      out.push(readAt(colonAt, text, i + word.length) !== undefined ? JSON.stringify(word) : (literalWords[word] ?? JSON.stringify(word)));
      last = 'value';
      i += word.length;
      continue;
    } else if (/\s/.test(c)) {
      out.push(c);
    }
    i += 1;
  }
  return out.join('');
}

function dropTrailingComma(out: string[]): void {
  for (let k = out.length - 1; k >= 0; k--) {
    if (out[k] === ',') {
      out.splice(k, 1);
      return;
    }
    if (!/^\s+$/.test(out[k] as string)) return;
  }
}

/**
 * Copies a string starting after its opening quote; returns the index after its closing quote. `quote` is the
 * delimiter: `'` for Python-style strings, whose inner double quotes then need escaping.
 */
function copyString(text: string, start: number, out: string[], quote: '"' | "'"): number {
  const chars: string[] = ['"'];
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === "'") {
        chars.push("'");
        i += 2;
      } else if (next !== undefined && validEscapes.has(next)) {
        chars.push(c, next);
        i += 2;
      } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        chars.push(text.slice(i, i + 6));
        i += 6;
      } else {
        chars.push('\\\\');
        i += 1;
      }
      continue;
    }
    const isDelimiter = quote === "'" ? c === "'" : c === '"' || c === '\u201D';
    if (isDelimiter && isClosingQuote(text, i)) {
      chars.push('"');
      out.push(chars.join(''));
      return i + 1;
    }
    if (c === '"') chars.push('\\"');
    else if (c === '\n') chars.push('\\n');
    else if (c === '\r') chars.push('\\r');
    else if (c === '\t') chars.push('\\t');
    else if (c >= ' ') chars.push(c);
    i += 1;
  }
  // Unterminated: left open for the closing stage.
  out.push(chars.join(''));
  return i;
}

/** The first balanced `{…}` in `text`, counting braces outside strings only. */
export function extractBalancedObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

/**
 * Closes a truncated JSON text: tries cutting at the end (closing an open string), then before each comma and
 * after each complete container from the end backwards, appending the brackets still open at that point.
 */
export function closeTruncatedJson(text: string, maxAttempts = 200): { value: unknown } | undefined {
  const cuts: { at: number; closers: string; quote: boolean }[] = [];
  const stack: string[] = [];
  let inString = false;
  const closersOf = () => [...stack].reverse().join('');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') {
      stack.pop();
      cuts.push({ at: i + 1, closers: closersOf(), quote: false });
    } else if (c === ',') cuts.push({ at: i, closers: closersOf(), quote: false });
  }
  cuts.push({ at: text.length, closers: closersOf(), quote: inString });
  for (let k = cuts.length - 1, tried = 0; k >= 0 && tried < maxAttempts; k--, tried++) {
    const cut = cuts[k] as (typeof cuts)[number];
    // A trailing backslash would escape the quote we add.
    const head = cut.quote ? text.slice(0, cut.at).replace(/\\+$/, (m) => (m.length % 2 === 1 ? m.slice(1) : m)) + '"' : text.slice(0, cut.at);
    const parsed = tryParse(head.replace(/[,:\s]+$/, '') + cut.closers);
    if (parsed !== undefined && parsed.value !== null && typeof parsed.value === 'object') return parsed;
  }
  return undefined;
}

const thinkBlocks = /<think>[\s\S]*?<\/think>/gi;
const fencedBlock = /```(?:json|JSON)?[ \t]*\r?\n?([\s\S]*?)```/;

/** The value of a model's JSON answer and the stage that read it, or undefined when no stage could. */
export function parseTolerantJson(answer: string): { value: unknown; stage: JsonRepairStage } | undefined {
  const raw = tryParse(answer);
  if (raw !== undefined) return { ...raw, stage: 'raw' };
  // Reasoning models may think aloud before answering; braces in the thoughts would mislead the later stages.
  const text = answer.replace(thinkBlocks, '').replace(invisibleChars, '');
  const repaired = tryParse(repairJsonText(text));
  if (repaired !== undefined) return { ...repaired, stage: 'repaired' };
  const balanced = extractBalancedObject(text);
  if (balanced !== undefined) {
    const value = tryParse(balanced) ?? tryParse(repairJsonText(balanced));
    if (value !== undefined) return { ...value, stage: 'extracted' };
  }
  const fenced = fencedBlock.exec(text)?.[1];
  if (fenced !== undefined) {
    const value = tryParse(fenced) ?? tryParse(repairJsonText(fenced));
    if (value !== undefined) return { ...value, stage: 'fenced' };
  }
  const start = text.search(/[{[]/);
  if (start < 0) return undefined;
  const closed = closeTruncatedJson(repairJsonText(text.slice(start)));
  return closed === undefined ? undefined : { ...closed, stage: 'closed' };
}
