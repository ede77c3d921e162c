import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '@xcr/contracts';
import { llmIssuesToFindings, llmRuleId, type LlmIssue } from './llm-finding.ts';
import { isSameWeakness, mergeFindings } from './merge.ts';

function finding(overrides: Partial<Finding>): Finding {
  return {
    fingerprint: 'rule-fp', file_path: 'a.js', line_start: 10, line_end: 10, code_snippet: '', title: 'Rule title', description: 'Rule description.',
    severity: 'medium', category: 'security', cwe: [89], rule_id: 'js.sqli', analyzer: 'rules', confidence: 0.8, explanation: { what: 'w', why: 'y', how: 'h' },
    ...overrides,
  };
}

function llm(overrides: Partial<Finding>): Finding {
  return finding({ fingerprint: 'llm-fp', analyzer: 'openai:gpt-4o', rule_id: 'llm.security.cwe-89', title: 'Model title', description: 'Model description.', confidence: 0.7, ...overrides });
}

describe('mergeFindings', () => {
  it('annotates the rule finding at the same location and weakness, keeping its identity', () => {
    const rule = finding({ suggestion: undefined });
    const model = llm({ severity: 'high', line_start: 9, line_end: 11, suggestion: 'Bind parameters', cwe: [89, 564], explanation: { what: 'a', why: 'b', how: 'c', learn_more: 'https://x' } });
    const { findings, annotated, folded } = mergeFindings([rule], [model]);
    assert.equal(findings.length, 1);
    assert.deepEqual([annotated, folded], [1, 1]);
    const merged = findings[0] as Finding;
    assert.deepEqual([merged.fingerprint, merged.rule_id, merged.analyzer, merged.line_start, merged.title], ['rule-fp', 'js.sqli', 'rules', 10, 'Rule title']);
    assert.equal(merged.severity, 'high');
    assert.equal(merged.confidence, 0.8);
    assert.deepEqual(merged.cwe, [89, 564]);
    assert.equal(merged.description, 'Rule description.');
    assert.deepEqual(merged.evidence, [{ analyzer: 'openai:gpt-4o', rule_id: 'llm.security.cwe-89', title: 'Model title', description: 'Model description.', confidence: 0.7 }]);
    assert.equal(merged.suggestion, 'Bind parameters');
    assert.equal(merged.explanation.learn_more, 'https://x');
    assert.equal(merged.explanation.what, 'w');
  });

  it('never lowers a rule finding severity', () => {
    const { findings } = mergeFindings([finding({ severity: 'critical' })], [llm({ severity: 'low' })]);
    assert.equal(findings[0]?.severity, 'critical');
  });

  it('keeps findings apart on other lines, other files or other weaknesses', () => {
    const rule = finding({});
    const others = [
      llm({ line_start: 12, line_end: 12 }),
      llm({ file_path: 'b.js' }),
      llm({ cwe: [79], rule_id: 'llm.security.cwe-79' }),
      llm({ cwe: [], category: 'performance', rule_id: 'llm.performance.slow' }),
    ];
    const { findings, annotated } = mergeFindings([rule], others);
    assert.equal(findings.length, 5);
    assert.equal(annotated, 0);
  });

  it('matches by category when either side names no CWE', () => {
    assert.equal(isSameWeakness(finding({}), llm({ cwe: [] })), true);
    assert.equal(isSameWeakness(finding({ cwe: [] }), llm({ cwe: [], category: 'bug' })), false);
  });

  it('folds duplicate model findings from overlapping chunks, keeping the higher severity', () => {
    const a = llm({ rule_id: 'llm.bug.null-deref', category: 'bug', cwe: [], severity: 'low' });
    const b = llm({ rule_id: 'llm.bug.null-deref', category: 'bug', cwe: [], severity: 'high', fingerprint: 'other' });
    const { findings, folded } = mergeFindings([], [a, b]);
    assert.equal(findings.length, 1);
    assert.equal(folded, 1);
    assert.equal(findings[0]?.severity, 'high');
    assert.equal(findings[0]?.fingerprint, 'llm-fp');
  });

  it('keeps every rule finding whatever the model says', () => {
    const rules = [finding({}), finding({ fingerprint: 'r2', line_start: 20, line_end: 20 })];
    assert.deepEqual(mergeFindings(rules, []).findings, rules);
  });
});

describe('llmIssuesToFindings', () => {
  const lines = ['a();', 'password = input;', 'b();', 'password = input;'];
  const issue: LlmIssue = { category: 'security', severity: 'high', title: 'Plain password', description: 'd', suggestion: '', line: 2, lineEnd: 2, cwe: [], xai: { what: 'w', why: 'y', how: 'h' } };

  it('fingerprints like rule findings: stable when lines move, distinct for repeated text', () => {
    const [first, second] = llmIssuesToFindings([{ ...issue, line: 4, lineEnd: 4 }, issue], { path: 'a.py', lines }, { analyzer: 'p:m', redact: (t) => t });
    assert.equal(first?.line_start, 2);
    assert.notEqual(first?.fingerprint, second?.fingerprint);
    const moved = llmIssuesToFindings([{ ...issue, line: 3, lineEnd: 3 }], { path: 'a.py', lines: ['', ...lines] }, { analyzer: 'p:m', redact: (t) => t });
    assert.equal(moved[0]?.fingerprint, first?.fingerprint);
    assert.equal(first?.suggestion, undefined);
    assert.equal(first?.rule_id, 'llm.security.plain-password');
  });

  it('derives rule ids from the CWE or the title, in any script', () => {
    assert.equal(llmRuleId({ category: 'security', cwe: [89, 564], title: 'x' }), 'llm.security.cwe-89');
    assert.equal(llmRuleId({ category: 'bug', cwe: [], title: '  Null pointer: deref!  ' }), 'llm.bug.null-pointer-deref');
    assert.equal(llmRuleId({ category: 'security', cwe: [], title: '密码以明文存储' }), 'llm.security.密码以明文存储');
    assert.equal(llmRuleId({ category: 'style', cwe: [], title: '!!!' }), 'llm.style.issue');
  });
});
