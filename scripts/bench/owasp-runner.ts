/**
 * Runs the shipped rules engine (all built-in rules) over a set of files and returns the CWEs reported per
 * file. The project's configuration files become the project context, as in a scan.
 */
import type { RuleHit, RuleInput } from '../../packages/core/src/rules/types.ts';
import { createRulesEngine } from '../../packages/core/src/rules/engine.ts';
import { collectProjectContext } from '../../packages/core/src/rules/project-context.ts';
import { allRules } from '../../packages/core/src/rules/registry.ts';

/** Per-file outcome. */
export interface FileResult {
  path: string;
  lines: number;
  cwes: Set<number>;
  hits: RuleHit[];
}

/** Analyses Java files with the rules engine; config files become the project context. */
export function analyzeJava(
  configFiles: { path: string; content: string }[],
  files: { path: string; content: string }[],
): { engine: string; files: FileResult[] } {
  const project = collectProjectContext(configFiles);
  const engine = createRulesEngine({ rules: allRules });
  const out: FileResult[] = [];
  for (const f of files) {
    const input: RuleInput = { path: f.path, language: 'java', content: f.content, project };
    const hits = engine.analyze(input);
    const cwes = new Set<number>();
    for (const h of hits) for (const c of engine.ruleById(h.ruleId)?.cwe ?? []) cwes.add(c);
    out.push({ path: f.path, lines: f.content.split('\n').length, cwes, hits });
  }
  return { engine: `rules engine ${engine.version}, ${engine.rules.length} rules`, files: out };
}
