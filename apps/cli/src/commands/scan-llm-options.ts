// The LLM part of `xcr scan`: its options, the provider they describe (wrapped in the resilience policies),
// the answer cache folder, and the lines printed about the LLM stage. scan.ts registers the options and hands
// the stage to runScan.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { AppError } from '@xcr/core/errors';
import { createLlmAnalyzer, type LlmAnalysisResult, type LlmAnalyzer } from '@xcr/core/llm/analyze-files';
import type { OutputLanguage } from '@xcr/core/llm/prompts/audit-v1';
import { withResilience } from '@xcr/core/llm/resilience/with-resilience';
import { redactForPrompt } from '@xcr/core/llm/secret-redaction';
import type { TaskBudget } from '@xcr/core/llm/task-budget';
import type { LlmCache } from '@xcr/core/ports/llm-cache';
import type { LlmProviderConfig, LlmProviderKind } from '@xcr/core/ports/llm-provider';
import { createLlmProvider, findLlmProviderPreset, llmCallDefaults } from '@xcr/adapters/llm/registry';
import { createFolderLlmCache, defaultLlmCacheDir } from '@xcr/adapters/llm-cache/folder/index';

const kinds: readonly LlmProviderKind[] = ['openai-compatible', 'anthropic', 'gemini', 'ernie'];
/** The preset whose defaults (base URL, model, limits) a bare protocol name starts from. */
const presetOfKind: Record<LlmProviderKind, string> = { 'openai-compatible': 'openai', anthropic: 'anthropic', gemini: 'gemini', ernie: 'ernie' };
const analyzerNames = ['rules', 'llm'] as const;
type AnalyzerName = (typeof analyzerNames)[number];
/** Limits assumed for an OpenAI-compatible server at a URL we know nothing about (a local model, usually). */
const unknownServerCapabilities = { jsonMode: true, maxContextTokens: 8_192, maxOutputTokens: 4_096 };

/** The LLM options of `xcr scan`, as commander parses them. */
export interface ScanLlmCliOptions {
  llm?: string;
  llmBaseUrl?: string;
  llmModel?: string;
  llmApiKey?: string;
  llmContextTokens?: number;
  llmMaxTokens?: number;
  llmMaxCost?: number;
  llmConcurrency?: number;
  analyzers?: AnalyzerName[];
  outputLanguage?: OutputLanguage;
  cacheDir?: string;
  /** false with `--no-cache`. */
  cache?: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function analyzerList(value: string): AnalyzerName[] {
  const names = value.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const unknown = names.filter((n) => !(analyzerNames as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`expected a comma-separated list of ${analyzerNames.join(', ')}`);
  return [...new Set(names)] as AnalyzerName[];
}

/** Adds the LLM options to the scan command. */
export function addScanLlmOptions(command: Command): Command {
  return command
    .option('--llm <provider>', `review with an LLM too: ${kinds.join('|')}, or a named provider (openai, deepseek, qwen, ollama, ...)`)
    .option('--llm-base-url <url>', 'the provider endpoint (default: the provider\'s public API)')
    .option('--llm-model <name>', 'the model (default: the provider\'s usual one)')
    .option('--llm-api-key <key>', 'the API key (better: XCR_LLM_API_KEY, which stays out of the process list)')
    .option('--llm-context-tokens <n>', 'the model\'s context window, when the provider default is wrong', positiveInt)
    .option('--llm-max-tokens <n>', 'stop calling the model after this many tokens (prompt + answer)', positiveInt)
    .option('--llm-max-cost <usd>', 'stop calling the model after this cost in US dollars', positiveNumber)
    .option('--llm-concurrency <n>', 'calls in flight at once (default 2)', positiveInt)
    .option('--analyzers <list>', 'analyzers to run: rules, llm or rules,llm (default: rules, plus llm with --llm)', analyzerList)
    .addOption(new Option('--output-language <lang>', 'language of the LLM findings').choices(['en-US', 'zh-CN']))
    .option('--cache-dir <dir>', 'LLM answer cache folder (default: $XDG_CACHE_HOME/xcodereviewer/llm or ~/.cache/xcodereviewer/llm)')
    .option('--no-cache', 'do not read or write the LLM answer cache');
}

/** What the options ask for: the analyzers and, with `llm`, everything to build the stage. */
export interface ScanLlmPlan {
  analyzers: AnalyzerName[];
  llm?: {
    config: LlmProviderConfig;
    outputLanguage: OutputLanguage;
    /** Undefined with `--no-cache`. */
    cacheDir?: string;
    budget: TaskBudget;
    concurrency: number;
  };
}

function invalid(message: string): AppError {
  return new AppError('invalid_option', message, { status: 400 });
}

/** Checks the LLM options and resolves their defaults; throws `invalid_option` with a message for the user. */
export function planScanLlm(options: ScanLlmCliOptions, env: NodeJS.ProcessEnv): ScanLlmPlan {
  const analyzers = options.analyzers ?? (options.llm === undefined ? ['rules'] : ['rules', 'llm']);
  if (!analyzers.includes('llm')) {
    if (options.llm !== undefined) throw invalid('--llm is given but --analyzers leaves out llm');
    return { analyzers };
  }
  if (options.llm === undefined) throw invalid('--analyzers llm needs a provider: --llm <provider>');
  const isKind = (kinds as readonly string[]).includes(options.llm);
  const presetName = isKind ? presetOfKind[options.llm as LlmProviderKind] : options.llm;
  const preset = findLlmProviderPreset(presetName);
  if (preset === undefined) throw invalid(`unknown LLM provider ${options.llm}: use ${kinds.join(', ')} or a named provider`);
  const model = options.llmModel ?? preset.model;
  if (model === '') throw invalid(`--llm ${options.llm} needs --llm-model`);
  const apiKey = options.llmApiKey ?? (env.XCR_LLM_API_KEY || undefined);
  // A bare protocol at a URL of the user's choosing is usually a local server, which needs no key.
  const isOwnServer = options.llmBaseUrl !== undefined && options.llm === 'openai-compatible';
  if (preset.needsApiKey && apiKey === undefined && !isOwnServer) throw invalid(`--llm ${options.llm} needs an API key: set XCR_LLM_API_KEY or pass --llm-api-key`);
  if (options.llmBaseUrl !== undefined && !/^https?:\/\//i.test(options.llmBaseUrl)) throw invalid('--llm-base-url must be an http(s) URL');
  const capabilities = { ...(isOwnServer ? unknownServerCapabilities : preset.capabilities) };
  if (options.llmContextTokens !== undefined) {
    capabilities.maxContextTokens = options.llmContextTokens;
    capabilities.maxOutputTokens = Math.min(capabilities.maxOutputTokens, Math.floor(options.llmContextTokens / 2));
  }
  const config: LlmProviderConfig = {
    ...llmCallDefaults,
    kind: preset.kind,
    name: isKind ? options.llm : presetName,
    baseUrl: (options.llmBaseUrl ?? preset.baseUrl).replace(/\/+$/, ''),
    model,
    capabilities,
  };
  if (apiKey !== undefined) config.apiKey = apiKey;
  const budget: TaskBudget = {};
  if (options.llmMaxTokens !== undefined) budget.maxTokens = options.llmMaxTokens;
  if (options.llmMaxCost !== undefined) budget.maxCostUsd = options.llmMaxCost;
  const llm: NonNullable<ScanLlmPlan['llm']> = { config, outputLanguage: options.outputLanguage ?? 'en-US', budget, concurrency: options.llmConcurrency ?? 2 };
  if (options.cache !== false) llm.cacheDir = options.cacheDir ?? defaultLlmCacheDir(env);
  return { analyzers, llm };
}

/** The LLM stage of one scan, ready for runScan. */
export interface ScanLlmStage {
  analyzer: LlmAnalyzer;
  concurrency: number;
  cache?: LlmCache;
  /** `name model at URL` for the progress line; never the key. */
  label: string;
}

/** Builds the provider (with retries, pacing and circuit breaking), the cache and the analyzer. */
export function createScanLlmStage(plan: NonNullable<ScanLlmPlan['llm']>): ScanLlmStage {
  const provider = withResilience(createLlmProvider(plan.config));
  const cache = plan.cacheDir === undefined ? undefined : createFolderLlmCache({ dir: plan.cacheDir });
  const analyzer = createLlmAnalyzer({ provider, outputLanguage: plan.outputLanguage, redact: redactForPrompt, budget: plan.budget, ...(cache === undefined ? {} : { cache }) });
  const stage: ScanLlmStage = { analyzer, concurrency: plan.concurrency, label: `${plan.config.name} ${plan.config.model} at ${plan.config.baseUrl}` };
  if (cache !== undefined) stage.cache = cache;
  return stage;
}

/** The lines printed on stderr about the LLM stage: usage, cost, what went wrong, what was left out. */
export function llmReportLines(result: LlmAnalysisResult): string[] {
  const u = result.usage;
  const c = result.counters;
  const cost = u.isCostKnown ? `$${u.costUsd.toFixed(4)}` : 'cost unknown (no price for the model)';
  const problems = [
    c.malformed_answers > 0 ? `${c.malformed_answers} malformed answer${c.malformed_answers === 1 ? '' : 's'}` : '',
    c.failed_calls > 0 ? `${c.failed_calls} failed call${c.failed_calls === 1 ? '' : 's'}` : '',
    c.dropped_unanchored > 0 ? `${c.dropped_unanchored} unplaceable finding${c.dropped_unanchored === 1 ? '' : 's'} dropped` : '',
  ].filter((p) => p !== '');
  const lines = [
    `xcr: llm ${result.sentRecord.provider}:${result.sentRecord.model}: ${u.calls} call${u.calls === 1 ? '' : 's'}, ${u.cacheHits} from cache, ${u.promptTokens + u.completionTokens} tokens, ${cost}, ${result.llmFindings} findings (${result.annotated} confirming rule findings)${problems.length > 0 ? `; ${problems.join(', ')}` : ''}\n`,
  ];
  if (result.stopped !== undefined) lines.push(`xcr: llm stopped early: ${result.stopped === 'llm_budget_exhausted' ? 'the budget is spent' : 'too many failed calls'}\n`);
  for (const skip of result.skipped) lines.push(`xcr: llm skipped ${skip.path}: ${skip.reason}${skip.detail === undefined ? '' : ` (${skip.detail})`}\n`);
  return lines;
}
