/**
 * The LLM part of an audit: when the task asks for it (`analyzers` includes `llm`), resolve the provider and build
 * the analyzer runScan calls after the rules; when nothing resolves, run the rules only and record why
 * (`llm_not_configured`). Collects usage, cost and the record of what was sent for the task row.
 */
import type { ScanConfig } from '@xcr/contracts';
import {
  createLlmAnalyzer,
  type LlmAnalysisResult,
  type LlmAnalyzer,
  type LlmAnalyzerEvent,
} from '../llm/analyze-files.ts';
import { redactForPrompt } from '../llm/secret-redaction.ts';
import type { LlmCache } from '../ports/llm-cache.ts';
import type { LlmResolver } from '../ports/llm-resolver.ts';
import type { RunScanOptions } from '../scan/run-scan.ts';

/** The LLM stage of one audit, ready for runScan, and what it leaves for the task row. */
export interface AuditLlmStage {
  /** The configuration to scan with: without `llm` when the stage cannot run. */
  scanConfig: ScanConfig;
  stage?: NonNullable<RunScanOptions['llm']>;
  /** For the task's `llm_record`: provider, model, usage, counters, files sent (names and hashes), or the skip reason. */
  record(): Record<string, unknown> | null;
  usage(): { tokensIn: number; tokensOut: number; costUsd: number };
}

/** Files an LLM analysis has dealt with (answered, failed or from the cache), by path. */
function createFileTally(onFilesDone: (done: number, total: number) => void) {
  const done = new Set<string>();
  let total = 0;
  return {
    start(count: number) {
      total = count;
      onFilesDone(0, total);
    },
    onEvent(event: LlmAnalyzerEvent) {
      if (event.type === 'cache_hit') done.add(event.path);
      else if (event.type === 'call_done') for (const path of event.paths) done.add(path);
      else return;
      onFilesDone(Math.min(done.size, total), total);
    },
  };
}

/** Builds the stage; see {@link AuditLlmStage}. */
export async function prepareLlmStage(
  deps: { llmResolver?: LlmResolver; llmCache?: LlmCache },
  scanConfig: ScanConfig,
  onFilesDone: (done: number, total: number) => void,
): Promise<AuditLlmStage> {
  const none = { tokensIn: 0, tokensOut: 0, costUsd: 0 };
  if (!scanConfig.analyzers.includes('llm')) return { scanConfig, record: () => null, usage: () => none };
  const requested = {
    ...(scanConfig.llm_provider ? { provider: scanConfig.llm_provider } : {}),
    ...(scanConfig.llm_model ? { model: scanConfig.llm_model } : {}),
  };
  const provider = await deps.llmResolver?.resolve(requested);
  if (!provider) {
    const analyzers = scanConfig.analyzers.filter((a) => a !== 'llm');
    return {
      scanConfig: { ...scanConfig, analyzers: analyzers.length > 0 ? analyzers : ['rules'] },
      record: () => ({ status: 'skipped', reason: 'llm_not_configured', ...requested }),
      usage: () => none,
    };
  }
  const tally = createFileTally(onFilesDone);
  const inner = createLlmAnalyzer({
    provider,
    outputLanguage: scanConfig.output_language,
    redact: redactForPrompt,
    onEvent: (event) => tally.onEvent(event),
    ...(deps.llmCache ? { cache: deps.llmCache } : {}),
  });
  const analyzer: LlmAnalyzer = {
    analyzer: inner.analyzer,
    analyze(files, ruleFindings, options) {
      tally.start(files.length);
      return inner.analyze(files, ruleFindings, options);
    },
  };
  let result: LlmAnalysisResult | undefined;
  return {
    scanConfig,
    stage: { analyzer, onResult: (r) => (result = r) },
    record() {
      if (!result) return { status: 'not_run', provider: provider.name, model: provider.model };
      return {
        status: result.stopped ? 'stopped' : 'ran',
        provider: provider.name,
        model: provider.model,
        ...(result.stopped ? { stopped: result.stopped } : {}),
        llm_findings: result.llmFindings,
        annotated: result.annotated,
        usage: result.usage,
        counters: result.counters,
        skipped: result.skipped,
        sent: result.sentRecord.files,
      };
    },
    usage() {
      if (!result) return none;
      return {
        tokensIn: result.usage.promptTokens,
        tokensOut: result.usage.completionTokens,
        costUsd: result.usage.costUsd,
      };
    },
  };
}
