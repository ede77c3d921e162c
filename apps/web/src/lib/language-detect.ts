// A quick guess of a snippet's language in the browser, to show before analysing; the server decides in the end.
import type { Language } from '@xcr/contracts/language';

const byExtension: Record<string, Language> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', tsx: 'typescript',
  py: 'python', java: 'java', go: 'go', php: 'php', rb: 'ruby', cs: 'csharp', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp',
  hh: 'cpp', hpp: 'cpp', rs: 'rust', kt: 'kotlin', swift: 'swift', scala: 'scala', sh: 'shell', bash: 'shell',
  sql: 'sql', html: 'html', css: 'css', vue: 'vue', sol: 'solidity', dart: 'dart', lua: 'lua', pl: 'perl', r: 'r',
  yaml: 'yaml', yml: 'yaml', json: 'json', xml: 'xml', tf: 'terraform',
};

/** The extensions accepted by the file picker. */
export const codeFileAccept = Object.keys(byExtension).map((e) => `.${e}`).join(',');

/** The language of a file name's extension. */
export function languageOfFileName(name: string): Language | null {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? (byExtension[name.slice(dot + 1).toLowerCase()] ?? null) : null;
}

const signatures: ReadonlyArray<[RegExp, Language]> = [
  [/^#!.*\bpython/m, 'python'],
  [/^#!.*\b(ba)?sh\b/m, 'shell'],
  [/<\?php/, 'php'],
  [/^package\s+main\b|^func\s+\w+\(/m, 'go'],
  [/^\s*(public|private)?\s*class\s+\w+.*\{|import\s+java\./m, 'java'],
  [/^\s*using\s+System|namespace\s+\w+\s*\{/m, 'csharp'],
  [/^\s*(def|class)\s+\w+.*:\s*$|^\s*import\s+\w+\s*$|^\s*from\s+\w+(\.\w+)*\s+import\b/m, 'python'],
  [/^\s*(interface|type)\s+\w+\s*[={<]|:\s*(string|number|boolean)\b/m, 'typescript'],
  [/\b(const|let|var)\s+\w+\s*=|function\s*\w*\s*\(|=>\s*[{(]|require\(/, 'javascript'],
  [/^\s*def\s+\w+|\bputs\b|\bend\s*$/m, 'ruby'],
  [/#include\s*</, 'c'],
];

/** Guesses the language from the file name, else from the content; null when nothing tells. */
export function detectLanguage(code: string, fileName?: string | null): Language | null {
  if (fileName) {
    const fromName = languageOfFileName(fileName);
    if (fromName) return fromName;
  }
  for (const [pattern, language] of signatures) if (pattern.test(code)) return language;
  return null;
}
