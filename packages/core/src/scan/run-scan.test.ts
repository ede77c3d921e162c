import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScanConfig, ScanResult } from '@xcr/contracts';
import type { SourceEntry, SourceTree } from '../ports/source-tree.ts';
import type { RulesEngine } from '../rules/engine.ts';
import type { RuleHit, RuleInput, RuleMeta, RegexRule } from '../rules/types.ts';
import { runScan } from './run-scan.ts';

/** A source tree held in memory; records reads so tests can see what was touched. */
function memoryTree(files: Record<string, string | Buffer>, label = 'memory'): SourceTree & { reads: string[] } {
  const reads: string[] = [];
  return {
    label,
    reads,
    async list(): Promise<SourceEntry[]> {
      return Object.entries(files)
        .map(([path, body]) => ({ path, sizeBytes: Buffer.byteLength(body), isSymlink: false }))
        .sort((a, b) => (a.path < b.path ? -1 : 1));
    },
    async read(path: string, maxBytes?: number): Promise<Buffer> {
      reads.push(path);
      const body = files[path];
      if (body === undefined) throw new Error(`no such file: ${path}`);
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
      return maxBytes === undefined ? bytes : bytes.subarray(0, maxBytes);
    },
    async dispose() {},
  };
}

function meta(id: string, overrides: Partial<RuleMeta>): RegexRule {
  return {
    kind: 'regex',
    regex: '',
    id,
    title: id,
    languages: ['javascript', 'typescript'],
    cwe: [],
    severity: 'low',
    category: 'maintainability',
    message: `${id} matched`,
    explanation: { what: 'w', why: 'y', how: 'h' },
    fix: 'fix it',
    confidence: 0.8,
    ...overrides,
  };
}

/** A tiny engine: `eval(` is a high security hit, `TODO` a low one; records the inputs it saw. */
function fakeEngine(): RulesEngine & { inputs: RuleInput[] } {
  const rules = [meta('js.eval', { severity: 'high', category: 'security', cwe: [95] }), meta('js.todo', {})];
  const inputs: RuleInput[] = [];
  function analyze(input: RuleInput): RuleHit[] {
    inputs.push(input);
    const hits: RuleHit[] = [];
    input.content.split('\n').forEach((line, i) => {
      if (line.includes('eval(')) hits.push({ ruleId: 'js.eval', lineStart: i + 1, lineEnd: i + 1, columnStart: line.indexOf('eval(') + 1 });
      if (line.includes('TODO')) hits.push({ ruleId: 'js.todo', lineStart: i + 1, lineEnd: i + 1 });
    });
    return hits;
  }
  return {
    inputs,
    rules,
    version: 'fake-1',
    brokenRules: [],
    ruleById: (id) => rules.find((r) => r.id === id),
    analyze,
    analyzeDetailed: (input) => ({ hits: analyze(input), ruleErrors: [], isParsed: true }),
  };
}

const tool = { name: 'XCodeReviewer', version: '0.1.0' };
const fixedClock = () => new Date('2025-01-01T00:00:00.000Z');

describe('runScan', () => {
  it('analyses selected files and returns a valid, ordered, scored result', async () => {
    const tree = memoryTree({
      'src/app.js': 'const x = 1;\n// TODO tidy\neval(input);\n',
      'src/lib/util.ts': 'export const y = 2;\n',
      'node_modules/dep/index.js': 'eval(x)\n',
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    });
    const progress: string[] = [];
    const result = await runScan(tree, {
      scanConfig: ScanConfig.parse({}),
      engine: fakeEngine(),
      tool,
      now: fixedClock,
      onProgress: (done, total, path) => progress.push(`${done}/${total} ${path}`),
    });
    ScanResult.parse(result);
    assert.equal(result.root, 'memory');
    assert.equal(result.tool.rules_version, 'fake-1');
    assert.equal(result.files_total, 4);
    assert.equal(result.files_scanned, 2);
    assert.equal(result.lines_scanned, 4);
    assert.deepEqual(result.languages, { javascript: 1, typescript: 1 });
    assert.deepEqual(progress, ['1/2 src/app.js', '2/2 src/lib/util.ts']);
    assert.deepEqual(result.findings.map((f) => `${f.severity} ${f.rule_id} ${f.file_path}:${f.line_start}`), ['high js.eval src/app.js:3', 'low js.todo src/app.js:2']);
    assert.deepEqual(result.summary, { critical: 0, high: 1, medium: 0, low: 1, info: 0, total: 2 });
    assert.equal(result.quality_score, 89);
    assert.ok(result.metrics.security < 100);
    const reasons = new Map(result.skipped.map((s) => [s.path, s.reason]));
    assert.equal(reasons.get('node_modules/'), 'excluded_dir');
    assert.equal(reasons.get('logo.png'), 'binary_extension');
    assert.equal(result.started_at, '2025-01-01T00:00:00.000Z');
  });

  it('gives rules the project context read from .properties files', async () => {
    const engine = fakeEngine();
    const tree = memoryTree({ 'conf/app.properties': 'hash.alg=MD5\n', 'a.js': 'run();\n' });
    await runScan(tree, { scanConfig: ScanConfig.parse({}), engine, tool });
    assert.ok(tree.reads.includes('conf/app.properties'));
    const input = engine.inputs.find((i) => i.path === 'a.js');
    assert.equal(input?.project.properties.get('hash.alg'), 'MD5');
  });

  it('skips files that are not valid UTF-8 and reports why', async () => {
    const latin1 = Buffer.concat([Buffer.from('const s = "caf'), Buffer.from([0xe9]), Buffer.from('";\n')]);
    const result = await runScan(memoryTree({ 'a.js': latin1, 'b.js': 'ok();\n' }), { scanConfig: ScanConfig.parse({}), engine: fakeEngine(), tool });
    assert.equal(result.files_scanned, 1);
    assert.deepEqual(result.skipped.find((s) => s.path === 'a.js'), { path: 'a.js', reason: 'unreadable', detail: 'not valid UTF-8' });
  });

  it('keeps fingerprints when code moves and honours include/exclude from the scan config', async () => {
    const first = await runScan(memoryTree({ 'a.js': 'eval(a);\n', 'b.js': 'eval(b);\n' }), { scanConfig: ScanConfig.parse({}), engine: fakeEngine(), tool });
    const moved = await runScan(memoryTree({ 'a.js': '\n\n// header\neval(a);\n', 'b.js': 'eval(b);\n' }), {
      scanConfig: ScanConfig.parse({ exclude: ['b.js'] }),
      engine: fakeEngine(),
      tool,
    });
    assert.equal(moved.findings.length, 1);
    assert.equal(moved.findings[0]?.line_start, 4);
    assert.equal(moved.findings[0]?.fingerprint, first.findings.find((f) => f.file_path === 'a.js')?.fingerprint);
    assert.equal(moved.skipped.find((s) => s.path === 'b.js')?.reason, 'excluded_glob');
  });

  it('applies .xcr.yml: excludes, disabled rules, severity overrides, warnings', async () => {
    const files = {
      '.xcr.yml': 'exclude:\n  - "legacy/**"\nrules:\n  disable: [js.todo, js.nothing]\n  severity:\n    js.eval: critical\n',
      'legacy/old.js': 'eval(a);\n',
      'src/a.js': '// TODO\neval(b);\n',
    };
    const warnings: string[] = [];
    const result = await runScan(memoryTree(files), { scanConfig: ScanConfig.parse({}), engine: fakeEngine(), tool, onWarning: (w) => warnings.push(w) });
    assert.deepEqual(result.findings.map((f) => `${f.severity} ${f.rule_id} ${f.file_path}`), ['critical js.eval src/a.js']);
    assert.equal(result.skipped.find((s) => s.path === 'legacy/old.js')?.reason, 'config_excluded');
    assert.equal(result.quality_score, 59);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /js\.nothing/);
  });

  it('uses the configuration text given by the caller instead of the tree\'s', async () => {
    const files = { '.xcr.yml': 'rules:\n  disable: [js.eval]\n', 'a.js': 'eval(b);\n' };
    const result = await runScan(memoryTree(files), { scanConfig: ScanConfig.parse({}), engine: fakeEngine(), tool, projectConfigText: 'exclude: []\n' });
    assert.equal(result.findings.length, 1);
  });

  it('rejects an invalid .xcr.yml', async () => {
    await assert.rejects(runScan(memoryTree({ '.xcr.yml': 'rules: {bogus: 1}\n', 'a.js': 'x\n' }), { scanConfig: ScanConfig.parse({}), engine: fakeEngine(), tool }), {
      code: 'project_config_invalid',
    });
  });

  it('redacts secrets in snippets by default', async () => {
    const token = `ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'}`;
    const result = await runScan(memoryTree({ 'a.js': `const t = "${token}";\neval(t);\n` }), { scanConfig: ScanConfig.parse({}), engine: fakeEngine(), tool });
    assert.equal(result.findings.length, 1);
    assert.doesNotMatch(result.findings[0]?.code_snippet ?? '', new RegExp(token));
    assert.match(result.findings[0]?.code_snippet ?? '', /ghp_\*+/);
  });

  it('redacts snippets with the given function', async () => {
    const result = await runScan(memoryTree({ 'a.js': 'const key = "hunter2"; eval(key);\n' }), {
      scanConfig: ScanConfig.parse({}),
      engine: fakeEngine(),
      tool,
      redact: (t) => t.replace(/"[^"]*"/g, '"****"'),
    });
    assert.doesNotMatch(result.findings[0]?.code_snippet ?? '', /hunter2/);
  });

  it('stops between files when the signal aborts', async () => {
    const controller = new AbortController();
    const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.js`, 'x();\n']));
    const seen: number[] = [];
    await assert.rejects(
      runScan(memoryTree(files), {
        scanConfig: ScanConfig.parse({}),
        engine: fakeEngine(),
        tool,
        signal: controller.signal,
        onProgress: (done) => {
          seen.push(done);
          if (done === 2) controller.abort();
        },
      }),
      { name: 'AbortError' },
    );
    assert.deepEqual(seen, [1, 2]);
  });
});
