import type { Language } from '@xcr/contracts';

/*
 * A pasted snippet has no file name, so its language is guessed from what it says: each language has a few
 * telling constructs with weights, the highest total wins, and nothing is guessed below a minimum score. Only
 * the languages people paste most are covered (the original's instant-analysis menu and a few more); the
 * caller asks for the language when the guess comes back empty.
 */

type Signal = readonly [pattern: RegExp, weight: number];

const signals: ReadonlyArray<readonly [Language, readonly Signal[]]> = [
  ['php', [[/<\?php/, 10], [/\$\w+\s*=|\$this->/, 2], [/\becho\s/, 1]]],
  ['python', [[/^\s*def \w+\(.*\)\s*(->\s*[\w[\], .]+)?:\s*$/m, 4], [/^\s*(from [\w.]+ )?import [\w.]+(\s+as \w+)?\s*$/m, 2], [/^\s*(if|elif|for|while|with|try|except)\b.*:\s*$/m, 2], [/\bself\.\w+/, 2], [/\bprint\(/, 1], [/^\s*class \w+(\(.*\))?:\s*$/m, 3]]],
  ['go', [[/^package \w+/m, 6], [/\bfunc (\(\w+ \*?\w+\) )?\w+\(/, 4], [/:=/, 2], [/\bfmt\.\w+/, 3], [/\berr != nil\b/, 3]]],
  ['rust', [[/\bfn \w+(<[^>]*>)?\(/, 3], [/\blet mut\b/, 4], [/\w+!\(/, 2], [/::\w+/, 1], [/\bimpl\b|\bpub fn\b|&str\b|\bunwrap\(\)/, 3]]],
  ['java', [[/\b(public|private|protected)\s+(static\s+)?(final\s+)?(class|interface|void|[A-Z]\w*(<[^>]*>)?)\s+\w+/, 3], [/\bSystem\.out\./, 4], [/^import java(x)?\.[\w.]+;/m, 6], [/@Override\b/, 3], [/\bString\[\]\s+\w+/, 2]]],
  ['csharp', [[/^using System(\.[\w.]+)?;/m, 6], [/\bnamespace [\w.]+/, 2], [/\bConsole\.Write(Line)?\(/, 4], [/\{\s*get;\s*(set;)?\s*\}/, 4], [/\bvar \w+ = new\b/, 1]]],
  ['kotlin', [[/\bfun \w+\(/, 4], [/\bval \w+(: \w+)?\s*=/, 2], [/\bprintln\(/, 1], [/\bdata class\b|\bcompanion object\b/, 4]]],
  ['swift', [[/\bfunc \w+\(/, 3], [/^import (UIKit|Foundation|SwiftUI)\b/m, 6], [/\bguard let\b|\bif let\b/, 4], [/\bvar \w+: \w+/, 1]]],
  ['ruby', [[/^\s*def \w+[?!]?(\(.*\))?\s*$/m, 3], [/^\s*end\s*$/m, 2], [/\bputs\s/, 2], [/\brequire ['"]/, 2], [/\.each do \|/, 4], [/@\w+\s*=/, 1]]],
  ['cpp', [[/#include\s*<(iostream|vector|string|map|memory)>/, 6], [/\bstd::/, 4], [/\bcout\s*<</, 3], [/\btemplate\s*</, 3]]],
  ['c', [[/#include\s*[<"][\w/]+\.h[>"]/, 4], [/\bprintf\(|\bmalloc\(|\bstrcpy\(/, 2], [/\bint main\(/, 1]]],
  ['typescript', [[/:\s*(string|number|boolean|any|unknown|void)\b/, 3], [/\binterface \w+\s*\{/, 3], [/\btype \w+\s*=/, 2], [/\bas const\b|<\w+>\(/, 1], [/\bimport (type )?\{[^}]*\} from ['"]/, 1]]],
  ['javascript', [[/\b(const|let|var) \w+\s*=/, 1], [/=>/, 1], [/\brequire\(['"]/, 3], [/\bconsole\.log\(/, 2], [/\bfunction\s*\w*\s*\(/, 2], [/\bdocument\.|\bwindow\.|\bmodule\.exports\b/, 3]]],
  ['sql', [[/^\s*(SELECT\s[\s\S]+\sFROM|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b/im, 6]]],
  ['shell', [[/^#!.*\b(ba|z)?sh\b/, 10], [/^\s*(echo|export|cd|sudo|apt-get|chmod) /m, 2], [/\$\{?\w+\}?/, 1], [/\bfi\s*$/m, 2]]],
];

const minimumScore = 3;

/** The most likely language of a snippet from its content, or undefined when nothing tells. */
export function guessSnippetLanguage(code: string): Language | undefined {
  const head = code.slice(0, 20_000);
  let best: Language | undefined;
  let bestScore = 0;
  for (const [language, patterns] of signals) {
    let score = 0;
    for (const [pattern, weight] of patterns) if (pattern.test(head)) score += weight;
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return bestScore >= minimumScore ? best : undefined;
}
