// P-RULES: throughput of the static rules engine on a large body of real code: the JavaScript and TypeScript
// files of this repository's own node_modules, walked in sorted order and capped (BENCH_RULES_MB, default 30)
// so the set is repeatable on one install. Files are read before timing; each run analyses every file once,
// single-threaded; the median of BENCH_RUNS (default 3) runs is reported.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Language } from '@xcr/contracts';
import { createRulesEngine } from '@xcr/core/rules/engine';
import { allRules } from '@xcr/core/rules/registry';
import { collectProjectContext } from '@xcr/core/rules/project-context';

const repoRoot = new URL('../../', import.meta.url).pathname;
const capBytes = Number(process.env.BENCH_RULES_MB ?? 30) * 1024 * 1024;
const runs = Number(process.env.BENCH_RUNS ?? 3);
// Bigger files are skipped by file selection in a real scan (bundles, generated code).
const maxFileBytes = 256 * 1024;

const languageOf: Record<string, Language> = { '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript' };

interface Sample {
  path: string;
  language: Language;
  content: string;
  lines: number;
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot);
}

function collect(dir: string, out: Sample[], budget: { bytes: number }): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (budget.bytes >= capBytes) return;
    const path = join(dir, name);
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined) continue;
    if (info.isDirectory()) {
      collect(path, out, budget);
      continue;
    }
    const language = languageOf[extension(name)];
    if (language === undefined || name.endsWith('.d.ts') || name.includes('.min.') || info.size > maxFileBytes || info.size === 0) continue;
    const content = readFileSync(path, 'utf8');
    out.push({ path: relative(repoRoot, path), language, content, lines: content.split('\n').length });
    budget.bytes += info.size;
  }
}

const samples: Sample[] = [];
const budget = { bytes: 0 };
collect(join(repoRoot, 'node_modules'), samples, budget);
const totalLines = samples.reduce((sum, s) => sum + s.lines, 0);
const engine = createRulesEngine({ rules: allRules });
const project = collectProjectContext([]);
console.log(`${samples.length} files, ${totalLines.toLocaleString('en-US')} lines, ${(budget.bytes / 1024 / 1024).toFixed(1)} MB; ${engine.rules.length} rules (version ${engine.version})`);

const rates: number[] = [];
let findings = 0;
for (let run = 1; run <= runs; run++) {
  findings = 0;
  const started = performance.now();
  for (const s of samples) findings += engine.analyze({ path: s.path, language: s.language, content: s.content, project }).length;
  const seconds = (performance.now() - started) / 1000;
  rates.push(totalLines / seconds);
  console.log(`run ${run}: ${seconds.toFixed(2)}s, ${Math.round(totalLines / seconds).toLocaleString('en-US')} lines/s, ${findings} findings`);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)] ?? 0;
console.log(`findings per run: ${findings}`);
console.log(`P-RULES: ${Math.round(median).toLocaleString('en-US')} lines/s (median of ${runs}) over ${samples.length} files, ${totalLines.toLocaleString('en-US')} lines`);
