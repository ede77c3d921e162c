import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Language } from '@xcr/contracts';
import { createRulesEngine, hashRules } from './engine.ts';
import { allRules, duplicateRuleIds, rulesVersion } from './registry.ts';
import type { PatternRule, RegexRule, RuleInput } from './types.ts';

const meta = {
  title: 't',
  cwe: [1],
  severity: 'medium',
  category: 'security',
  message: 'm',
  explanation: { what: 'w', why: 'y', how: 'h' },
  fix: 'f',
  confidence: 0.5,
} as const;

const evalRule: PatternRule = { ...meta, id: 'test.eval', languages: ['javascript', 'typescript'], kind: 'pattern', rule: { pattern: 'eval($X)' } };
const todoRule: RegexRule = { ...meta, id: 'test.todo', cwe: [2], languages: ['yaml', 'javascript'], kind: 'regex', regex: 'TODO' };

function input(content: string, language: Language = 'javascript', path = 'src/a.js'): RuleInput {
  return { path, language, content, project: { properties: new Map() } };
}

describe('createRulesEngine', () => {
  it('runs pattern rules and regex rules, with 1-based positions', () => {
    const engine = createRulesEngine({ rules: [evalRule, todoRule] });
    const hits = engine.analyze(input('const a = 1;\n  eval(code); // TODO\n'));
    assert.deepEqual(hits, [
      { ruleId: 'test.eval', lineStart: 2, lineEnd: 2, columnStart: 3, columnEnd: 12 },
      { ruleId: 'test.todo', lineStart: 2, lineEnd: 2, columnStart: 18, columnEnd: 21 },
    ]);
  });

  it('runs only the rules of the file language, and regex rules on files without a parser', () => {
    const engine = createRulesEngine({ rules: [evalRule, todoRule] });
    assert.deepEqual(engine.analyze(input('eval(x) # TODO', 'python', 'a.py')), []);
    assert.deepEqual(engine.analyze(input('key: TODO\n', 'yaml', 'a.yml')).map((h) => h.ruleId), ['test.todo']);
  });

  it('reports one hit per rule and line, and applies suppression comments', () => {
    const engine = createRulesEngine({ rules: [evalRule] });
    assert.equal(engine.analyze(input('eval(a); eval(b);\n')).length, 1);
    assert.equal(engine.analyze(input('eval(a); // xcr-ignore test.eval\n')).length, 0);
    assert.equal(engine.analyze(input('eval(a); // xcr-ignore other.rule\n')).length, 1);
  });

  it('keeps one hit per line and primary CWE, preferring the more confident rule', () => {
    const vague: PatternRule = { ...evalRule, id: 'test.vague', confidence: 0.3, rule: { pattern: 'eval($$$)' } };
    const engine = createRulesEngine({ rules: [vague, evalRule, todoRule] });
    assert.deepEqual(engine.analyze(input('eval(x); // TODO\n')).map((h) => h.ruleId), ['test.eval', 'test.todo']);
    // Silencing one rule leaves the other rule's finding for that line.
    assert.deepEqual(engine.analyze(input('eval(x);\n// xcr-ignore-next-line test.eval\neval(y);\n')).map((h) => [h.ruleId, h.lineStart]), [
      ['test.eval', 1],
      ['test.vague', 3],
    ]);
  });

  it('leaves disabled rules out and applies severity overrides', () => {
    const engine = createRulesEngine({
      rules: [evalRule, todoRule],
      disabledRuleIds: new Set(['test.todo']),
      severityOverrides: new Map([['test.eval', 'critical']]),
    });
    assert.deepEqual(engine.rules.map((r) => r.id), ['test.eval']);
    assert.equal(engine.ruleById('test.eval')?.severity, 'critical');
    assert.equal(engine.ruleById('test.todo'), undefined);
    assert.equal(evalRule.severity, 'medium', 'the catalog rule is not modified');
    assert.deepEqual(engine.analyze(input('eval(x) // TODO')).map((h) => h.ruleId), ['test.eval']);
  });

  it('never throws: broken rules are skipped and reported', () => {
    const badPattern: PatternRule = { ...meta, id: 'test.bad-kind', languages: ['javascript'], kind: 'pattern', rule: { kind: 'no_such_kind' } };
    const badRegex: RegexRule = { ...meta, id: 'test.bad-regex', languages: ['javascript'], kind: 'regex', regex: '(' };
    const engine = createRulesEngine({ rules: [badPattern, badRegex, evalRule] });
    assert.deepEqual(engine.brokenRules.map((e) => e.ruleId), ['test.bad-regex']);
    const result = engine.analyzeDetailed(input('eval(x)'));
    assert.deepEqual(result.hits.map((h) => h.ruleId), ['test.eval']);
    assert.deepEqual(result.ruleErrors.map((e) => e.ruleId), ['test.bad-kind']);
    assert.deepEqual(engine.analyze({ ...input(''), content: undefined as unknown as string }), []);
  });

  it('has a version that is stable for a rule set and changes with it', () => {
    assert.equal(createRulesEngine({ rules: [evalRule, todoRule] }).version, createRulesEngine({ rules: [todoRule, evalRule] }).version);
    assert.notEqual(createRulesEngine({ rules: [evalRule] }).version, createRulesEngine({ rules: [evalRule, todoRule] }).version);
    const overridden = createRulesEngine({ rules: [evalRule], severityOverrides: new Map([['test.eval', 'low']]) });
    assert.notEqual(overridden.version, createRulesEngine({ rules: [evalRule] }).version);
    assert.equal(hashRules(allRules), rulesVersion);
  });
});

describe('built-in rule set', () => {
  it('has unique ids in the <language|generic>.<category>.<name> form and complete metadata', () => {
    assert.deepEqual(duplicateRuleIds(allRules), []);
    for (const rule of allRules) {
      assert.match(rule.id, /^[a-z]+\.[a-z0-9-]+\.[a-z0-9-]+$/, rule.id);
      assert.ok(rule.languages.length > 0 && rule.cwe.length > 0, rule.id);
      assert.ok(rule.explanation.what && rule.explanation.why && rule.explanation.how && rule.fix, rule.id);
      assert.ok(rule.confidence > 0 && rule.confidence <= 1, rule.id);
    }
  });

  it('covers the eight languages with at least 60 rules', () => {
    assert.ok(allRules.length >= 60, `${allRules.length} rules`);
    for (const language of ['javascript', 'typescript', 'python', 'java', 'go', 'php', 'ruby', 'csharp'] as const) {
      assert.ok(allRules.some((rule) => rule.id.startsWith(`${language}.`) || (rule.languages.includes(language) && !rule.id.startsWith('generic.'))), language);
    }
  });

  it('stays quiet on a plain file and finds a secret in a config file', () => {
    const engine = createRulesEngine({ rules: allRules });
    const plain = 'export function add(a, b) {\n  return a + b;\n}\n';
    assert.deepEqual(engine.analyze(input(plain)), []);
    const env = 'GITHUB_TOKEN=ghp_R8mZ2kQ7vX4nL1pT9wB3cY6hJ0sD5fG8aK2e\n';
    assert.deepEqual(engine.analyze(input(env, 'properties', '.env')).map((h) => h.ruleId), ['generic.secrets.github-token']);
  });
});
