import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingRecord, ProjectRecord, TaskRecord } from '../ports/repositories.ts';
import { splitCjkRuns } from './pdf.ts';
import { buildReportDocument, renderReportJson, reportQualityScore } from './report-document.ts';
import { groupFindings } from './report-model.ts';

const at = new Date('2025-03-01T10:00:00.000Z');

function project(): ProjectRecord {
  return {
    id: 'p1',
    owner_id: 'u1',
    name: 'demo',
    description: null,
    source: 'git',
    repository_url: 'https://example.test/r.git',
    branch: 'main',
    git_token_encrypted: null,
    upload_object_key: null,
    languages: { typescript: 2 },
    total_files: 2,
    total_lines: 10,
    primary_language: 'typescript',
    last_scanned_at: at,
    settings: {},
    status: 'active',
    deleted_at: null,
    migration_batch_id: null,
    source_key: null,
    created_at: at,
    updated_at: at,
  };
}

function task(patch: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id: 't1',
    project_id: 'p1',
    created_by: 'u1',
    name: 'scan',
    description: null,
    kind: 'repository',
    status: 'completed',
    priority: 'normal',
    progress: 100,
    current_step: 'Completed',
    scan_config: {},
    branch: 'main',
    commit_sha: 'c0ffee',
    total_issues: 3,
    critical_issues: 1,
    high_issues: 0,
    medium_issues: 1,
    low_issues: 1,
    info_issues: 0,
    files_total: 2,
    files_scanned: 2,
    lines_scanned: 10,
    quality_score: null,
    metrics: null,
    tokens_in: 0,
    tokens_out: 0,
    cost_usd: 0,
    error_message: null,
    retry_count: 0,
    cancel_requested_at: null,
    skipped: [{ path: 'x.png', reason: 'binary_extension' }, { bogus: true }],
    llm_record: null,
    created_at: at,
    updated_at: at,
    started_at: at,
    completed_at: new Date(at.getTime() + 65_000),
    migration_batch_id: null,
    source_key: null,
    ...patch,
  };
}

function finding(i: number, patch: Partial<FindingRecord>): FindingRecord {
  return {
    id: `f${i}`,
    task_id: 't1',
    project_id: 'p1',
    fingerprint: `fp${i}`,
    file_path: 'src/a.ts',
    line_start: i,
    line_end: null,
    column_start: null,
    column_end: null,
    code_snippet: 'code()',
    title: `title ${i}`,
    description: `desc ${i}`,
    severity: 'low',
    severity_rank: 1,
    category: 'bug',
    cwe: [],
    rule_id: null,
    analyzer: 'rules',
    confidence: 0.5,
    suggestion: 'fix it',
    fix_example: 'fixed()',
    explanation: null,
    status: 'open',
    resolved_by: null,
    resolved_at: null,
    lifecycle: 'new',
    evidence: null,
    created_at: at,
    updated_at: at,
    migration_batch_id: null,
    source_key: null,
    ...patch,
  };
}

const options = { include_code_snippets: true, include_suggestions: true, group_by: 'severity' as const };
const tool = { name: 'XCodeReviewer', version: '1.2.3', rules_version: 'r9' };

describe('report document', () => {
  const findings = [
    finding(1, { severity: 'low', file_path: 'src/b.ts' }),
    finding(2, { severity: 'critical', file_path: 'src/b.ts', category: 'security' }),
    finding(3, { severity: 'medium', file_path: 'src/a.ts' }),
    finding(4, { severity: 'high', lifecycle: 'fixed', status: 'resolved' }),
  ];

  it('orders findings most severe first, leaves fixed ones out and counts what is left', () => {
    const doc = buildReportDocument(
      { task: task(), project: project(), findings, tool, promptVersion: 'audit-v1', generatedAt: at },
      options,
    );
    assert.deepEqual(
      doc.findings.map((f) => f.id),
      ['f2', 'f3', 'f1'],
    );
    assert.deepEqual(doc.scan.summary, { critical: 1, high: 0, medium: 1, low: 1, info: 0, total: 3 });
    assert.equal(doc.scan.quality_score, 100 - 10 - 2 - 1);
    assert.equal(doc.scan.skipped.length, 1);
    assert.equal(doc.task.duration_s, 65);
    assert.deepEqual(doc.statistics.category_distribution, { security: 1, bug: 2 });
    assert.equal(doc.statistics.files_affected, 2);
    assert.equal(doc.metadata.provider, null);
    assert.equal(doc.metadata.prompt_version, null);
    assert.equal(doc.metadata.commit, 'c0ffee');
    // The explanation falls back to the description and the suggestion when none was stored.
    assert.deepEqual(doc.scan.findings[0]?.explanation, { what: 'desc 2', why: '', how: 'fix it' });
  });

  it('drops snippets and suggestions on request, and names the model that reviewed', () => {
    const doc = buildReportDocument(
      {
        task: task({
          llm_record: { status: 'ran', provider: 'deepseek', model: 'deepseek-chat' },
          quality_score: 77,
        }),
        project: project(),
        findings,
        tool,
        promptVersion: 'audit-v1',
        generatedAt: at,
      },
      { include_code_snippets: false, include_suggestions: false, group_by: 'file' },
    );
    assert.ok(
      doc.scan.findings.every(
        (f) => f.code_snippet === '' && f.suggestion === undefined && f.fix_example === undefined,
      ),
    );
    assert.equal(doc.scan.quality_score, 77);
    assert.deepEqual(
      [doc.metadata.provider, doc.metadata.model, doc.metadata.prompt_version],
      ['deepseek', 'deepseek-chat', 'audit-v1'],
    );
    assert.deepEqual(
      doc.groups.map((g) => g.key),
      ['src/b.ts', 'src/a.ts'],
    );
    const json = JSON.parse(renderReportJson(doc));
    assert.equal(json.report_version, '2.0');
    assert.equal(json.findings[0].status, 'open');
  });

  it('groups by category in a fixed order', () => {
    const doc = buildReportDocument(
      { task: task(), project: project(), findings, tool, promptVersion: 'v', generatedAt: at },
      options,
    );
    assert.deepEqual(
      groupFindings(doc.scan.findings, 'category').map((g) => [g.label, g.findings.length]),
      [
        ['Security', 1],
        ['Bug', 2],
      ],
    );
  });

  it('scores with the fallback weights only when the task has no score', () => {
    assert.equal(reportQualityScore(null, { critical: 20, high: 0, medium: 0, low: 0, info: 0 }), 0);
    assert.equal(reportQualityScore(null, { critical: 0, high: 1, medium: 0, low: 0, info: 1 }), 95);
    assert.equal(reportQualityScore(88, { critical: 5, high: 0, medium: 0, low: 0, info: 0 }), 88);
  });
});

describe('splitCjkRuns', () => {
  it('splits text into CJK and other runs, in order', () => {
    assert.deepEqual(splitCjkRuns('SQL 注入：user 输入'), [
      { text: 'SQL ', isCjk: false },
      { text: '注入：', isCjk: true },
      { text: 'user ', isCjk: false },
      { text: '输入', isCjk: true },
    ]);
    assert.deepEqual(splitCjkRuns('plain'), [{ text: 'plain', isCjk: false }]);
    assert.deepEqual(splitCjkRuns('한국어 かな'), [
      { text: '한국어', isCjk: true },
      { text: ' ', isCjk: false },
      { text: 'かな', isCjk: true },
    ]);
  });
});
