/**
 * Runs the Java rules over a set of files and returns the CWEs reported per file. Uses the taint engine and
 * ast-grep directly (the same rule data the shipped engine runs).
 */
import type { PatternRule, RuleHit, RuleInput } from '../../packages/core/src/rules/types.ts';
import type { TaintRule } from '../../packages/core/src/rules/taint/index.ts';
import { javaRules } from '../../packages/core/src/rules/catalog/java.ts';
import { parseSource } from '../../packages/core/src/rules/parser.ts';
import { collectProjectContext } from '../../packages/core/src/rules/project-context.ts';
import { runTaintRules } from '../../packages/core/src/rules/taint/index.ts';

/** Per-file outcome. */
export interface FileResult {
  path: string;
  lines: number;
  cwes: Set<number>;
  hits: RuleHit[];
}

/** Analyses the files with the Java rules; config files become the project context. */
export function analyzeJava(
  configFiles: { path: string; content: string }[],
  files: { path: string; content: string }[],
): { engine: string; files: FileResult[] } {
  const project = collectProjectContext(configFiles);
  const taintRules = javaRules.filter((r): r is TaintRule => r.kind === 'taint');
  const patternRules = javaRules.filter((r): r is PatternRule => r.kind === 'pattern');
  const cweOf = new Map<string, readonly number[]>(javaRules.map((r) => [r.id, r.cwe]));
  const out: FileResult[] = [];
  for (const f of files) {
    const input: RuleInput = { path: f.path, language: 'java', content: f.content, project };
    const root = parseSource('java', f.content, f.path);
    const hits: RuleHit[] = [];
    if (root !== undefined) {
      hits.push(...runTaintRules(root, input, taintRules));
      for (const rule of patternRules) {
        const config = rule.constraints === undefined ? { rule: rule.rule } : { rule: rule.rule, constraints: rule.constraints };
        for (const n of root.root().findAll(config as Parameters<ReturnType<typeof root.root>['findAll']>[0])) {
          const r = n.range();
          hits.push({ ruleId: rule.id, lineStart: r.start.line + 1, lineEnd: r.end.line + 1 });
        }
      }
    }
    const cwes = new Set<number>();
    for (const h of hits) for (const c of cweOf.get(h.ruleId) ?? []) cwes.add(c);
    out.push({ path: f.path, lines: f.content.split('\n').length, cwes, hits });
  }
  return { engine: 'taint engine + ast-grep patterns', files: out };
}
