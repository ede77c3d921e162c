import type { Finding, Language, LlmRunSummary, ScanConfig, ScanResult, Severity, SkippedFile } from '@xcr/contracts';
import type { SourceTree } from '../ports/source-tree.ts';
import type { RuleMeta } from '../rules/types.ts';
import { createRulesEngine, type RulesEngine } from '../rules/engine.ts';
import { allRules } from '../rules/registry.ts';
import { collectProjectContext } from '../rules/project-context.ts';
import { selectFiles } from '../selection/select-files.ts';
import { setSpanAttributes, withSpan } from '../tracing/with-span.ts';
import { compareFindings, dedupeFindings } from '../findings/dedupe.ts';
import { hitsToFindings } from '../findings/hit-to-finding.ts';
import { addComplexity, computeMetrics, qualityScore, severityCounts, tallyComplexity, type ComplexityTally } from '../findings/score.ts';
import { splitLines } from '../findings/snippet.ts';
import type { ProjectConfig } from '../project-config/xcr-config.ts';
import { redactSecrets } from '../rules/secrets/redact.ts';
import { loadProjectConfig } from './load-project-config.ts';
import type { LlmAnalysisResult, LlmAnalyzer, LlmSourceFile } from '../llm/analyze-files.ts';

/** Options of one scan. */
export interface RunScanOptions {
  scanConfig: ScanConfig;
  /**
   * The rules engine; project settings (disabled rules, severity overrides) are applied on top of it. Default:
   * every registered rule.
   */
  engine?: RulesEngine;
  /** Text of a project configuration given by the caller (`xcr scan --config`), used instead of the tree's `.xcr.yml`. */
  projectConfigText?: string;
  /** Called after each analysed file. */
  onProgress?(done: number, total: number, path: string): void;
  /** Checked between files: an aborted scan rejects with the signal's reason. */
  signal?: AbortSignal;
  tool: { name: string; version: string };
  /** Called with each non-fatal problem of the project configuration (e.g. a rule id that matches nothing). */
  onWarning?(message: string): void;
  /** Removes secrets from snippets and fingerprinted text (default: `redactSecrets`). */
  redact?: (text: string) => string;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
  /**
   * The LLM stage, run when `scanConfig.analyzers` includes `llm`: after the rules it reviews the files read,
   * and its findings are merged into the rule findings (which it never removes). `onResult` receives what
   * ScanResult has no place for: usage and cost, counters, files it skipped and the record of what was sent.
   */
  llm?: { analyzer: LlmAnalyzer; concurrency?: number; onResult?(result: LlmAnalysisResult): void };
}

// Configuration files whose key=value pairs code may read by key (e.g. an algorithm name); capped so a tree
// full of them cannot make the scan read without bound.
const maxContextFiles = 200;
const maxContextFileBytes = 256 * 1024;

function isContextFile(path: string): boolean {
  return path.toLowerCase().endsWith('.properties');
}

async function readProjectContext(tree: SourceTree, paths: readonly string[]) {
  const files: { path: string; content: string }[] = [];
  for (const path of paths.filter(isContextFile).slice(0, maxContextFiles)) {
    try {
      files.push({ path, content: (await tree.read(path, maxContextFileBytes)).toString('utf8') });
    } catch {
      // An unreadable configuration file only means fewer resolved values.
    }
  }
  return collectProjectContext(files);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** A file's UTF-8 text (BOM dropped), or why it has none. */
async function readText(tree: SourceTree, path: string): Promise<{ content: string } | { detail: string }> {
  let bytes: Buffer;
  try {
    bytes = await tree.read(path);
  } catch {
    return { detail: 'read failed' };
  }
  try {
    return { content: utf8.decode(bytes) };
  } catch {
    return { detail: 'not valid UTF-8' };
  }
}

/** The rule as the project sees it: undefined when disabled, with the project's severity when overridden. */
function effectiveRule(engine: RulesEngine, settings: ProjectConfig): (id: string) => RuleMeta | undefined {
  const cache = new Map<string, RuleMeta | undefined>();
  return (id) => {
    if (cache.has(id)) return cache.get(id);
    let rule: RuleMeta | undefined = settings.disabledRuleIds.has(id) ? undefined : engine.ruleById(id);
    const severity: Severity | undefined = settings.severityOverrides.get(id);
    if (rule !== undefined && severity !== undefined && severity !== rule.severity) rule = { ...rule, severity };
    cache.set(id, rule);
    return rule;
  };
}

/**
 * Audits a source tree with the static rules: lists it, applies the project's `.xcr.yml`, reads project
 * context, selects files, analyses each one, and returns findings (deduplicated, most severe first) with
 * counts, score and metrics. All I/O goes through the tree; cancellation is checked between files.
 */
export async function runScan(tree: SourceTree, options: RunScanOptions): Promise<ScanResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const { signal } = options;
  signal?.throwIfAborted();

  const entries = await tree.list(signal);
  const paths = entries.filter((e) => !e.isSymlink).map((e) => e.path);
  const knownRuleIds = (options.engine?.rules ?? allRules).map((r) => r.id);
  const settings = await loadProjectConfig(tree, paths, knownRuleIds, options.projectConfigText);
  for (const warning of settings.warnings) options.onWarning?.(warning);
  const engine = options.engine ?? createRulesEngine({ rules: allRules, disabledRuleIds: settings.disabledRuleIds, severityOverrides: settings.severityOverrides });
  const project = await readProjectContext(tree, paths);
  const selection = await withSpan('audit.selection', { 'xcr.entries': entries.length }, async (span) => {
    const selected = await selectFiles(entries, tree, { ...options.scanConfig, configExclude: settings.exclude, signal });
    setSpanAttributes(span, { 'xcr.files_selected': selected.selected.length, 'xcr.files_skipped': selected.skipped.length });
    return selected;
  });

  const ruleFor = effectiveRule(engine, settings);
  const skipped: SkippedFile[] = [...selection.skipped];
  const findings: Finding[] = [];
  const languages: Partial<Record<Language, number>> = {};
  let complexity: ComplexityTally = { decisionPoints: 0, codeLines: 0 };
  let linesScanned = 0;
  let done = 0;
  const total = selection.selected.length;
  const isRulesOn = options.scanConfig.analyzers.includes('rules');
  const llm = options.scanConfig.analyzers.includes('llm') ? options.llm : undefined;
  const llmFiles: LlmSourceFile[] = [];

  // Reading files and the rules engine share one pass; the span covers both.
  await withSpan('audit.rules', { 'xcr.files': total, 'xcr.rules_enabled': isRulesOn }, async (span) => {
    for (const file of selection.selected) {
      signal?.throwIfAborted();
      const text = await readText(tree, file.path);
      if ('detail' in text) {
        skipped.push({ path: file.path, reason: 'unreadable', detail: text.detail });
      } else {
        const { content } = text;
        const lines = splitLines(content);
        if (isRulesOn) {
          const hits = engine.analyze({ path: file.path, language: file.language, content, project });
          findings.push(...hitsToFindings(hits, ruleFor, { path: file.path, content, lines }, { redact: options.redact ?? redactSecrets }));
        }
        if (llm !== undefined) llmFiles.push({ path: file.path, language: file.language, content });
        linesScanned += lines.length;
        complexity = addComplexity(complexity, tallyComplexity(lines));
        languages[file.language] = (languages[file.language] ?? 0) + 1;
      }
      done += 1;
      options.onProgress?.(done, total, file.path);
    }
    setSpanAttributes(span, { 'xcr.findings': findings.length });
  });

  let merged = dedupeFindings(findings);
  let llmSummary: LlmRunSummary | undefined;
  if (llm !== undefined) {
    const ruleFindings = merged;
    const llmResult = await withSpan('audit.llm', { 'xcr.files': llmFiles.length, 'xcr.analyzer': llm.analyzer.analyzer }, () =>
      llm.analyzer.analyze(llmFiles, ruleFindings, { signal, concurrency: llm.concurrency }),
    );
    llm.onResult?.(llmResult);
    merged = llmResult.findings;
    skipped.push(...llmResult.skipped);
    llmSummary = summariseLlmRun(llmResult);
  }
  const finalFindings = merged.sort(compareFindings);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const result: ScanResult = {
    tool: { name: options.tool.name, version: options.tool.version, rules_version: engine.version },
    root: tree.label,
    started_at: startedAt,
    finished_at: now().toISOString(),
    files_total: entries.length,
    files_scanned: Object.values(languages).reduce((a, b) => a + b, 0),
    lines_scanned: linesScanned,
    languages,
    findings: finalFindings,
    skipped,
    summary: severityCounts(finalFindings),
    quality_score: qualityScore(finalFindings, linesScanned),
    metrics: computeMetrics(finalFindings, linesScanned, complexity),
  };
  if (tree.commit !== undefined) result.commit = tree.commit;
  if (llmSummary !== undefined) result.llm = llmSummary;
  return result;
}

/** The LLM stage's record for the scan result: provider, cost, counters, and what was sent (never the code). */
function summariseLlmRun(result: LlmAnalysisResult): LlmRunSummary {
  const { usage, sentRecord } = result;
  return {
    provider: sentRecord.provider,
    model: sentRecord.model,
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      cost_usd: usage.costUsd,
      is_cost_known: usage.isCostKnown,
      calls: usage.calls,
      cache_hits: usage.cacheHits,
    },
    counters: { ...result.counters },
    sent: sentRecord.files.map((f) => ({ path: f.path, size_bytes: f.sizeBytes, sha256: f.sha256, chunks: f.chunks })),
    ...(result.stopped !== undefined ? { stopped: result.stopped } : {}),
  };
}
