import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log } from 'sarif';
import type { RuleMeta } from '../rules/types.ts';
import { artifactUri, buildSarif, renderSarif } from './sarif.ts';
import { sampleScanResult } from './sample-scan-result.ts';

// The official SARIF 2.1.0 schema (JSON Schema draft-04), as shipped by an npm package: never copied by hand.
// One of its patterns (language tags) is not valid with the `u` flag, hence unicodeRegExp: false.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;

// Both packages are CommonJS with a `default` export property; under NodeNext the import is the module object.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

function validator() {
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const sqlRule: RuleMeta = {
  id: 'typescript.sqli.template-query',
  title: 'SQL query from a template string',
  languages: ['typescript'],
  cwe: [89],
  severity: 'critical',
  category: 'security',
  message: 'A template string with interpolated values is passed to a SQL query.',
  explanation: { what: 'SQL injection', why: 'Attackers run their own SQL.', how: 'Bind parameters.' },
  fix: 'Use placeholders.',
  confidence: 0.9,
  tags: ['owasp-a03'],
};

describe('renderSarif', () => {
  it('produces a log that the official SARIF 2.1.0 schema accepts', () => {
    const validate = validator();
    const log = JSON.parse(renderSarif(sampleScanResult(), { ruleById: (id) => (id === sqlRule.id ? sqlRule : undefined) }));
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
  });

  it('the schema check can fail', () => {
    const validate = validator();
    const log = buildSarif(sampleScanResult()) as unknown as { runs: { results: { level: string }[] }[] };
    const first = log.runs[0]?.results[0];
    assert.ok(first);
    first.level = 'fatal';
    assert.equal(validate(log), false);
  });

  it('describes rules the way GitHub code scanning reads them', () => {
    const log: Log = buildSarif(sampleScanResult(), { ruleById: (id) => (id === sqlRule.id ? sqlRule : undefined) });
    const run = log.runs[0];
    assert.ok(run);
    const driver = run.tool.driver;
    assert.equal(driver.name, 'XCodeReviewer');
    assert.equal(driver.semanticVersion, '0.1.0');
    const rules = driver.rules ?? [];
    assert.equal(rules.length, 3);
    const sql = rules[0];
    assert.equal(sql?.id, sqlRule.id);
    assert.equal(sql?.fullDescription?.text, sqlRule.message);
    assert.equal(sql?.defaultConfiguration?.level, 'error');
    assert.deepEqual(sql?.properties?.tags, ['security', 'owasp-a03', 'external/cwe/cwe-89']);
    assert.equal(sql?.properties?.['security-severity'], '9.5');
    assert.equal(sql?.properties?.precision, 'very-high');
    assert.match(sql?.help?.markdown ?? '', /\*\*How:\*\* Bind parameters\./);
    // An LLM finding without a rule id gets a rule derived from it.
    const llm = rules[1];
    assert.match(llm?.id ?? '', /^llm\.security\.unsafe-script-alert-title-script-innerhtml$/);
    assert.ok(llm?.properties?.tags?.includes('external/cwe/cwe-79'));
    assert.equal(llm?.properties?.['security-severity'], '7.5');
    assert.equal(llm?.helpUri, 'https://cwe.mitre.org/data/definitions/79.html');
    // Not a security rule: no security tag, no security-severity.
    const perf = rules[2];
    assert.equal(perf?.properties?.tags?.includes('security'), false);
    assert.equal(perf?.properties?.['security-severity'], undefined);
    assert.equal(perf?.defaultConfiguration?.level, 'note');
  });

  it('places results with relative URIs, inclusive-to-exclusive columns and our fingerprints', () => {
    const run = buildSarif(sampleScanResult()).runs[0];
    const [sql, xss, perf] = run?.results ?? [];
    assert.equal(sql?.ruleIndex, 0);
    assert.equal(xss?.ruleIndex, 1);
    assert.equal(perf?.ruleIndex, 2);
    const location = sql?.locations?.[0]?.physicalLocation;
    assert.deepEqual(location?.artifactLocation, { uri: 'src/db/query.ts', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(location?.region, { startLine: 12, endLine: 12, startColumn: 5, endColumn: 49 });
    assert.deepEqual(sql?.partialFingerprints, { primaryLocationLineHash: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    assert.equal(xss?.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'src/%E7%94%A8%E6%88%B7/%E7%99%BB%E5%BD%95%20%E9%A1%B5%E9%9D%A2.ts');
    assert.deepEqual(xss?.locations?.[0]?.physicalLocation?.region, { startLine: 3, endLine: 4 });
    assert.equal(sql?.level, 'error');
    assert.equal(perf?.level, 'note');
  });

  it('turns paths into relative, forward-slash URI references', () => {
    assert.equal(artifactUri('./a\\b c/d#.ts'), 'a/b%20c/d%23.ts');
  });
});
