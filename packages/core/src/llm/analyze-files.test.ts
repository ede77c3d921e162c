import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Finding as FindingSchema, type Finding } from '@xcr/contracts';
import { UpstreamError } from '../errors.ts';
import type { LlmRequest } from '../ports/llm-provider.ts';
import { createLlmAnalyzer, type LlmAnalyzerOptions, type LlmSourceFile } from './analyze-files.ts';
import { redactForPrompt } from './secret-redaction.ts';
import { codeOfRequest, createMapLlmCache, createScriptedProvider, type ScriptedAnswer } from './testing/scripted-provider.ts';

/** A model that reports every line containing `BUG` as a bug, with the line and its text as snippet. */
function bugReporter(request: LlmRequest): string {
  const issues = [];
  for (const [path, lines] of codeOfRequest(request)) {
    for (const [line, text] of lines) {
      if (text.includes('BUG')) issues.push({ file: path, type: 'bug', severity: 'medium', title: 'Marked bug', description: `Bug at ${line}`, suggestion: 'Fix it', line, code_snippet: text, xai: { what: 'w', why: 'y', how: 'h' } });
    }
  }
  return JSON.stringify({ issues, quality_score: 80, metrics: { complexity: 80, maintainability: 80, security: 80, performance: 80 } });
}

function fileWithBugs(path: string, lineCount: number, bugLines: readonly number[], width = 40): LlmSourceFile {
  const lines = Array.from({ length: lineCount }, (_, i) => {
    const n = i + 1;
    const text = `const v${n} = compute(${n}); // ${'x'.repeat(width)}`;
    return bugLines.includes(n) ? `${text} BUG` : text;
  });
  return { path, language: 'javascript', content: `${lines.join('\n')}\n` };
}

function analyzerWith(answer: (request: LlmRequest, i: number) => ScriptedAnswer, overrides: Partial<LlmAnalyzerOptions> = {}) {
  const provider = createScriptedProvider({ answer });
  const analyzer = createLlmAnalyzer({ provider, outputLanguage: 'en-US', redact: redactForPrompt, randomBoundary: () => 'fixed', ...overrides });
  return { provider, analyzer };
}

describe('createLlmAnalyzer', () => {
  it('turns answers into anchored, fingerprinted findings and records what was sent without code', async () => {
    const { provider, analyzer } = analyzerWith(bugReporter, { maxFilesPerBatch: 1 });
    const files = [fileWithBugs('src/a.js', 30, [7]), fileWithBugs('src/b.js', 10, [2, 9])];
    const result = await analyzer.analyze(files, [], { concurrency: 1 });
    assert.equal(provider.requests.length, 2);
    assert.equal(analyzer.analyzer, 'scripted:scripted-model');
    assert.deepEqual(result.findings.map((f) => `${f.file_path}:${f.line_start}`).sort(), ['src/a.js:7', 'src/b.js:2', 'src/b.js:9']);
    for (const finding of result.findings) {
      FindingSchema.parse(finding);
      assert.equal(finding.analyzer, 'scripted:scripted-model');
      assert.match(finding.fingerprint, /^[0-9a-f]{32}$/);
      assert.match(finding.code_snippet, /BUG/);
      assert.equal(finding.rule_id, 'llm.bug.marked-bug');
    }
    assert.equal(result.usage.calls, 2);
    assert.ok(result.usage.promptTokens > 0 && result.usage.completionTokens > 0);
    assert.equal(result.qualityScore, 80);
    assert.deepEqual(result.sentRecord.files.map((f) => [f.path, f.chunks]), [['src/a.js', 1], ['src/b.js', 1]]);
    assert.match(result.sentRecord.files[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.doesNotMatch(JSON.stringify(result.sentRecord), /compute/);
    const request = provider.requests[0] as LlmRequest;
    assert.equal(request.temperature, 0.2);
    assert.equal(request.isJsonMode, true);
  });

  it('batches small files into one call and attributes issues by file', async () => {
    const { provider, analyzer } = analyzerWith(bugReporter);
    const files = [fileWithBugs('a.js', 5, [1]), fileWithBugs('b.js', 5, [5]), fileWithBugs('c.js', 5, [])];
    const result = await analyzer.analyze(files, []);
    assert.equal(provider.requests.length, 1);
    assert.deepEqual([...codeOfRequest(provider.requests[0] as LlmRequest).keys()], ['a.js', 'b.js', 'c.js']);
    assert.deepEqual(result.findings.map((f) => `${f.file_path}:${f.line_start}`).sort(), ['a.js:1', 'b.js:5']);
  });

  it('answers unchanged files from the cache and calls again only for the changed one', async () => {
    const cache = createMapLlmCache();
    const { provider, analyzer } = analyzerWith(bugReporter, { cache, maxFilesPerBatch: 4 });
    const files = Array.from({ length: 6 }, (_, i) => fileWithBugs(`f${i}.js`, 8, [3]));
    const first = await analyzer.analyze(files, []);
    const callsAfterFirst = provider.requests.length;
    assert.ok(callsAfterFirst >= 2);
    const again = await analyzer.analyze(files, []);
    assert.equal(provider.requests.length, callsAfterFirst);
    assert.equal(again.usage.calls, 0);
    assert.equal(again.usage.cacheHits, 6);
    assert.deepEqual(again.findings.map((f) => f.fingerprint).sort(), first.findings.map((f) => f.fingerprint).sort());
    assert.deepEqual(again.sentRecord.files, []);

    const changed = [...files.slice(0, 5), fileWithBugs('f5.js', 9, [3, 9])];
    const third = await analyzer.analyze(changed, []);
    assert.equal(third.usage.calls, 1);
    assert.deepEqual([...codeOfRequest(provider.requests.at(-1) as LlmRequest).keys()], ['f5.js']);
    assert.equal(third.findings.filter((f) => f.file_path === 'f5.js').length, 2);
    // Stored values hold no code.
    assert.doesNotMatch(JSON.stringify([...cache.entries.values()]), /compute/);
  });

  it('misses the cache when the model, the language or the output language differ', async () => {
    const cache = createMapLlmCache();
    const files = [fileWithBugs('a.js', 5, [1])];
    await analyzerWith(bugReporter, { cache }).analyzer.analyze(files, []);
    for (const overrides of [{ outputLanguage: 'zh-CN' as const }, { temperature: 0.7 }, { maxOutputTokens: 1000 }]) {
      const { provider, analyzer } = analyzerWith(bugReporter, { cache, ...overrides });
      await analyzer.analyze(files, []);
      assert.equal(provider.requests.length, 1, JSON.stringify(overrides));
    }
    const other = createLlmAnalyzer({ provider: createScriptedProvider({ answer: bugReporter, model: 'other-model' }), cache, outputLanguage: 'en-US', redact: redactForPrompt });
    assert.equal((await other.analyze(files, [])).usage.calls, 1);
  });

  it('chunks a 5,000-line file so that every line is sent and each call fits the context', async () => {
    const maxContextTokens = 12_000;
    const scripted = createScriptedProvider({ answer: bugReporter, capabilities: { maxContextTokens, maxOutputTokens: 2_000 } });
    const big = createLlmAnalyzer({ provider: scripted, outputLanguage: 'en-US', redact: redactForPrompt });
    const result = await big.analyze([fileWithBugs('big.js', 5_000, [1, 2_500, 5_000])], [], { concurrency: 2 });
    const covered = new Set<number>();
    for (const request of scripted.requests) {
      for (const [line] of codeOfRequest(request).get('big.js') ?? []) covered.add(line);
      const promptChars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
      assert.ok(Math.ceil(promptChars / 4) + 2_000 <= maxContextTokens, `a call of ${promptChars} characters exceeds the context`);
    }
    assert.ok(scripted.requests.length > 5, `only ${scripted.requests.length} chunks`);
    assert.equal(covered.size, 5_000);
    assert.ok([...covered].every((n) => n >= 1 && n <= 5_000));
    assert.deepEqual(result.findings.map((f) => f.line_start).sort((a, b) => a - b), [1, 2_500, 5_000]);
    assert.deepEqual(result.sentRecord.files.map((f) => f.chunks), [scripted.requests.length]);
  });

  it('stops cleanly when the token budget is spent, keeping what was found and listing the rest', async () => {
    const files = Array.from({ length: 6 }, (_, i) => fileWithBugs(`f${i}.js`, 20, [4]));
    // Each call is about 1,700 prompt tokens plus the 1,000 expected completion tokens.
    const { provider, analyzer } = analyzerWith(bugReporter, { maxFilesPerBatch: 1, budget: { maxTokens: 6_000 } });
    const result = await analyzer.analyze(files, [], { concurrency: 1 });
    assert.equal(result.stopped, 'llm_budget_exhausted');
    assert.ok(provider.requests.length >= 1 && provider.requests.length < 6);
    assert.equal(result.findings.length, provider.requests.length);
    const skipped = result.skipped.filter((s) => s.reason === 'llm_budget_exhausted').map((s) => s.path);
    assert.equal(skipped.length, 6 - provider.requests.length);
    assert.ok(result.usage.promptTokens + result.usage.completionTokens <= 6_000);
  });

  it('stops at a cost budget with the price of the model', async () => {
    const files = Array.from({ length: 4 }, (_, i) => fileWithBugs(`f${i}.js`, 20, [4]));
    const priceTable = { 'scripted-model': { inputUsdPerMTok: 1_000, outputUsdPerMTok: 1_000 } };
    const { provider, analyzer } = analyzerWith(bugReporter, { maxFilesPerBatch: 1, priceTable, budget: { maxCostUsd: 6 } });
    const result = await analyzer.analyze(files, [], { concurrency: 1 });
    // One call costs about 1.5 USD at this price and the check reserves another 1 USD for its answer.
    assert.equal(result.stopped, 'llm_budget_exhausted');
    assert.equal(provider.requests.length, 3);
    assert.ok(result.usage.costUsd > 4 && result.usage.costUsd <= 6, String(result.usage.costUsd));
    assert.equal(result.usage.isCostKnown, true);
  });

  it('counts malformed answers without failing, and lists their files', async () => {
    const answers = ['{"verdict": "looks fine"}', 'Sorry, I cannot help with that.', 'not json at all'];
    const { analyzer } = analyzerWith((request, i) => (i === 1 ? bugReporter(request) : (answers[i] as string)), { maxFilesPerBatch: 1 });
    const files = [fileWithBugs('a.js', 5, [1]), fileWithBugs('b.js', 5, [2]), fileWithBugs('c.js', 5, [3])];
    const result = await analyzer.analyze(files, [], { concurrency: 1 });
    assert.equal(result.counters.malformed_answers, 2);
    assert.deepEqual(result.skipped.map((s) => `${s.path}:${s.reason}`), ['a.js:llm_answer_malformed', 'c.js:llm_answer_malformed']);
    assert.deepEqual(result.findings.map((f) => f.file_path), ['b.js']);
  });

  it('counts and drops issues it cannot place, and corrects miscounted lines', async () => {
    const answer = JSON.stringify({ issues: [
      { title: 'Ghost', line: 400, code_snippet: 'nowhere(to_be_found);' },
      { title: 'Off by three', severity: 'high', line: 2, code_snippet: 'const v5 = compute(5);' },
    ] });
    const { analyzer } = analyzerWith(() => answer);
    const result = await analyzer.analyze([fileWithBugs('a.js', 10, [], 0)], []);
    assert.equal(result.counters.dropped_unanchored, 1);
    assert.equal(result.counters.corrected_lines, 1);
    assert.deepEqual(result.findings.map((f) => [f.title, f.line_start]), [['Off by three', 5]]);
  });

  it('stops after five consecutive failed calls, listing the failed and the remaining files', async () => {
    const { provider, analyzer } = analyzerWith(() => new UpstreamError('unavailable', 'down'), { maxFilesPerBatch: 1 });
    const files = Array.from({ length: 8 }, (_, i) => fileWithBugs(`f${i}.js`, 5, []));
    const result = await analyzer.analyze(files, [], { concurrency: 1 });
    assert.equal(provider.requests.length, 5);
    assert.equal(result.counters.failed_calls, 5);
    assert.equal(result.stopped, 'llm_failure_guard');
    assert.deepEqual(result.skipped.map((s) => s.reason).sort(), [...Array(5).fill('llm_call_failed'), ...Array(3).fill('llm_failure_guard')].sort());
    assert.equal(result.skipped.find((s) => s.reason === 'llm_call_failed')?.detail, 'upstream_unavailable');
    assert.equal(result.skipped.find((s) => s.reason === 'llm_failure_guard')?.detail, 'consecutive_failures');
  });

  it('redacts secrets before sending and in the snippets of its findings', async () => {
    const secret = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
    const content = `const a = 1;\nconst token = "${secret}"; // BUG\nconst b = 2;\n`;
    const { provider, analyzer } = analyzerWith(bugReporter);
    const result = await analyzer.analyze([{ path: 'a.js', language: 'javascript', content }], []);
    const sent = JSON.stringify(provider.requests);
    assert.ok(!sent.includes(secret));
    assert.match(sent, /\[REDACTED\]/);
    assert.equal(result.findings[0]?.line_start, 2);
    assert.ok(!result.findings[0]?.code_snippet.includes(secret));
  });

  it('annotates a rule finding at the same place and weakness instead of adding a second one', async () => {
    const rule: Finding = {
      fingerprint: 'f'.repeat(32), file_path: 'a.js', line_start: 2, line_end: 2, code_snippet: 'x', title: 'SQL injection', description: 'Rule text.',
      severity: 'medium', category: 'security', cwe: [89], rule_id: 'javascript.sqli.string-built-query', analyzer: 'rules', confidence: 0.8,
      explanation: { what: 'w', why: 'y', how: 'h' },
    };
    const answer = JSON.stringify({ issues: [{ type: 'security', severity: 'critical', title: 'Injectable query', description: 'Tainted.', cwe: 89, line: 2, code_snippet: 'db.query("SELECT " + id);' }] });
    const { analyzer } = analyzerWith(() => answer);
    const content = 'const id = req.query.id;\ndb.query("SELECT " + id);\n';
    const result = await analyzer.analyze([{ path: 'a.js', language: 'javascript', content }], [rule]);
    assert.equal(result.findings.length, 1);
    assert.equal(result.annotated, 1);
    const merged = result.findings[0] as Finding;
    assert.equal(merged.fingerprint, rule.fingerprint);
    assert.equal(merged.severity, 'critical');
    assert.equal(merged.evidence?.[0]?.analyzer, 'scripted:scripted-model');
    assert.equal(merged.evidence?.[0]?.title, 'Injectable query');
  });

  it('rejects when the signal aborts', async () => {
    const controller = new AbortController();
    const { analyzer } = analyzerWith(() => {
      controller.abort(new Error('cancelled by user'));
      return '{"issues":[]}';
    }, { maxFilesPerBatch: 1 });
    const files = [fileWithBugs('a.js', 5, []), fileWithBugs('b.js', 5, [])];
    await assert.rejects(analyzer.analyze(files, [], { signal: controller.signal, concurrency: 1 }), /cancelled by user/);
  });

  it('skips every file when the model context cannot hold a call', async () => {
    const scripted = createScriptedProvider({ answer: bugReporter, capabilities: { maxContextTokens: 3_000, maxOutputTokens: 2_000 } });
    const analyzer = createLlmAnalyzer({ provider: scripted, outputLanguage: 'en-US', redact: redactForPrompt });
    const result = await analyzer.analyze([fileWithBugs('a.js', 5, [1])], []);
    assert.equal(scripted.requests.length, 0);
    assert.deepEqual(result.skipped.map((s) => s.reason), ['llm_context_too_small']);
  });
});
