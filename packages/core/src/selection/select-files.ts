import type { Language, ScanConfig, SkippedFile, SkipReason } from '@xcr/contracts';
import { detectLanguage, extensionOf } from '../languages/detect-language.ts';
import type { SourceEntry } from '../ports/source-tree.ts';
import { contentSampleBytes, findGeneratedMarker, isBinaryContent, isMinifiedContent } from './content-checks.ts';
import {
  binaryExtensions,
  excludedDirNames,
  isDefaultExcludedFile,
  isGeneratedName,
  isLockFile,
  isMinifiedName,
  isTestPath,
  vendoredDirNames,
} from './default-exclusions.ts';
import { createGitignoreMatcher, createGlobMatcher, type GitignoreFile } from './gitignore-matcher.ts';

/** Reads the start of a file; a `SourceTree` is one. */
export interface SelectionReader {
  read(path: string, maxBytes: number): Promise<Buffer>;
}

/**
 * What to select. The scan fields are those of `ScanConfig` (so a parsed config can be passed as is); the
 * rest come from the project's `.xcr.yml` and from the caller.
 */
export type SelectionOptions = Partial<Pick<ScanConfig, 'exclude' | 'include' | 'include_tests' | 'max_files' | 'max_file_size_kb'>> & {
  /** Globs from the project's `.xcr.yml` (gitignore syntax); matches are skipped as `config_excluded`. */
  configExclude?: readonly string[];
  /** Whether `.gitignore` files in the tree apply (default true). */
  shouldUseGitignore?: boolean;
  /** Whether documentation (Markdown) is audited (default false: prose is not code, as in the original). */
  shouldIncludeDocs?: boolean;
  /** How many files are read at once for the content checks (default 8). */
  readConcurrency?: number;
  signal?: AbortSignal;
};

/** A file chosen for analysis. */
export interface SelectedFile {
  path: string;
  language: Language;
  sizeBytes: number;
}

/** The outcome: selected files, shortest paths first (the order the original processed them in), and every skipped file with its reason, by path. */
export interface SelectionResult {
  selected: SelectedFile[];
  skipped: SkippedFile[];
}

const defaults = { max_files: 5_000, max_file_size_kb: 1_024, include_tests: true } as const;
const maxGitignoreBytes = 256 * 1024;

type PathVerdict = { reason: SkipReason; detail?: string } | { language: Language | undefined };

/**
 * Chooses the files of a tree to analyse. Path rules run first (cheap, no I/O), then files that pass are
 * taken shortest path first and given content checks (one read of `contentSampleBytes` each) until
 * `max_files` are selected; every later file is skipped as `max_files` without being read, which keeps the
 * outcome deterministic and the cost bounded however large the tree is.
 */
export async function selectFiles(
  entries: readonly SourceEntry[],
  reader: SelectionReader,
  options: SelectionOptions = {},
): Promise<SelectionResult> {
  const sorted = [...entries].sort((a, b) => compareStrings(a.path, b.path));
  const rules = await buildPathRules(sorted, reader, options);
  const skipped: SkippedFile[] = [];
  const candidates: Array<{ entry: SourceEntry; language: Language | undefined }> = [];
  // Whole excluded folders (node_modules/, vendor/, ...) are reported once each, with a file count, rather than
  // once per file: a checkout with a dependency folder would otherwise list tens of thousands of entries.
  const skippedDirs = new Map<string, { reason: SkipReason; count: number }>();
  for (const entry of sorted) {
    const verdict = rules.judge(entry);
    if (!('reason' in verdict)) {
      candidates.push({ entry, language: verdict.language });
    } else if ((verdict.reason === 'excluded_dir' || verdict.reason === 'vendored') && verdict.detail !== undefined) {
      const dir = dirPrefix(entry.path, verdict.detail);
      const seen = skippedDirs.get(dir);
      if (seen) seen.count += 1;
      else skippedDirs.set(dir, { reason: verdict.reason, count: 1 });
    } else {
      skipped.push(skip(entry.path, verdict.reason, verdict.detail));
    }
  }
  for (const [dir, { reason, count }] of skippedDirs) {
    skipped.push(skip(dir, reason, `${count} file${count === 1 ? '' : 's'}`));
  }

  candidates.sort((a, b) => a.entry.path.length - b.entry.path.length || compareStrings(a.entry.path, b.entry.path));
  const maxFiles = options.max_files ?? defaults.max_files;
  const maxSizeBytes = (options.max_file_size_kb ?? defaults.max_file_size_kb) * 1024;
  const concurrency = Math.max(1, options.readConcurrency ?? 8);
  const selected: SelectedFile[] = [];
  let next = 0;
  while (next < candidates.length && selected.length < maxFiles) {
    options.signal?.throwIfAborted();
    // A batch never holds more files than there are free slots, so no file is read past the cap.
    const batch = candidates.slice(next, next + Math.min(concurrency, maxFiles - selected.length));
    next += batch.length;
    const verdicts = await Promise.all(batch.map((c) => checkContent(c.entry, c.language, reader, maxSizeBytes)));
    verdicts.forEach((verdict, index) => {
      const { entry } = batch[index]!;
      if ('reason' in verdict) skipped.push(skip(entry.path, verdict.reason, verdict.detail));
      else if (verdict.language) selected.push({ path: entry.path, language: verdict.language, sizeBytes: entry.sizeBytes });
    });
  }
  for (const { entry } of candidates.slice(next)) skipped.push(skip(entry.path, 'max_files', `limit ${maxFiles}`));

  skipped.sort((a, b) => compareStrings(a.path, b.path));
  return { selected, skipped };
}

async function buildPathRules(sorted: readonly SourceEntry[], reader: SelectionReader, options: SelectionOptions) {
  const gitignoreFiles = options.shouldUseGitignore === false ? [] : await readGitignoreFiles(sorted, reader);
  const gitignore = createGitignoreMatcher(gitignoreFiles);
  const isConfigExcluded = createGlobMatcher(options.configExclude ?? []);
  const isUserExcluded = createGlobMatcher(options.exclude ?? []);
  const include = options.include ?? [];
  const isIncluded = include.length === 0 ? () => true : createGlobMatcher(include);
  const shouldIncludeTests = options.include_tests ?? defaults.include_tests;
  const shouldIncludeDocs = options.shouldIncludeDocs ?? false;

  function judge(entry: SourceEntry): PathVerdict {
    const { path } = entry;
    const segments = path.split('/');
    const baseName = segments.pop() ?? path;
    const extension = extensionOf(baseName);
    if (entry.isSymlink) return { reason: 'symlink' };
    const excludedDir = segments.find((segment) => excludedDirNames.has(segment));
    if (excludedDir !== undefined) return { reason: 'excluded_dir', detail: `${excludedDir}/` };
    const vendoredDir = segments.find((segment) => vendoredDirNames.has(segment));
    if (vendoredDir !== undefined) return { reason: 'vendored', detail: `${vendoredDir}/` };
    if (gitignore.isIgnored(path)) return { reason: 'gitignored' };
    if (isConfigExcluded(path)) return { reason: 'config_excluded' };
    if (isUserExcluded(path)) return { reason: 'excluded_glob' };
    if (!isIncluded(path)) return { reason: 'not_included' };
    if (isDefaultExcludedFile(baseName, extension)) return { reason: 'excluded_glob', detail: 'default exclusion' };
    if (!shouldIncludeTests && isTestPath(segments, baseName)) return { reason: 'excluded_glob', detail: 'test file (include_tests is off)' };
    if (isLockFile(baseName, extension)) return { reason: 'generated', detail: 'lock file' };
    if (extension !== undefined && binaryExtensions.has(extension)) return { reason: 'binary_extension', detail: `.${extension}` };
    if (isGeneratedName(baseName)) return { reason: 'generated', detail: 'generated file name' };
    if (isMinifiedName(baseName)) return { reason: 'minified', detail: 'minified file name' };
    const language = detectLanguage(path);
    // Extensionless files may still be scripts: their shebang is read with the content checks.
    if (language === undefined && extension !== undefined) return { reason: 'unsupported_language', detail: `.${extension}` };
    if (language === 'markdown' && !shouldIncludeDocs) return { reason: 'excluded_glob', detail: 'documentation' };
    return { language };
  }

  return { judge };
}

async function checkContent(
  entry: SourceEntry,
  pathLanguage: Language | undefined,
  reader: SelectionReader,
  maxSizeBytes: number,
): Promise<PathVerdict> {
  if (entry.sizeBytes > maxSizeBytes) return { reason: 'too_large', detail: `${entry.sizeBytes} bytes > ${maxSizeBytes}` };
  let sample: Buffer;
  try {
    sample = await reader.read(entry.path, contentSampleBytes);
  } catch {
    return { reason: 'unreadable' };
  }
  if (isBinaryContent(sample)) return { reason: 'binary_content' };
  const text = sample.toString('utf8');
  const language = pathLanguage ?? detectLanguage(entry.path, text);
  if (language === undefined) return { reason: 'unsupported_language', detail: 'no extension or shebang' };
  const marker = findGeneratedMarker(text);
  if (marker !== undefined) return { reason: 'generated', detail: marker };
  if (isMinifiedContent(text)) return { reason: 'minified', detail: 'very long lines' };
  return { language };
}

async function readGitignoreFiles(sorted: readonly SourceEntry[], reader: SelectionReader): Promise<GitignoreFile[]> {
  const files: GitignoreFile[] = [];
  for (const entry of sorted) {
    if (entry.isSymlink || !(entry.path === '.gitignore' || entry.path.endsWith('/.gitignore'))) continue;
    if (entry.path.split('/').some((segment) => excludedDirNames.has(segment))) continue;
    try {
      const content = (await reader.read(entry.path, maxGitignoreBytes)).toString('utf8');
      files.push({ dir: entry.path.slice(0, Math.max(0, entry.path.length - '/.gitignore'.length)), content });
    } catch {
      // An unreadable .gitignore ignores nothing; the file itself is reported with the others.
    }
  }
  return files;
}

/** The path of the excluded folder an entry sits in, e.g. `web/node_modules/` for `web/node_modules/x/y.js`. */
function dirPrefix(path: string, dirDetail: string): string {
  const name = dirDetail.endsWith('/') ? dirDetail.slice(0, -1) : dirDetail;
  const segments = path.split('/');
  const index = segments.indexOf(name);
  return index < 0 ? dirDetail : `${segments.slice(0, index + 1).join('/')}/`;
}

function skip(path: string, reason: SkipReason, detail?: string): SkippedFile {
  return detail === undefined ? { path, reason } : { path, reason, detail };
}

/** Code-unit order, independent of locale, so results are the same on every machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
