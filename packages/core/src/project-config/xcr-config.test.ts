import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../errors.ts';
import { parseXcrConfig } from './xcr-config.ts';

const ruleIds = ['python.crypto.weak-hash', 'python.quality.bare-except', 'python.quality.is-literal', 'java.sqli.tainted-query'];

function problemsOf(text: string): { path: string; message: string }[] {
  try {
    parseXcrConfig(text, ruleIds);
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.code, 'project_config_invalid');
    return (error.details as { problems: { path: string; message: string }[] }).problems;
  }
  assert.fail('expected a ValidationError');
}

describe('parseXcrConfig', () => {
  it('reads excludes, disabled rules and severity overrides', () => {
    const config = parseXcrConfig(
      ['exclude:', '  - "legacy/**"', 'rules:', '  disable: [python.quality.bare-except]', '  severity:', '    python.crypto.weak-hash: low'].join('\n'),
      ruleIds,
    );
    assert.deepEqual(config.exclude, ['legacy/**']);
    assert.deepEqual([...config.disabledRuleIds], ['python.quality.bare-except']);
    assert.deepEqual([...config.severityOverrides], [['python.crypto.weak-hash', 'low']]);
    assert.deepEqual(config.warnings, []);
  });

  it('expands prefixes, lets exact ids win over prefixes, and turns enable_only into disabled rules', () => {
    const config = parseXcrConfig(
      ['rules:', '  enable_only: ["python.*"]', '  disable: ["python.quality.*"]', '  severity:', '    python.crypto.weak-hash: critical', '    "python.*": info'].join('\n'),
      ruleIds,
    );
    assert.deepEqual([...config.disabledRuleIds].sort(), ['java.sqli.tainted-query', 'python.quality.bare-except', 'python.quality.is-literal']);
    assert.equal(config.severityOverrides.get('python.crypto.weak-hash'), 'critical');
    assert.equal(config.severityOverrides.get('python.quality.is-literal'), 'info');
  });

  it('treats an empty file as no configuration', () => {
    const config = parseXcrConfig('', ruleIds);
    assert.deepEqual(config.exclude, []);
    assert.equal(config.disabledRuleIds.size, 0);
  });

  it('warns about rule ids that match nothing', () => {
    const config = parseXcrConfig('rules:\n  disable: [python.crypto.weak-hsah]\n', ruleIds);
    assert.equal(config.disabledRuleIds.size, 0);
    assert.equal(config.warnings.length, 1);
    assert.match(config.warnings[0] ?? '', /weak-hsah/);
  });

  it('lists every schema problem with its path', () => {
    const problems = problemsOf('exclude: "legacy/**"\nrules:\n  disabled: [a.b.c]\n  severity:\n    python.crypto.weak-hash: urgent\n');
    const paths = problems.map((p) => p.path).sort();
    assert.deepEqual(paths, ['exclude', 'rules', 'rules.severity.python.crypto.weak-hash']);
  });

  it('reports YAML syntax errors with a line', () => {
    const problems = problemsOf('rules:\n  disable: [a.b.c\n');
    assert.ok(problems.length > 0);
    assert.match(problems[0]?.path ?? '', /^line \d+$/);
  });

  it('rejects a document that is not a mapping', () => {
    assert.deepEqual(problemsOf('- just\n- a list\n').map((p) => p.path), ['file']);
  });
});
