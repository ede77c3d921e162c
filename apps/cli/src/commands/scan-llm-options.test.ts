import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Command } from 'commander';
import { addScanLlmOptions, llmReportLines, planScanLlm, type ScanLlmCliOptions } from './scan-llm-options.ts';

function parse(args: string[]): ScanLlmCliOptions {
  const command = addScanLlmOptions(new Command('scan').argument('<source>').exitOverride().configureOutput({ writeErr: () => {} }));
  command.parse(['node', 'scan', '.', ...args]);
  return command.opts<ScanLlmCliOptions>();
}

const env = { HOME: '/home/u', XDG_CACHE_HOME: '/tmp/xdg' };

describe('xcr scan LLM options', () => {
  it('runs the rules alone by default', () => {
    assert.deepEqual(planScanLlm(parse([]), env), { analyzers: ['rules'] });
  });

  it('builds an OpenAI-compatible provider for a local server without a key', () => {
    const plan = planScanLlm(parse(['--llm', 'openai-compatible', '--llm-base-url', 'http://127.0.0.1:11434/v1/', '--llm-model', 'qwen2.5-coder']), env);
    assert.deepEqual(plan.analyzers, ['rules', 'llm']);
    assert.equal(plan.llm?.config.kind, 'openai-compatible');
    assert.equal(plan.llm?.config.baseUrl, 'http://127.0.0.1:11434/v1');
    assert.equal(plan.llm?.config.model, 'qwen2.5-coder');
    assert.equal(plan.llm?.config.apiKey, undefined);
    assert.equal(plan.llm?.config.capabilities?.maxContextTokens, 8_192);
    assert.equal(plan.llm?.cacheDir, join('/tmp/xdg', 'xcodereviewer', 'llm'));
    assert.equal(plan.llm?.outputLanguage, 'en-US');
    assert.equal(plan.llm?.concurrency, 2);
  });

  it('takes the key from XCR_LLM_API_KEY, the option winning', () => {
    assert.equal(planScanLlm(parse(['--llm', 'anthropic']), { ...env, XCR_LLM_API_KEY: 'sk-env' }).llm?.config.apiKey, 'sk-env');
    assert.equal(planScanLlm(parse(['--llm', 'anthropic', '--llm-api-key', 'sk-opt']), { ...env, XCR_LLM_API_KEY: 'sk-env' }).llm?.config.apiKey, 'sk-opt');
    const gemini = planScanLlm(parse(['--llm', 'gemini']), { ...env, XCR_LLM_API_KEY: 'k' }).llm?.config;
    assert.equal(gemini?.kind, 'gemini');
    assert.match(gemini?.baseUrl ?? '', /^https:\/\/generativelanguage\.googleapis\.com/);
  });

  it('accepts named providers, budgets, language, concurrency and the cache options', () => {
    const plan = planScanLlm(parse(['--llm', 'deepseek', '--llm-max-tokens', '50000', '--llm-max-cost', '0.5', '--output-language', 'zh-CN', '--llm-concurrency', '4', '--cache-dir', '/c']), { ...env, XCR_LLM_API_KEY: 'k' });
    assert.equal(plan.llm?.config.kind, 'openai-compatible');
    assert.equal(plan.llm?.config.name, 'deepseek');
    assert.deepEqual(plan.llm?.budget, { maxTokens: 50_000, maxCostUsd: 0.5 });
    assert.equal(plan.llm?.outputLanguage, 'zh-CN');
    assert.equal(plan.llm?.concurrency, 4);
    assert.equal(plan.llm?.cacheDir, '/c');
    assert.equal(planScanLlm(parse(['--llm', 'ollama', '--no-cache']), env).llm?.cacheDir, undefined);
    assert.equal(planScanLlm(parse(['--llm', 'ollama', '--llm-context-tokens', '4096']), env).llm?.config.capabilities?.maxOutputTokens, 2_048);
  });

  it('rejects inconsistent or incomplete options with a message for the user', () => {
    const cases: [string[], RegExp][] = [
      [['--analyzers', 'rules,llm'], /needs a provider/],
      [['--llm', 'anthropic', '--analyzers', 'rules'], /leaves out llm/],
      [['--llm', 'anthropic'], /needs an API key/],
      [['--llm', 'nonsense'], /unknown LLM provider/],
      [['--llm', 'vllm'], /needs --llm-model/],
      [['--llm', 'openai-compatible', '--llm-base-url', 'ftp://x'], /http\(s\) URL/],
    ];
    for (const [args, message] of cases) {
      assert.throws(() => planScanLlm(parse(args), env), (error: unknown) => (error as { code?: string }).code === 'invalid_option' && message.test((error as Error).message), args.join(' '));
    }
    assert.throws(() => parse(['--analyzers', 'rules,magic']), /comma-separated list/);
    assert.throws(() => parse(['--llm-max-tokens', '-3']), /positive integer/);
  });

  it('reports usage, problems and skipped files without secrets', () => {
    const lines = llmReportLines({
      findings: [], llmFindings: 3, annotated: 1,
      usage: { promptTokens: 1000, completionTokens: 200, costUsd: 0.0012, isCostKnown: true, calls: 4, cacheHits: 2, estimatedUsageCalls: 0 },
      skipped: [{ path: 'big.js', reason: 'llm_budget_exhausted' }],
      counters: { malformed_answers: 1, dropped_unanchored: 0, failed_calls: 0, corrected_lines: 0, dropped_invalid_issues: 0, truncated_answers: 0, repaired_answers: 0, cache_errors: 0 },
      sentRecord: { provider: 'deepseek', kind: 'openai-compatible', model: 'deepseek-chat', files: [] },
      stopped: 'llm_budget_exhausted',
    });
    assert.equal(lines[0], 'xcr: llm deepseek:deepseek-chat: 4 calls, 2 from cache, 1200 tokens, $0.0012, 3 findings (1 confirming rule findings); 1 malformed answer\n');
    assert.equal(lines[1], 'xcr: llm stopped early: the budget is spent\n');
    assert.equal(lines[2], 'xcr: llm skipped big.js: llm_budget_exhausted\n');
  });
});
