import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTolerantJson, type JsonRepairStage } from './json-repair.ts';
import { fallbackMetricValue, fallbackQualityScore, parseAuditAnswer, toPositiveInt } from './parse-answer.ts';

const good = '{"issues":[{"type":"security","severity":"high","title":"SQL injection","description":"d","suggestion":"s","line":3,"code_snippet":"q"}],"quality_score":70,"metrics":{"complexity":80,"maintainability":80,"security":50,"performance":90}}';

// Answers seen from real models, and the stage that must read them.
const cases: { name: string; answer: string; stage: JsonRepairStage; title?: string }[] = [
  { name: 'clean JSON', answer: good, stage: 'raw', title: 'SQL injection' },
  { name: 'BOM and zero-width characters', answer: `\uFEFF${good.replace('SQL', 'SQL\u200B')}`, stage: 'repaired', title: 'SQL injection' },
  { name: 'trailing commas', answer: '{"issues":[{"title":"A","description":"d",},],"quality_score":80,}', stage: 'repaired', title: 'A' },
  { name: 'raw line breaks and tabs inside strings', answer: '{"issues":[{"title":"A","description":"first\n\tsecond"}]}', stage: 'repaired', title: 'A' },
  { name: 'invalid escapes (Windows paths, regexes)', answer: '{"issues":[{"title":"Path C:\\Users\\x","description":"regex \\d+"}]}', stage: 'repaired', title: 'Path C:\\Users\\x' },
  { name: 'missing commas between objects and properties', answer: '{"issues":[{"title":"A","description":"a"}{"title":"B","description":"b"}]\n"quality_score":60}', stage: 'repaired', title: 'A' },
  { name: 'unescaped inner quotes', answer: '{"issues":[{"title":"Use "const" here","description":"d"}]}', stage: 'repaired', title: 'Use "const" here' },
  { name: 'Python literals and single quotes', answer: "{'issues': [{'title': 'A', 'description': \"it's bad\", 'cwe': None, 'line': 4}], 'quality_score': 75}", stage: 'repaired', title: 'A' },
  { name: 'curly quotes as delimiters', answer: '{\u201Cissues\u201D: [{\u201Ctitle\u201D: \u201CA\u201D, \u201Cdescription\u201D: \u201Cd\u201D}]}', stage: 'repaired', title: 'A' },
  { name: 'prose around the object', answer: `Sure! Here is the audit result:\n${good}\nLet me know if you need more.`, stage: 'extracted', title: 'SQL injection' },
  { name: 'reasoning before the answer', answer: `<think>The user wants {json}. Let me check line 3...</think>\n${good}`, stage: 'repaired', title: 'SQL injection' },
  { name: 'fenced block with a stray brace before it', answer: 'Use `{` carefully.\n```json\n' + good + '\n```', stage: 'fenced', title: 'SQL injection' },
  { name: 'answer cut off inside a string', answer: '{"issues":[{"title":"A","description":"a"},{"title":"B","line":7,"description":"the query is built from req.query.na', stage: 'closed', title: 'A' },
  { name: 'answer cut off after a key', answer: '{"issues":[{"title":"A","description":"a","line":3},{"title":"B","sever', stage: 'closed', title: 'A' },
];

describe('parseTolerantJson', () => {
  for (const c of cases) {
    it(`reads ${c.name} at stage ${c.stage}`, () => {
      const parsed = parseTolerantJson(c.answer);
      assert.ok(parsed, 'expected a value');
      assert.equal(parsed.stage, c.stage);
      const result = parseAuditAnswer(c.answer);
      assert.ok(result.isOk);
      assert.equal(result.answer.issues[0]?.title, c.title);
    });
  }

  it('keeps the complete issues of a truncated answer and the text of the cut one', () => {
    const result = parseAuditAnswer(cases[12]?.answer ?? '');
    assert.ok(result.isOk);
    assert.deepEqual(result.answer.issues.map((i) => i.title), ['A', 'B']);
    assert.match(result.answer.issues[1]?.description ?? '', /req\.query\.na$/);
  });

  it('drops the cut last issue of a truncated answer when it has no line and no snippet', () => {
    const result = parseAuditAnswer('{"issues":[{"title":"A","line":3},{"title":"B","descr');
    assert.ok(result.isOk);
    assert.deepEqual(result.answer.issues.map((i) => i.title), ['A']);
    assert.equal(result.answer.droppedIssues, 1);
  });

  it('gives up on text with no JSON in it', () => {
    assert.equal(parseTolerantJson('I cannot review this file.'), undefined);
    assert.deepEqual(parseAuditAnswer('I cannot review this file.'), { isOk: false, reason: 'no_json' });
    assert.deepEqual(parseAuditAnswer(''), { isOk: false, reason: 'no_json' });
  });
});

describe('parseAuditAnswer', () => {
  it('rejects JSON that is not an audit answer', () => {
    assert.deepEqual(parseAuditAnswer('{"answer":"looks fine"}'), { isOk: false, reason: 'not_an_audit_answer' });
    assert.deepEqual(parseAuditAnswer('"just a string"'), { isOk: false, reason: 'not_an_audit_answer' });
    assert.deepEqual(parseAuditAnswer('{"issues":"none"}'), { isOk: false, reason: 'not_an_audit_answer' });
  });

  it('accepts an issue array alone, a score-only answer and renamed issue lists', () => {
    const arrayOnly = parseAuditAnswer('[{"title":"A","description":"d"}]');
    assert.ok(arrayOnly.isOk && arrayOnly.answer.issues.length === 1);
    const scoreOnly = parseAuditAnswer('{"quality_score":95}');
    assert.ok(scoreOnly.isOk && scoreOnly.answer.issues.length === 0 && scoreOnly.answer.qualityScore === 95);
    const renamed = parseAuditAnswer('{"findings":[{"title":"A","message":"m","recommendation":"r","line_number":"12"}]}');
    assert.ok(renamed.isOk);
    assert.deepEqual([renamed.answer.issues[0]?.description, renamed.answer.issues[0]?.suggestion, renamed.answer.issues[0]?.line], ['m', 'r', 12]);
  });

  it('maps severity and type words, in English and Chinese, with the original defaults', () => {
    const answer = JSON.stringify({
      issues: [
        { title: 'a', severity: 'CRITICAL', type: 'Security' },
        { title: 'b', severity: '高', type: '性能' },
        { title: 'c', severity: 'warning', type: 'code smell' },
        { title: 'd', severity: 'whatever', type: 'whatever' },
        { title: 'e', severity: 'info', type: 'best-practice' },
      ],
    });
    const result = parseAuditAnswer(answer);
    assert.ok(result.isOk);
    assert.deepEqual(result.answer.issues.map((i) => `${i.severity}/${i.category}`), ['critical/security', 'high/performance', 'medium/maintainability', 'low/maintainability', 'info/maintainability']);
  });

  it('coerces text fields, drops unusable lines and columns, and reads CWE spellings', () => {
    const answer = JSON.stringify({
      issues: [
        { title: 42, description: ['one', 'two'], suggestion: { use: 'params' }, line: 0, column: -3, cwe: 'CWE-89' },
        { title: 't', line: '17', column: 'col 5', line_end: 19, cwe: [79, '79', 'x'] },
        { title: 't', line: 'unknown', xai: 'plain text' },
        { description: 'no title, so the first sentence. More text.' },
        { line: 3 },
        'not an object',
      ],
    });
    const result = parseAuditAnswer(answer);
    assert.ok(result.isOk);
    const [a, b, c, d] = result.answer.issues;
    assert.deepEqual([a?.title, a?.description, a?.suggestion, a?.line, a?.column, a?.cwe], ['42', 'one\ntwo', '{"use":"params"}', undefined, undefined, [89]]);
    assert.deepEqual([b?.line, b?.column, b?.lineEnd, b?.cwe], [17, 5, 19, [79]]);
    assert.deepEqual([c?.line, c?.xai.what], [undefined, 'plain text']);
    assert.equal(d?.title, 'no title, so the first sentence.');
    assert.equal(result.answer.droppedIssues, 2);
  });

  it('builds the What/Why/How explanation from xai, falling back to the other fields', () => {
    const result = parseAuditAnswer(JSON.stringify({ issues: [
      { title: 't', description: 'desc', suggestion: 'fix', xai: { what: 'w', why: 'y', how: 'h', learn_more: 'https://cwe.mitre.org' } },
      { title: 't', description: 'desc', suggestion: 'fix', ai_explanation: 'because' },
    ] }));
    assert.ok(result.isOk);
    assert.deepEqual(result.answer.issues[0]?.xai, { what: 'w', why: 'y', how: 'h', learn_more: 'https://cwe.mitre.org' });
    assert.deepEqual(result.answer.issues[1]?.xai, { what: 'desc', why: 'because', how: 'fix' });
  });

  it('uses the model score and metrics when given, clamped, and the original fallbacks otherwise', () => {
    const given = parseAuditAnswer('{"issues":[],"quality_score":"120","metrics":{"complexity":-5,"maintainability":"70","security":55.4}}');
    assert.ok(given.isOk);
    assert.equal(given.answer.qualityScore, 100);
    assert.equal(given.answer.isQualityEstimated, false);
    assert.deepEqual(given.answer.metrics, { complexity: 0, maintainability: 70, security: 55, performance: 90 });

    const issues = [{ title: 'a', severity: 'critical' }, { title: 'b', severity: 'high' }, { title: 'c', severity: 'low' }];
    const fallback = parseAuditAnswer(JSON.stringify({ issues }));
    assert.ok(fallback.isOk);
    assert.equal(fallbackMetricValue(3), 84);
    assert.deepEqual(fallback.answer.metrics, { complexity: 84, maintainability: 84, security: 84, performance: 84 });
    // ((100 − (30 + 20 + 5)) + 84) / 2 = 64.5 → 65
    assert.equal(fallback.answer.qualityScore, 65);
    assert.equal(fallback.answer.isQualityEstimated, true);
    assert.equal(fallbackMetricValue(40), 30);
    assert.equal(fallbackQualityScore(Array.from({ length: 10 }, () => ({ severity: 'critical' as const })), { complexity: 0, maintainability: 0, security: 0, performance: 0 }), 0);
  });
});

describe('toPositiveInt', () => {
  it('reads numbers and numeric text, and rejects the rest', () => {
    assert.deepEqual([25, 25.7, '25', 'L25', '25-27', 0, -1, 'x', null, Number.NaN].map(toPositiveInt), [25, 25, 25, 25, 25, undefined, undefined, undefined, undefined, undefined]);
  });
});
