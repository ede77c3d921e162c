import { readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ScanConfig, severityRank, type ScanResult, type Severity } from '@xcr/contracts';
import { AppError } from '@xcr/core/errors';
import type { SourceTree } from '@xcr/core/ports/source-tree';
import { createRulesEngine, type RulesEngine } from '@xcr/core/rules/engine';
import { allRules } from '@xcr/core/rules/registry';
import { renderHtml, renderJson, renderMarkdown, renderSarif } from '@xcr/core/report/index';
import { runScan } from '@xcr/core/scan/run-scan';
import { createFolderSourceTree } from '@xcr/adapters/source/folder/folder-source-tree';
import { cloneGitSourceTree } from '@xcr/adapters/source/git/git-source-tree';
import { extractZipToSourceTree } from '@xcr/adapters/source/zip/zip-source-tree';
import type { LlmAnalysisResult } from '@xcr/core/llm/analyze-files';
import { addScanLlmOptions, createScanLlmStage, llmReportLines, planScanLlm, type ScanLlmCliOptions } from './scan-llm-options.ts';

const formats = ['json', 'sarif', 'markdown', 'html'] as const;
type Format = (typeof formats)[number];
const gates = ['critical', 'high', 'medium', 'low'] as const;

interface ScanCommandOptions extends ScanLlmCliOptions {
  format: Format;
  output?: string;
  failOn?: (typeof gates)[number];
  config?: string;
  exclude: string[];
  include: string[];
  maxFiles?: number;
  quiet?: boolean;
}

/** Exit codes: 0 clean or under the gate, 1 the gate failed, 2 usage or input error. */
const exitGateFailed = 1;
const exitInputError = 2;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function isGitUrl(source: string): boolean {
  return /^https:\/\//i.test(source) || /^http:\/\//i.test(source) || /^git@/i.test(source) || /^ssh:\/\//i.test(source);
}

/** Opens the source as a tree: an existing folder, a `.zip` file or a Git URL. */
async function openSource(source: string, signal: AbortSignal): Promise<SourceTree> {
  if (isGitUrl(source)) {
    // The token goes to git as a header only; it is never printed, even in errors.
    const token = process.env.XCR_GIT_TOKEN;
    return cloneGitSourceTree(source, { ...(token ? { token } : {}), tmpDir: tmpdir(), signal });
  }
  const info = await stat(source).catch(() => undefined);
  if (info?.isDirectory()) return createFolderSourceTree(source);
  if (info?.isFile() && source.toLowerCase().endsWith('.zip')) {
    return extractZipToSourceTree(source, { tmpDir: tmpdir(), signal });
  }
  if (info === undefined) throw new AppError('source_not_found', `no such folder, file or URL: ${source}`, { status: 400 });
  throw new AppError('source_unsupported', `not a folder, a .zip file or a Git URL: ${source}`, { status: 400 });
}

function render(result: ScanResult, format: Format, engine: RulesEngine): string {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result, { ruleById: (id) => engine.ruleById(id) });
    case 'markdown':
      return renderMarkdown(result);
    case 'html':
      return renderHtml(result);
  }
}

/** Progress on stderr: a self-overwriting line on a terminal, a line per tenth of the work otherwise. */
function progressReporter(isQuiet: boolean): (done: number, total: number) => void {
  if (isQuiet) return () => {};
  const isTty = process.stderr.isTTY === true;
  let lastAt = 0;
  let lastTenth = -1;
  return (done, total) => {
    if (isTty) {
      const now = Date.now();
      if (done !== total && now - lastAt < 100) return;
      lastAt = now;
      process.stderr.write(`\rxcr: files ${done}/${total}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((10 * done) / total);
    if (tenth === lastTenth && done !== total) return;
    lastTenth = tenth;
    process.stderr.write(`xcr: files ${done}/${total}\n`);
  };
}

function summaryLine(result: ScanResult, elapsedMs: number): string {
  const s = result.summary;
  const bySeverity = (['critical', 'high', 'medium', 'low', 'info'] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`);
  const findings = `${s.total} finding${s.total === 1 ? '' : 's'}${bySeverity.length > 0 ? ` (${bySeverity.join(', ')})` : ''}`;
  return `xcr: ${result.files_scanned} files, ${result.lines_scanned} lines, ${findings}, score ${result.quality_score}, ${(elapsedMs / 1000).toFixed(1)}s\n`;
}

/** Whether any finding is at or above the gate severity. */
export function isGateFailed(result: ScanResult, failOn: Severity | undefined): boolean {
  if (failOn === undefined) return false;
  return result.findings.some((f) => severityRank[f.severity] >= severityRank[failOn]);
}

function fail(code: string, message: string): void {
  // One line, no stack: the reason is for the person at the terminal or the CI log.
  process.stderr.write(`xcr: ${code}: ${message.replace(/\s+/g, ' ')}\n`);
  process.exitCode = exitInputError;
}

async function scanCommand(source: string, options: ScanCommandOptions, version: string): Promise<void> {
  const startedMs = Date.now();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let tree: SourceTree | undefined;
  try {
    const llmPlan = planScanLlm(options, process.env);
    const scanConfig = ScanConfig.parse({
      exclude: options.exclude,
      include: options.include,
      ...(options.maxFiles ? { max_files: options.maxFiles } : {}),
      analyzers: llmPlan.analyzers,
      ...(llmPlan.llm ? { output_language: llmPlan.llm.outputLanguage } : {}),
    });
    const projectConfigText = options.config === undefined ? undefined : await readConfigFile(options.config);
    tree = await openSource(source, controller.signal);
    const engine = createRulesEngine({ rules: allRules });
    const isQuiet = options.quiet === true;
    const llmStage = llmPlan.llm === undefined ? undefined : createScanLlmStage(llmPlan.llm);
    let llmResult: LlmAnalysisResult | undefined;
    if (llmStage !== undefined && !isQuiet) process.stderr.write(`xcr: llm review by ${llmStage.label}\n`);
    const result = await runScan(tree, {
      scanConfig,
      engine,
      projectConfigText,
      signal: controller.signal,
      tool: { name: 'XCodeReviewer', version },
      onProgress: progressReporter(isQuiet),
      onWarning: (message) => {
        if (!isQuiet) process.stderr.write(`xcr: warning: ${message}\n`);
      },
      ...(llmStage === undefined ? {} : { llm: { analyzer: llmStage.analyzer, concurrency: llmStage.concurrency, onResult: (r: LlmAnalysisResult) => (llmResult = r) } }),
    });
    const text = render(result, options.format, engine);
    if (options.output === undefined) process.stdout.write(text);
    else await writeFile(options.output, text, 'utf8');
    if (options.quiet !== true && llmResult !== undefined) for (const line of llmReportLines(llmResult)) process.stderr.write(line);
    if (options.quiet !== true) process.stderr.write(summaryLine(result, Date.now() - startedMs));
    if (isGateFailed(result, options.failOn)) {
      if (options.quiet !== true) process.stderr.write(`xcr: gate failed: findings at or above ${options.failOn}\n`);
      process.exitCode = exitGateFailed;
    }
  } catch (error) {
    if (error instanceof AppError) fail(error.code, error.message);
    else if (error instanceof Error && error.name === 'AbortError') fail('cancelled', 'the scan was interrupted');
    else if (error instanceof Error && error.name === 'ZodError') fail('invalid_option', error.message);
    else fail('scan_failed', error instanceof Error ? error.message : String(error));
  } finally {
    process.removeListener('SIGINT', onSigint);
    await tree?.dispose().catch(() => {});
  }
}

async function readConfigFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new AppError('config_not_found', `cannot read the configuration file ${path}`, { status: 400 });
  }
}

/** Registers `xcr scan <folder|zip|git-url>`: a static audit printed as JSON, SARIF, Markdown or HTML. */
export function registerScanCommand(program: Command): void {
  const command = program
    .command('scan')
    .description('Audit a folder, a .zip file or a Git repository (https) with the static rules and, with --llm, a model')
    .argument('<source>', 'folder, .zip file or https Git URL (token from XCR_GIT_TOKEN)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(formats).default('json'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(gates))
    .option('-c, --config <file>', 'project configuration (.xcr.yml) to use instead of the one in the source')
    .option('--exclude <glob>', 'leave out files matching the glob (gitignore syntax); repeatable', collect, [])
    .option('--include <glob>', 'only audit files matching the glob; repeatable', collect, [])
    .option('--max-files <n>', 'audit at most n files', positiveInt)
    .option('-q, --quiet', 'no progress or summary on stderr');
  addScanLlmOptions(command).action(async (source: string, options: ScanCommandOptions) => {
    await scanCommand(source, options, program.version() ?? '0.0.0');
  });
}
