import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRulesEngine } from '../rules/engine.ts';
import { allRules } from '../rules/registry.ts';
import { analyzeSnippet } from './analyze-snippet.ts';
import { createScriptedProvider } from './testing/scripted-provider.ts';

const engine = createRulesEngine({ rules: allRules });
const code = "def run(cmd):\n    import os\n    os.system('ls ' + cmd)\n    return eval(cmd)\n";

describe('analyzeSnippet', () => {
  it('runs the rules alone without a provider, with score and metrics', async () => {
    const result = await analyzeSnippet({ code, path: 'run.py' }, { engine });
    assert.equal(result.language, 'python');
    assert.ok(result.findings.length >= 1);
    assert.ok(result.findings.every((f) => f.analyzer === 'rules'));
    assert.ok(result.qualityScore < 100);
    assert.equal(result.linesScanned, 4);
    assert.equal(result.llm, undefined);
  });

  it('adds the model findings through the same pipeline', async () => {
    const provider = createScriptedProvider({ answer: () => JSON.stringify({ issues: [{ type: 'maintainability', severity: 'low', title: 'Import inside function', line: 2, code_snippet: '    import os' }], quality_score: 40 }) });
    const result = await analyzeSnippet({ code, language: 'python' }, { engine, provider, outputLanguage: 'zh-CN' });
    assert.ok(result.findings.some((f) => f.analyzer === 'scripted:scripted-model' && f.line_start === 2));
    assert.equal(result.llm?.qualityScore, 40);
    assert.equal(result.llm?.usage.calls, 1);
    assert.match(provider.requests[0]?.messages[0]?.content ?? '', /简体中文/);
  });

  it('needs a language it can name', async () => {
    await assert.rejects(analyzeSnippet({ code: 'x' }, { engine }), (error: unknown) => (error as { code?: string }).code === 'language_required');
  });
});
