/**
 * Scores the static rules engine on hand-written Java cases it was not tuned on
 * (packages/core/src/rules/<set folder>/java/<category>-<nn>-<vulnerable|safe>.java). A case is "reported"
 * when at least one finding in it carries the CWE named in its header comment. Prints per-category
 * TP/FN/FP/TN, the cases that went wrong (with the CWEs the engine did report), and overall TPR, FPR and
 * score (TPR - FPR) last.
 *
 * Usage: npm run bench:java-unseen [-- --set unseen|holdout|holdout2|holdout3]
 *   unseen (default): fixtures-unseen, the first such set.
 *   holdout: fixtures-holdout, written later and never run before it was committed, so no rule was tuned on it
 *     at first; its misses were then studied to fix the engine, so it no longer measures unseen code.
 *   holdout2: fixtures-holdout-2, written by someone who had not read the rules, and committed before the engine
 *     ever ran on it; its misses were studied after it was scored twice.
 *   holdout3: fixtures-holdout-3, written the same way after that, for the next blind figure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyzeJava } from './owasp-runner.ts';

interface Case {
  name: string;
  category: string;
  cwe: number;
  isVulnerable: boolean;
}

interface Tally {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

/** Case folders under packages/core/src/rules, by --set name. */
const caseSets: Record<string, string> = {
  unseen: 'fixtures-unseen',
  holdout: 'fixtures-holdout',
  holdout2: 'fixtures-holdout-2',
  holdout3: 'fixtures-holdout-3',
};

const caseName = /^([a-z]+)-(\d+)-(vulnerable|safe)\.java$/;
const headerCwe = /CWE-(\d+)/;

function loadCases(dir: string): { cases: Case[]; contents: { path: string; content: string }[] } {
  const cases: Case[] = [];
  const contents: { path: string; content: string }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const m = caseName.exec(name);
    if (!m) continue;
    const content = readFileSync(join(dir, name), 'utf8');
    const firstLine = content.split('\n', 1)[0] ?? '';
    const cwe = headerCwe.exec(firstLine);
    if (!cwe) throw new Error(`${name}: first line must name the expected CWE`);
    cases.push({ name, category: m[1] ?? '', cwe: Number(cwe[1]), isVulnerable: m[3] === 'vulnerable' });
    contents.push({ path: name, content });
  }
  return { cases, contents };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function caseDir(argv: string[]): string {
  const { values } = parseArgs({ args: argv, options: { set: { type: 'string', default: 'unseen' } } });
  const folder = caseSets[values.set ?? 'unseen'];
  if (folder === undefined) {
    throw new Error(`unknown --set ${values.set}; expected one of: ${Object.keys(caseSets).join(', ')}`);
  }
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return join(repoRoot, 'packages', 'core', 'src', 'rules', folder, 'java');
}

function main(): void {
  const dir = caseDir(process.argv.slice(2));
  const { cases, contents } = loadCases(dir);
  const { engine, files } = analyzeJava([], contents);
  console.log(`${engine}; ${cases.length} cases`);

  const perCategory = new Map<string, Tally>();
  const failures: string[] = [];
  cases.forEach((c, i) => {
    const result = files[i];
    const cwes = result?.cwes ?? new Set<number>();
    const isReported = cwes.has(c.cwe);
    const tally = perCategory.get(c.category) ?? { tp: 0, fn: 0, fp: 0, tn: 0 };
    if (c.isVulnerable && isReported) tally.tp++;
    else if (c.isVulnerable) tally.fn++;
    else if (isReported) tally.fp++;
    else tally.tn++;
    perCategory.set(c.category, tally);
    if (c.isVulnerable !== isReported) {
      const rules = (result?.hits ?? []).map((h) => `${h.ruleId}@${h.lineStart}`).join(', ') || 'none';
      failures.push(`${c.isVulnerable ? 'FN' : 'FP'} ${c.name} (CWE-${c.cwe}); rules: ${rules}`);
    }
  });

  const total: Tally = { tp: 0, fn: 0, fp: 0, tn: 0 };
  console.log('category       TP FN FP TN');
  for (const [category, t] of [...perCategory].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(
      `${category.padEnd(14)} ${[t.tp, t.fn, t.fp, t.tn].map((n) => String(n).padStart(2)).join(' ')}`,
    );
    total.tp += t.tp;
    total.fn += t.fn;
    total.fp += t.fp;
    total.tn += t.tn;
  }
  if (failures.length > 0) {
    console.log('\nmisclassified:');
    for (const f of failures) console.log(`  ${f}`);
  }
  const tpr = ratio(total.tp, total.tp + total.fn);
  const fpr = ratio(total.fp, total.fp + total.tn);
  console.log(`\nTP ${total.tp} FN ${total.fn} FP ${total.fp} TN ${total.tn}`);
  console.log(
    `TPR ${(tpr * 100).toFixed(1)}%  FPR ${(fpr * 100).toFixed(1)}%  score ${((tpr - fpr) * 100).toFixed(1)}`,
  );
}

main();
