import { Lang, parse, registerDynamicLanguage } from '@ast-grep/napi';
import type { SgRoot } from '@ast-grep/napi';
import csharp from '@ast-grep/lang-csharp';
import go from '@ast-grep/lang-go';
import java from '@ast-grep/lang-java';
import php from '@ast-grep/lang-php';
import python from '@ast-grep/lang-python';
import ruby from '@ast-grep/lang-ruby';
import type { Language } from '@xcr/contracts';

/** ast-grep language names for the languages that have a syntax tree in the rules engine. */
const astGrepLanguage: Partial<Record<Language, string>> = {
  javascript: Lang.JavaScript,
  typescript: Lang.TypeScript,
  java: 'java',
  python: 'python',
  go: 'go',
  php: 'php',
  ruby: 'ruby',
  csharp: 'csharp',
};

let isRegistered = false;

// Dynamic languages may be registered only once per process.
function ensureRegistered(): void {
  if (isRegistered) return;
  isRegistered = true;
  registerDynamicLanguage({ java, python, go, php, ruby, csharp });
}

/** The ast-grep language name used to parse `language`, or undefined when it has no parser. */
export function astGrepLanguageOf(language: Language, path?: string): string | undefined {
  if (language === 'typescript' && path !== undefined && /\.tsx$/i.test(path)) return Lang.Tsx;
  if (language === 'javascript' && path !== undefined && /\.jsx$/i.test(path)) return Lang.Tsx;
  return astGrepLanguage[language];
}

/** Whether the rules engine can build a syntax tree for `language`. */
export function hasParser(language: Language): boolean {
  return astGrepLanguage[language] !== undefined;
}

/**
 * Parses `content` as `language`. Returns undefined for languages without a parser or when the parser fails;
 * syntax errors do not fail (tree-sitter recovers and marks ERROR nodes). Pass `path` so `.tsx`/`.jsx` files get
 * the JSX-aware grammar.
 */
export function parseSource(language: Language, content: string, path?: string): SgRoot | undefined {
  const lang = astGrepLanguageOf(language, path);
  if (lang === undefined) return undefined;
  try {
    ensureRegistered();
    return parse(lang, content);
  } catch {
    return undefined;
  }
}
