import ignore from 'ignore';

// Case-sensitive, as Git is on Linux (core.ignorecase=false); the package defaults to case-insensitive.
const ignoreOptions = { allowRelativePaths: true, ignorecase: false } as const;

/** One `.gitignore` found in the tree: the folder it sits in (`''` for the root) and its text. */
export interface GitignoreFile {
  dir: string;
  content: string;
}

/**
 * Answers "is this path ignored by the tree's `.gitignore` files?" the way Git does: each file applies to
 * its own folder and below, with patterns relative to that folder, and a deeper file may re-include
 * (`!pattern`) what a shallower one excluded. (Git's rule that a file inside an excluded folder cannot be
 * re-included holds within one `.gitignore`, which is what the `ignore` package implements.)
 */
export interface GitignoreMatcher {
  isIgnored(path: string): boolean;
}

/** Builds a matcher from the `.gitignore` files of a tree; an empty list ignores nothing. */
export function createGitignoreMatcher(files: readonly GitignoreFile[]): GitignoreMatcher {
  const byDir = new Map<string, ignore.Ignore>();
  for (const file of files) byDir.set(file.dir, ignore(ignoreOptions).add(file.content));
  if (byDir.size === 0) return { isIgnored: () => false };

  return {
    isIgnored(path: string): boolean {
      let isIgnored = false;
      const segments = path.split('/');
      // From the root down to the file's own folder, so deeper files get the last word.
      for (let depth = 0; depth < segments.length; depth += 1) {
        const dir = segments.slice(0, depth).join('/');
        const rules = byDir.get(dir);
        if (!rules) continue;
        const result = rules.test(segments.slice(depth).join('/'));
        if (result.ignored) isIgnored = true;
        else if (result.unignored) isIgnored = false;
      }
      return isIgnored;
    },
  };
}

/** A matcher for user globs in gitignore syntax (`dist/`, `*.spec.ts`, `src/legacy/**`). */
export function createGlobMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const rules = ignore(ignoreOptions).add([...patterns]);
  return (path) => rules.ignores(path);
}
