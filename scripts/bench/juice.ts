// Q-JUICE: how the static rules do on the coding challenges of an intentionally vulnerable web shop. Each
// challenge has several versions of one snippet: `*_correct.*` is the right fix, the others stay vulnerable.
// A version counts as flagged when at least one hit's rule has a CWE of the challenge category (table below);
// a correct version is quiet when it has no such hit. Only categories static rules can judge count overall.
//
//   npm run bench:juice [-- --dir ../shared/benchmarks/juice-shop-codefixes] [-- --verbose]
//
// The data is read in place (XCR_JUICE_DIR or --dir overrides the default path); nothing is copied.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { createRulesEngine } from '@xcr/core/rules/engine';
import { allRules } from '@xcr/core/rules/registry';
import { collectProjectContext } from '@xcr/core/rules/project-context';
import { detectLanguage } from '@xcr/core/languages/detect-language';

const repoRoot = new URL('../../', import.meta.url).pathname;
const args = process.argv.slice(2);
const dirArg = args.indexOf('--dir');
const dataDir = resolve(repoRoot, dirArg >= 0 ? (args[dirArg + 1] ?? '') : (process.env.XCR_JUICE_DIR ?? '../shared/benchmarks/juice-shop-codefixes'));
const isVerbose = args.includes('--verbose');

/**
 * Challenge category → the CWEs a correct static finding would carry, from what the category means. `null`
 * marks categories a pattern/taint engine cannot judge: the flaw is an absent check or a business decision
 * (who may call a route, how strong a security question is, whether rate limits exist, contract economics).
 */
const categoryCwes: Record<string, readonly number[] | null> = {
  // SQL, NoSQL, OS command, code, LDAP, XPath, expression and template injection.
  Injection: [89, 564, 943, 78, 77, 94, 95, 90, 643, 917, 1336],
  XSS: [79, 80, 83, 87, 116],
  'Unvalidated Redirects': [601],
  // Exposure through listings, logs, errors, cleartext storage or transport, hard-coded secrets.
  'Sensitive Data Exposure': [200, 209, 213, 312, 319, 359, 522, 532, 538, 548, 552, 798],
  // Logs and metrics served to anyone.
  'Observability Failures': [200, 532, 538, 548, 552],
  // Input that is trusted too far: mass assignment, missing validation, unchecked arithmetic.
  'Improper Input Validation': [20, 129, 190, 915, 1284, 1287],
  'Broken Access Control': null,
  'Broken Authentication': null,
  'Broken Anti Automation': null,
  'Security through Obscurity': null,
  Miscellaneous: null,
};

/** Challenges judged apart from their category: prompt injection is about an LLM's instructions, not code. */
const unjudgedChallenges = new Set(['chatbotGreedyInjectionChallenge', 'chatbotPromptInjectionChallenge']);

interface Tally {
  vulnerable: number;
  flagged: number;
  correct: number;
  quiet: number;
}

function emptyTally(): Tally {
  return { vulnerable: 0, flagged: 0, correct: 0, quiet: 0 };
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '  n/a' : `${((100 * part) / whole).toFixed(1)}%`;
}

const challenges = parse(readFileSync(join(dataDir, 'challenges.yml'), 'utf8')) as { key: string; category: string }[];
const categoryOf = new Map(challenges.map((c) => [c.key, c.category]));
const keys = readdirSync(dataDir)
  .filter((name) => name.endsWith('.info.yml'))
  .map((name) => name.slice(0, -'.info.yml'.length))
  .sort();
const versionPattern = /^(.+?)_(\d+)(_correct)?\.(ts|sol|yml)$/;
const versions = readdirSync(dataDir)
  .map((name) => ({ name, match: versionPattern.exec(name) }))
  .filter((v): v is { name: string; match: RegExpExecArray } => v.match !== null)
  .map((v) => ({ name: v.name, key: v.match[1] ?? '', isCorrect: v.match[3] !== undefined }));

const engine = createRulesEngine({ rules: allRules });
const project = collectProjectContext([]);
const judged = new Map<string, Tally>();
const unjudged = new Map<string, Tally>();
const startedMs = performance.now();

for (const key of keys) {
  const baseCategory = categoryOf.get(key) ?? 'Unknown';
  const isPrompt = unjudgedChallenges.has(key);
  const category = isPrompt ? `${baseCategory} (LLM prompt)` : baseCategory;
  const cwes = isPrompt ? null : (categoryCwes[baseCategory] ?? null);
  const table = cwes === null ? unjudged : judged;
  const tally = table.get(category) ?? emptyTally();
  table.set(category, tally);
  for (const version of versions.filter((v) => v.key === key)) {
    const path = `${key}/${version.name}`;
    const language = detectLanguage(version.name);
    const content = readFileSync(join(dataDir, version.name), 'utf8');
    const hits = language === undefined ? [] : engine.analyze({ path, language, content, project });
    const relevant = hits.filter((h) => (engine.ruleById(h.ruleId)?.cwe ?? []).some((c) => (cwes ?? []).includes(c)));
    const isFlagged = cwes === null ? hits.length > 0 : relevant.length > 0;
    if (version.isCorrect) {
      tally.correct += 1;
      if (!isFlagged) tally.quiet += 1;
    } else {
      tally.vulnerable += 1;
      if (isFlagged) tally.flagged += 1;
    }
    if (isVerbose) {
      const ids = [...new Set(hits.map((h) => h.ruleId))].join(', ') || '-';
      console.log(`${version.isCorrect ? 'correct   ' : 'vulnerable'} ${isFlagged ? 'FLAGGED' : 'quiet  '} ${version.name}  [${ids}]`);
    }
  }
}

function printTable(title: string, table: Map<string, Tally>): Tally {
  console.log(title);
  const total = emptyTally();
  for (const [category, t] of [...table].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    console.log(`  ${category.padEnd(28)} vulnerable flagged ${pct(t.flagged, t.vulnerable).padStart(6)} (${t.flagged}/${t.vulnerable})   correct quiet ${pct(t.quiet, t.correct).padStart(6)} (${t.quiet}/${t.correct})`);
    total.vulnerable += t.vulnerable;
    total.flagged += t.flagged;
    total.correct += t.correct;
    total.quiet += t.quiet;
  }
  return total;
}

console.log(`rules ${engine.rules.length} (version ${engine.version}), ${versions.length} versions of ${keys.length} challenges, ${((performance.now() - startedMs) / 1000).toFixed(1)}s`);
const overall = printTable('Judged categories (a hit with a CWE of the category counts):', judged);
const rest = printTable('Not judged (any hit counts; for information only):', unjudged);
const all = { flagged: overall.flagged + rest.flagged, vulnerable: overall.vulnerable + rest.vulnerable, quiet: overall.quiet + rest.quiet, correct: overall.correct + rest.correct };
console.log(`All categories: vulnerable flagged ${pct(all.flagged, all.vulnerable)} (${all.flagged}/${all.vulnerable}), correct quiet ${pct(all.quiet, all.correct)} (${all.quiet}/${all.correct})`);
console.log(`Q-JUICE: vulnerable flagged ${pct(overall.flagged, overall.vulnerable)} (${overall.flagged}/${overall.vulnerable}), correct quiet ${pct(overall.quiet, overall.correct)} (${overall.quiet}/${overall.correct})`);
