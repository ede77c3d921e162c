import type { SourceTree } from '../ports/source-tree.ts';
import { emptyProjectConfig, parseXcrConfig, type ProjectConfig } from '../project-config/xcr-config.ts';

/** File names of the project configuration at the root of a tree, in order of preference. */
export const projectConfigNames = ['.xcr.yml', '.xcr.yaml'] as const;

// A configuration file is a few lines; anything bigger than this is not one.
const maxConfigBytes = 64 * 1024;

/**
 * The project's configuration: from `overrideText` when the caller gave one, else from `.xcr.yml` at the
 * root of the tree, else none. `knownRuleIds` expands rule selectors. Throws ValidationError
 * `project_config_invalid` for a broken file.
 */
export async function loadProjectConfig(
  tree: SourceTree,
  paths: readonly string[],
  knownRuleIds: readonly string[],
  overrideText?: string,
): Promise<ProjectConfig> {
  if (overrideText !== undefined) return parseXcrConfig(overrideText, knownRuleIds);
  const name = projectConfigNames.find((n) => paths.includes(n));
  if (name === undefined) return emptyProjectConfig;
  return parseXcrConfig((await tree.read(name, maxConfigBytes)).toString('utf8'), knownRuleIds);
}
