/**
 * Scores the static rules engine on the OWASP Benchmark (Java) the way the Benchmark scores tools: a test
 * file is "reported" for its category when at least one finding in it carries the category's CWE; per
 * category TPR - FPR, and the mean over the categories.
 *
 * Usage: npm run bench:owasp [-- <benchmark dir>] [--list <category>]
 * The directory defaults to ../shared/benchmarks/owasp-benchmark-java (from the repository root), or
 * XCR_OWASP_BENCHMARK_DIR. `--list sqli` prints that category's false negatives and false positives.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeJava } from './owasp-runner.ts';

const categories: Record<string, number> = {
  cmdi: 78,
  xss: 79,
  sqli: 89,
  pathtraver: 22,
  ldapi: 90,
  xpathi: 643,
  crypto: 327,
  hash: 328,
  weakrand: 330,
  securecookie: 614,
  trustbound: 501,
};

interface Expected {
  name: string;
  category: string;
  isReal: boolean;
}

function parseArgs(argv: string[]): { dir: string; list?: string } {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  let dir =
    process.env.XCR_OWASP_BENCHMARK_DIR ??
    resolve(repoRoot, '..', 'shared', 'benchmarks', 'owasp-benchmark-java');
  let list: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--list') list = argv[++i];
    else if (!a.startsWith('--')) dir = resolve(a);
  }
  return list === undefined ? { dir } : { dir, list };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function readExpected(path: string): Expected[] {
  const out: Expected[] = [];
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [name, category, real] = line.split(',');
    if (name === undefined || category === undefined) continue;
    out.push({ name, category, isReal: real === 'true' });
  }
  return out;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function main(): void {
  const { dir, list } = parseArgs(process.argv.slice(2));
  const expectedPath = join(dir, 'expectedresults-train.csv');
  if (!existsSync(expectedPath)) {
    console.error(`benchmark not found at ${dir} (set XCR_OWASP_BENCHMARK_DIR or pass the directory)`);
    process.exit(2);
  }
  const all = walk(dir);
  // Like any project: configuration files are read once, code files are analysed one by one.
  const configFiles = all
    .filter((p) => p.endsWith('.properties'))
    .map((p) => ({ path: p.slice(dir.length + 1), content: readFileSync(p, 'utf8') }));
  const testDir = join(dir, 'testcode');
  const codeFiles = readdirSync(testDir).filter((f) => f.endsWith('.java'));
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let lines = 0;
  const reported = new Map<string, Set<number>>();
  const result = analyzeJava(
    configFiles,
    codeFiles.map((f) => ({ path: `testcode/${f}`, content: readFileSync(join(testDir, f), 'utf8') })),
  );
  for (const r of result.files) {
    lines += r.lines;
    reported.set(r.path.replace(/^testcode\//, '').replace(/\.java$/, ''), r.cwes);
  }
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  // CPU time of this single-threaded process: the throughput on one core, whatever else runs on the machine.
  const cpuMs = (cpu.user + cpu.system) / 1000;

  const expected = readExpected(expectedPath);
  const rows: {
    category: string;
    tp: number;
    fn: number;
    fp: number;
    tn: number;
    tpr: number;
    fpr: number;
    score: number;
  }[] = [];
  for (const [category, cwe] of Object.entries(categories)) {
    let tp = 0;
    let fn = 0;
    let fp = 0;
    let tn = 0;
    const misses: string[] = [];
    const falseAlarms: string[] = [];
    for (const e of expected) {
      if (e.category !== category) continue;
      const isReported = reported.get(e.name)?.has(cwe) === true;
      if (e.isReal) {
        if (isReported) tp++;
        else {
          fn++;
          misses.push(e.name);
        }
      } else if (isReported) {
        fp++;
        falseAlarms.push(e.name);
      } else tn++;
    }
    const tpr = tp + fn === 0 ? 0 : tp / (tp + fn);
    const fpr = fp + tn === 0 ? 0 : fp / (fp + tn);
    rows.push({ category, tp, fn, fp, tn, tpr, fpr, score: tpr - fpr });
    if (list === category) {
      console.log(`${category} false negatives (${misses.length}): ${misses.join(' ')}`);
      console.log(`${category} false positives (${falseAlarms.length}): ${falseAlarms.join(' ')}`);
    }
  }
  console.log(
    `files: ${codeFiles.length}, lines: ${lines}, wall ${(elapsedMs / 1000).toFixed(2)} s, cpu ${(cpuMs / 1000).toFixed(2)} s, ` +
      `${Math.round(lines / (cpuMs / 1000))} lines/s per core (${result.engine})`,
  );
  console.log('category       TP   FN   FP   TN    TPR     FPR    score');
  for (const r of rows) {
    console.log(
      `${r.category.padEnd(13)} ${String(r.tp).padStart(4)} ${String(r.fn).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.tn).padStart(4)}  ${pct(r.tpr).padStart(6)}  ${pct(r.fpr).padStart(6)}  ${pct(r.score).padStart(6)}`,
    );
  }
  const mean = (f: (r: (typeof rows)[number]) => number): number =>
    rows.reduce((s, r) => s + f(r), 0) / rows.length;
  console.log(
    `Benchmark score: ${pct(mean((r) => r.score))} (TPR ${pct(mean((r) => r.tpr))}, FPR ${pct(mean((r) => r.fpr))})`,
  );
}

main();
