import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScanConfig, ScanResult } from '@xcr/contracts';
import { createLlmAnalyzer, type LlmAnalysisResult } from '../llm/analyze-files.ts';
import { redactForPrompt } from '../llm/secret-redaction.ts';
import { codeOfRequest, createScriptedProvider } from '../llm/testing/scripted-provider.ts';
import type { SourceEntry, SourceTree } from '../ports/source-tree.ts';
import { createRulesEngine } from '../rules/engine.ts';
import { allRules } from '../rules/registry.ts';
import { runScan } from './run-scan.ts';

function memoryTree(files: Record<string, string>): SourceTree {
  return {
    label: 'memory',
    async list(): Promise<SourceEntry[]> {
      return Object.entries(files).map(([path, body]) => ({ path, sizeBytes: Buffer.byteLength(body), isSymlink: false }));
    },
    async read(path: string): Promise<Buffer> {
      return Buffer.from(files[path] ?? '', 'utf8');
    },
    async dispose() {},
  };
}

const files = {
  'src/db.js': 'async function find(db, req) {\n  return db.query("SELECT * FROM t WHERE id = " + req.params.id);\n}\n',
  'src/math.js': 'function half(n) {\n  return n / 2; // TODO handle odd\n}\n',
};
const engine = createRulesEngine({ rules: allRules });
const tool = { name: 'XCodeReviewer', version: 'test' };

/** Reports the TODO line, and the query line as SQL injection (CWE 89, like the rule). */
function model() {
  return createScriptedProvider({
    answer: (request) => {
      const issues = [];
      for (const [path, lines] of codeOfRequest(request)) {
        for (const [line, text] of lines) {
          if (text.includes('TODO')) issues.push({ file: path, type: 'bug', severity: 'low', title: 'Odd numbers', line, code_snippet: text });
          if (text.includes('SELECT')) issues.push({ file: path, type: 'security', severity: 'critical', title: 'SQLi', cwe: 89, line, code_snippet: text });
        }
      }
      return JSON.stringify({ issues });
    },
  });
}

describe('runScan with the LLM stage', () => {
  it('merges the model findings into the rule findings and reports the stage', async () => {
    const provider = model();
    let reported: LlmAnalysisResult | undefined;
    const analyzer = createLlmAnalyzer({ provider, outputLanguage: 'en-US', redact: redactForPrompt });
    const result = await runScan(memoryTree(files), {
      scanConfig: ScanConfig.parse({ analyzers: ['rules', 'llm'] }), engine, tool,
      llm: { analyzer, onResult: (r) => (reported = r) },
    });
    ScanResult.parse(result);
    const sqli = result.findings.filter((f) => f.cwe.includes(89));
    assert.equal(sqli.length, 1, 'the rule and the model finding are one finding');
    assert.equal(sqli[0]?.analyzer, 'rules');
    assert.equal(sqli[0]?.severity, 'critical');
    assert.equal(sqli[0]?.evidence?.[0]?.analyzer, 'scripted:scripted-model');
    assert.ok(result.findings.some((f) => f.analyzer === 'scripted:scripted-model' && f.file_path === 'src/math.js' && f.line_start === 2));
    assert.equal(result.summary.total, result.findings.length);
    assert.equal(reported?.usage.calls, 1);
    assert.equal(reported?.annotated, 1);
  });

  it('leaves the LLM out unless the analyzers ask for it, and the rules out when only llm is asked for', async () => {
    const provider = model();
    const analyzer = createLlmAnalyzer({ provider, outputLanguage: 'en-US', redact: redactForPrompt });
    const rulesOnly = await runScan(memoryTree(files), { scanConfig: ScanConfig.parse({}), engine, tool, llm: { analyzer } });
    assert.equal(provider.requests.length, 0);
    assert.ok(rulesOnly.findings.every((f) => f.analyzer === 'rules'));
    const llmOnly = await runScan(memoryTree(files), { scanConfig: ScanConfig.parse({ analyzers: ['llm'] }), engine, tool, llm: { analyzer } });
    assert.equal(provider.requests.length, 1);
    assert.ok(llmOnly.findings.length === 2 && llmOnly.findings.every((f) => f.analyzer === 'scripted:scripted-model'));
  });
});
