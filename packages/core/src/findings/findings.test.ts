import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '@xcr/contracts';
import { Finding as FindingSchema } from '@xcr/contracts';
import type { RuleHit, RuleMeta } from '../rules/types.ts';
import { computeFingerprint, normaliseFlaggedText } from './fingerprint.ts';
import { extractSnippet, splitLines } from './snippet.ts';
import { hitToFinding, hitsToFindings } from './hit-to-finding.ts';
import { compareFindings, dedupeFindings } from './dedupe.ts';

function rule(overrides: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id: 'javascript.sqli.concat-query',
    title: 'SQL built by string concatenation',
    languages: ['javascript'],
    cwe: [89],
    severity: 'high',
    category: 'security',
    message: 'User input reaches a SQL query.',
    explanation: { what: 'SQL injection', why: 'Attackers read the database', how: 'Use bound parameters' },
    fix: 'Use a parameterised query.',
    fixExample: "db.query('SELECT * FROM t WHERE id = ?', [id])",
    confidence: 0.8,
    ...overrides,
  };
}

function file(path: string, content: string) {
  return { path, content, lines: splitLines(content) };
}

const source = ['const a = 1;', 'function f(id) {', '  db.query("SELECT * FROM t WHERE id = " + id);', '}', 'f(1);', 'f(2);', 'f(3);'].join('\n');

describe('splitLines', () => {
  it('handles CRLF, CR and a final newline', () => {
    assert.deepEqual(splitLines('a\r\nb\rc\n'), ['a', 'b', 'c']);
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('\n'), ['']);
  });
});

describe('extractSnippet', () => {
  it('shows two lines of context either side, clamped to the file', () => {
    const lines = splitLines(source);
    assert.equal(extractSnippet(lines, 3, 3), lines.slice(0, 5).join('\n'));
    assert.equal(extractSnippet(lines, 1, 1), lines.slice(0, 3).join('\n'));
    assert.equal(extractSnippet(lines, 99, 99), lines.slice(4, 7).join('\n'));
  });

  it('caps long lines, long ranges and the total size', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i + 1} ${'x'.repeat(500)}`);
    const snippet = extractSnippet(lines, 10, 80);
    assert.ok(snippet.length <= 2_001);
    assert.ok(snippet.split('\n').every((l) => l.length <= 241 + 1));
    const short = extractSnippet(lines.map((_, i) => `line ${i + 1}`), 10, 80);
    assert.match(short, /^line 8\n[^]*line 21\n… \(59 more lines\)$/);
  });
});

describe('fingerprint', () => {
  it('ignores whitespace and depends on rule, path, text and occurrence', () => {
    const base = { ruleId: 'r', filePath: 'a.js', flaggedText: 'x  =\t y', occurrence: 0 };
    assert.equal(normaliseFlaggedText('  x  =\n\t y '), 'x = y');
    assert.equal(computeFingerprint(base), computeFingerprint({ ...base, flaggedText: 'x = y' }));
    assert.notEqual(computeFingerprint(base), computeFingerprint({ ...base, ruleId: 'q' }));
    assert.notEqual(computeFingerprint(base), computeFingerprint({ ...base, filePath: 'b.js' }));
    assert.notEqual(computeFingerprint(base), computeFingerprint({ ...base, occurrence: 1 }));
    assert.match(computeFingerprint(base), /^[0-9a-f]{32}$/);
  });
});

describe('hitToFinding', () => {
  it('builds a valid finding from the rule metadata and the hit', () => {
    const hit: RuleHit = { ruleId: 'javascript.sqli.concat-query', lineStart: 3, lineEnd: 3, columnStart: 3, columnEnd: 45 };
    const finding = hitToFinding(hit, rule(), file('src/db.js', source));
    FindingSchema.parse(finding);
    assert.equal(finding.file_path, 'src/db.js');
    assert.equal(finding.line_start, 3);
    assert.equal(finding.column_start, 3);
    assert.equal(finding.column_end, 45);
    assert.equal(finding.severity, 'high');
    assert.deepEqual(finding.cwe, [89]);
    assert.equal(finding.analyzer, 'rules');
    assert.equal(finding.suggestion, 'Use a parameterised query.');
    assert.match(finding.code_snippet, /db\.query/);
    assert.match(finding.code_snippet, /^const a = 1;/);
  });

  it('uses the hit message when given and the effective severity of the rule passed', () => {
    const hit: RuleHit = { ruleId: 'x', lineStart: 3, lineEnd: 3, message: 'id from req.query reaches db.query' };
    const finding = hitToFinding(hit, rule({ severity: 'low' }), file('a.js', source));
    assert.equal(finding.description, 'id from req.query reaches db.query');
    assert.equal(finding.severity, 'low');
  });

  it('keeps its fingerprint when lines move, and redacts the snippet', () => {
    const hit: RuleHit = { ruleId: 'x', lineStart: 3, lineEnd: 3 };
    const moved = `// a new header\n\n${source}`;
    const before = hitToFinding(hit, rule(), file('a.js', source));
    const after = hitToFinding({ ...hit, lineStart: 5, lineEnd: 5 }, rule(), file('a.js', moved));
    assert.equal(before.fingerprint, after.fingerprint);
    const redacted = hitToFinding(hit, rule(), file('a.js', source), { redact: (t) => t.replace(/SELECT/g, '****') });
    assert.doesNotMatch(redacted.code_snippet, /SELECT/);
  });

  it('numbers identical flagged lines so each gets its own fingerprint, and drops unknown rules', () => {
    const content = 'eval(x);\nfoo();\neval(x);\n';
    const hits: RuleHit[] = [
      { ruleId: 'js.eval', lineStart: 3, lineEnd: 3 },
      { ruleId: 'js.eval', lineStart: 1, lineEnd: 1 },
      { ruleId: 'disabled', lineStart: 2, lineEnd: 2 },
    ];
    const lookup = (id: string) => (id === 'js.eval' ? rule({ id }) : undefined);
    const findings = hitsToFindings(hits, lookup, file('a.js', content));
    assert.equal(findings.length, 2);
    assert.equal(findings[0]?.line_start, 1);
    assert.notEqual(findings[0]?.fingerprint, findings[1]?.fingerprint);
    // Inserting a line above moves both; fingerprints stay the same.
    const again = hitsToFindings(hits.map((h) => ({ ...h, lineStart: h.lineStart + 1, lineEnd: h.lineEnd + 1 })), lookup, file('a.js', `\n${content}`));
    assert.deepEqual(again.map((f) => f.fingerprint), findings.map((f) => f.fingerprint));
  });
});

function finding(overrides: Partial<Finding>): Finding {
  return {
    ...hitToFinding({ ruleId: 'x', lineStart: 3, lineEnd: 3 }, rule(), file('a.js', source)),
    ...overrides,
  };
}

describe('dedupeFindings', () => {
  it('merges two rules reporting the same CWE at the same place, keeping the higher severity', () => {
    const a = finding({ rule_id: 'a', severity: 'medium', cwe: [89], confidence: 0.9 });
    const b = finding({ rule_id: 'b', severity: 'critical', cwe: [89, 564], confidence: 0.6, title: 'Tainted SQL' });
    const out = dedupeFindings([a, b]);
    assert.equal(out.length, 1);
    assert.equal(out[0]?.rule_id, 'b');
    assert.equal(out[0]?.severity, 'critical');
    assert.deepEqual(out[0]?.cwe, [89, 564]);
    assert.equal(out[0]?.confidence, 0.9);
    assert.deepEqual(out[0]?.evidence?.map((e) => [e.analyzer, e.rule_id]), [['rules', 'a']]);
  });

  it('keeps findings with different CWEs or different lines', () => {
    const a = finding({ rule_id: 'a', cwe: [89] });
    const b = finding({ rule_id: 'b', cwe: [79] });
    const c = finding({ rule_id: 'c', cwe: [89], line_start: 4, line_end: 4 });
    assert.equal(dedupeFindings([a, b, c]).length, 3);
  });

  it('collapses exact repeats of one rule without a note', () => {
    const a = finding({ rule_id: 'a', cwe: [] });
    const out = dedupeFindings([a, { ...a }]);
    assert.equal(out.length, 1);
    assert.doesNotMatch(out[0]?.description ?? '', /Also reported/);
  });
});

describe('compareFindings', () => {
  it('orders by severity, then path, then line', () => {
    const list = [
      finding({ severity: 'low', file_path: 'a.js', line_start: 1 }),
      finding({ severity: 'high', file_path: 'b.js', line_start: 9 }),
      finding({ severity: 'high', file_path: 'b.js', line_start: 2 }),
      finding({ severity: 'high', file_path: 'a.js', line_start: 5 }),
    ];
    const order = [...list].sort(compareFindings).map((f) => `${f.severity}:${f.file_path}:${f.line_start}`);
    assert.deepEqual(order, ['high:a.js:5', 'high:b.js:2', 'high:b.js:9', 'low:a.js:1']);
  });
});
