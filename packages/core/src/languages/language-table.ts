import type { Language } from '@xcr/contracts';

/**
 * File extensions (lower case, without the dot) per language. An extension belongs to one language only;
 * ambiguous ones (`.h`, `.m`) get their most common reading here and are refined from content in
 * `detect-language.ts`.
 */
const extensionsByLanguage: Readonly<Record<Language, readonly string[]>> = {
  javascript: ['js', 'mjs', 'cjs', 'jsx'],
  typescript: ['ts', 'mts', 'cts', 'tsx'],
  python: ['py', 'pyw', 'pyi'],
  java: ['java', 'jsp'],
  go: ['go'],
  php: ['php', 'phtml', 'php3', 'php4', 'php5', 'php7', 'phps'],
  ruby: ['rb', 'rake', 'gemspec', 'ru', 'erb'],
  csharp: ['cs', 'csx', 'cshtml', 'razor'],
  c: ['c', 'h'],
  cpp: ['cpp', 'cc', 'cxx', 'c++', 'hpp', 'hh', 'hxx', 'h++', 'ipp', 'tpp', 'ino', 'cu', 'cuh'],
  rust: ['rs'],
  kotlin: ['kt', 'kts'],
  scala: ['scala', 'sc'],
  swift: ['swift'],
  'objective-c': ['m', 'mm'],
  dart: ['dart'],
  lua: ['lua'],
  perl: ['pl', 'pm', 'perl', 'cgi'],
  r: ['r', 'rmd'],
  shell: ['sh', 'bash', 'zsh', 'ksh', 'fish', 'command'],
  powershell: ['ps1', 'psm1', 'psd1'],
  sql: ['sql', 'pgsql', 'plsql', 'mysql'],
  html: ['html', 'htm', 'xhtml', 'ejs', 'hbs', 'handlebars', 'mustache', 'njk', 'jinja', 'jinja2', 'twig'],
  css: ['css'],
  scss: ['scss', 'sass'],
  less: ['less'],
  vue: ['vue'],
  svelte: ['svelte'],
  solidity: ['sol'],
  groovy: ['groovy', 'gradle', 'gvy', 'gy'],
  elixir: ['ex', 'exs', 'heex'],
  erlang: ['erl', 'hrl'],
  haskell: ['hs', 'lhs'],
  clojure: ['clj', 'cljs', 'cljc', 'edn'],
  fsharp: ['fs', 'fsi', 'fsx'],
  'visual-basic': ['vb', 'vbs', 'bas', 'vba'],
  julia: ['jl'],
  zig: ['zig'],
  nim: ['nim', 'nims', 'nimble'],
  ocaml: ['ml', 'mli'],
  yaml: ['yml', 'yaml'],
  json: ['json', 'jsonc', 'json5'],
  xml: ['xml', 'xsd', 'xsl', 'xslt', 'wsdl', 'plist', 'csproj', 'vbproj', 'fsproj', 'props', 'targets', 'xaml'],
  toml: ['toml'],
  properties: ['properties', 'ini'],
  dockerfile: ['dockerfile', 'containerfile'],
  terraform: ['tf', 'tfvars', 'hcl'],
  protobuf: ['proto'],
  graphql: ['graphql', 'gql', 'graphqls'],
  markdown: ['md', 'markdown', 'mdx'],
};

/** Exact base names that decide the language on their own, compared case-sensitively. */
const languageByFileName: Readonly<Record<string, Language>> = {
  Dockerfile: 'dockerfile',
  Containerfile: 'dockerfile',
  Gemfile: 'ruby',
  Rakefile: 'ruby',
  Guardfile: 'ruby',
  Podfile: 'ruby',
  Fastfile: 'ruby',
  Vagrantfile: 'ruby',
  Brewfile: 'ruby',
  Jenkinsfile: 'groovy',
  '.bashrc': 'shell',
  '.bash_profile': 'shell',
  '.zshrc': 'shell',
  '.profile': 'shell',
};

/** Interpreter names found in a shebang line (`#!/usr/bin/env python3`), with version suffixes stripped. */
const languageByInterpreter: Readonly<Record<string, Language>> = {
  node: 'javascript',
  nodejs: 'javascript',
  bun: 'javascript',
  deno: 'typescript',
  'ts-node': 'typescript',
  tsx: 'typescript',
  python: 'python',
  pypy: 'python',
  ruby: 'ruby',
  perl: 'perl',
  php: 'php',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  dash: 'shell',
  ash: 'shell',
  fish: 'shell',
  pwsh: 'powershell',
  powershell: 'powershell',
  lua: 'lua',
  luajit: 'lua',
  rscript: 'r',
  groovy: 'groovy',
  elixir: 'elixir',
  escript: 'erlang',
  runghc: 'haskell',
  runhaskell: 'haskell',
  scala: 'scala',
  julia: 'julia',
  kotlin: 'kotlin',
  swift: 'swift',
  dart: 'dart',
};

const languageByExtension: ReadonlyMap<string, Language> = new Map(
  Object.entries(extensionsByLanguage).flatMap(([language, extensions]) =>
    extensions.map((extension) => [extension, language as Language] as const),
  ),
);

/** The language an extension (lower case, no dot) stands for, if any. */
export function languageForExtension(extension: string): Language | undefined {
  return languageByExtension.get(extension);
}

/** The language a whole base name stands for (`Dockerfile`, `Gemfile`), if any. */
export function languageForFileName(baseName: string): Language | undefined {
  return Object.hasOwn(languageByFileName, baseName) ? languageByFileName[baseName] : undefined;
}

/** The language of an interpreter named in a shebang (`python3.11` → python), if any. */
export function languageForInterpreter(interpreter: string): Language | undefined {
  const name = interpreter.toLowerCase().replace(/[\d.]+$/, '');
  return Object.hasOwn(languageByInterpreter, name) ? languageByInterpreter[name] : undefined;
}

/** Every extension the table knows, for documentation and tests. */
export function knownExtensions(): string[] {
  return [...languageByExtension.keys()];
}
