import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '@xcr/contracts';
import type { FindingRecord } from '../ports/repositories.ts';
import { isCancellation, taskCancelledError, watchCancellation } from './cancel-watch.ts';
import { auditJobId } from './job-ids.ts';
import { planFindings } from './lifecycle.ts';
import { createProgressReporter, progressIn, type ProgressUpdate } from './progress-reporter.ts';
import { primaryLanguageOf } from './task-results.ts';

function finding(fingerprint: string, overrides: Partial<Finding> = {}): Finding {
  return {
    fingerprint,
    file_path: `src/${fingerprint}.py`,
    line_start: 3,
    line_end: 3,
    code_snippet: 'x',
    title: `issue ${fingerprint}`,
    description: 'd',
    severity: 'high',
    category: 'security',
    cwe: [89],
    rule_id: 'r',
    analyzer: 'rules',
    confidence: 0.9,
    explanation: { what: 'w', why: 'y', how: 'h' },
    ...overrides,
  };
}

function record(fingerprint: string, overrides: Partial<FindingRecord> = {}): FindingRecord {
  const f = finding(fingerprint);
  return {
    id: `id-${fingerprint}`,
    task_id: 'previous',
    project_id: 'p',
    fingerprint,
    file_path: f.file_path,
    line_start: 3,
    line_end: 3,
    column_start: null,
    column_end: null,
    code_snippet: 'x',
    title: f.title,
    description: 'd',
    severity: 'high',
    severity_rank: 3,
    category: 'security',
    cwe: [89],
    rule_id: 'r',
    analyzer: 'rules',
    confidence: 0.9,
    suggestion: null,
    fix_example: null,
    explanation: f.explanation,
    status: 'open',
    resolved_by: null,
    resolved_at: null,
    lifecycle: 'new',
    evidence: null,
    created_at: new Date(),
    updated_at: new Date(),
    migration_batch_id: null,
    source_key: null,
    ...overrides,
  };
}

const ids = { taskId: 'current', projectId: 'p' };

describe('finding lifecycle', () => {
  it('marks everything new on a first run', () => {
    const rows = planFindings([finding('a'), finding('b')], { previous: [], everFixed: new Set() }, ids);
    assert.deepEqual(
      rows.map((r) => [r.fingerprint, r.lifecycle, r.status, r.task_id]),
      [
        ['a', 'new', 'open', 'current'],
        ['b', 'new', 'open', 'current'],
      ],
    );
  });

  it('finds persisting, new, fixed and regressed findings, carrying triage decisions that still hold', () => {
    const previous = [
      record('kept', { status: 'false_positive' }),
      record('worked-on', { status: 'in_progress' }),
      record('reopened', { status: 'resolved' }),
      record('gone', { status: 'open' }),
      record('gone-ignored', { status: 'ignored' }),
      record('was-fixed', { lifecycle: 'fixed', status: 'resolved' }),
    ];
    const current = [
      finding('kept'),
      finding('worked-on'),
      finding('reopened'),
      finding('fresh'),
      finding('was-fixed'),
      finding('old-fix'),
      finding('fresh'),
    ];
    const rows = planFindings(current, { previous, everFixed: new Set(['old-fix']) }, ids);
    const byFingerprint = new Map(rows.map((r) => [r.fingerprint, r]));
    assert.equal(rows.length, 8, 'one row per fingerprint, plus the two fixed copies');
    assert.deepEqual(
      [byFingerprint.get('kept')?.lifecycle, byFingerprint.get('kept')?.status],
      ['persisting', 'false_positive'],
    );
    assert.deepEqual(
      [byFingerprint.get('worked-on')?.lifecycle, byFingerprint.get('worked-on')?.status],
      ['persisting', 'in_progress'],
    );
    assert.deepEqual(
      [byFingerprint.get('reopened')?.lifecycle, byFingerprint.get('reopened')?.status],
      ['persisting', 'open'],
    );
    assert.equal(byFingerprint.get('fresh')?.lifecycle, 'new');
    assert.equal(byFingerprint.get('was-fixed')?.lifecycle, 'regressed');
    assert.equal(byFingerprint.get('old-fix')?.lifecycle, 'regressed');
    assert.deepEqual(
      [
        byFingerprint.get('gone')?.lifecycle,
        byFingerprint.get('gone')?.status,
        byFingerprint.get('gone')?.task_id,
      ],
      ['fixed', 'resolved', 'current'],
    );
    assert.deepEqual(
      [byFingerprint.get('gone-ignored')?.lifecycle, byFingerprint.get('gone-ignored')?.status],
      ['fixed', 'ignored'],
    );
  });

  it('plans the same rows for the same inputs (a retried job inserts nothing new)', () => {
    const history = { previous: [record('a'), record('b')], everFixed: new Set<string>() };
    const current = [finding('b'), finding('c')];
    assert.deepEqual(planFindings(current, history, ids), planFindings(current, history, ids));
  });

  it('keeps structured evidence from other analyzers', () => {
    const evidence = [{ analyzer: 'openai:gpt', title: 't', description: 'd' }];
    const [row] = planFindings(
      [{ ...finding('e'), evidence } as Finding],
      { previous: [], everFixed: new Set() },
      ids,
    );
    assert.deepEqual(row?.evidence, { analyzers: evidence });
  });
});

describe('progress reporter', () => {
  it('maps work onto a band and never goes back', () => {
    assert.equal(progressIn([5, 90], 0, 10), 5);
    assert.equal(progressIn([5, 90], 5, 10), 47);
    assert.equal(progressIn([5, 90], 10, 10), 90);
    assert.equal(progressIn([5, 90], 12, 10), 90);
    assert.equal(progressIn([5, 90], 0, 0), 5);
  });

  it('writes at most once per interval, at once on a new step, always the latest figures, in order', async () => {
    let clock = 0;
    const writes: ProgressUpdate[] = [];
    const reporter = createProgressReporter({
      intervalMs: 500,
      now: () => clock,
      write: async (u) => void writes.push(u),
    });
    reporter.report({ progress: 10, step: 'files' });
    await reporter.flush();
    for (let i = 11; i <= 20; i += 1) reporter.report({ progress: i, step: 'files' });
    await Promise.resolve();
    assert.deepEqual(
      writes.map((w) => w.progress),
      [10],
      'throttled within the interval',
    );
    clock = 600;
    reporter.report({ progress: 21, step: 'files' });
    reporter.report({ progress: 15, step: 'files' });
    await reporter.flush();
    assert.deepEqual(
      writes.map((w) => w.progress),
      [10, 21],
      'the latest highest figure, never the same one twice',
    );
    reporter.report({ progress: 22, step: 'storing' });
    await reporter.flush();
    assert.deepEqual(writes.at(-1), { progress: 22, step: 'storing' });
    assert.equal(reporter.progress, 22);
  });

  it('survives a failing write', async () => {
    const errors: unknown[] = [];
    const reporter = createProgressReporter({
      intervalMs: 0,
      now: () => 0,
      write: async () => Promise.reject(new Error('db down')),
      onError: (e) => errors.push(e),
    });
    reporter.report({ progress: 50, step: 'x' });
    await reporter.flush();
    assert.equal(errors.length, 1);
  });
});

describe('cancel watch', () => {
  it('aborts when the task asks to stop', async () => {
    let isRequested = false;
    const watch = watchCancellation({ isCancelRequested: async () => isRequested, intervalMs: 5 });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(watch.signal.aborted, false);
    isRequested = true;
    await new Promise((r) => setTimeout(r, 30));
    watch.stop();
    assert.equal(watch.signal.aborted, true);
    assert.equal(isCancellation(watch.signal.reason), true);
  });

  it("follows the job's signal and keeps its reason", async () => {
    const job = new AbortController();
    const watch = watchCancellation({
      isCancelRequested: async () => false,
      intervalMs: 1000,
      jobSignal: job.signal,
    });
    const reason = new Error('worker stopping');
    job.abort(reason);
    assert.equal(watch.signal.reason, reason);
    assert.equal(await watch.checkNow(), false, 'a stopping worker is not a cancellation');
    watch.stop();
    assert.equal(isCancellation(taskCancelledError()), true);
  });
});

describe('audit job ids and results', () => {
  it('gives each run of a task its own job id', () => {
    assert.equal(auditJobId({ id: 't1', retry_count: 0 }), 't1');
    assert.equal(auditJobId({ id: 't1', retry_count: 2 }), 't1.retry-2');
  });

  it('picks the primary language by files, ties alphabetically', () => {
    assert.equal(primaryLanguageOf({ python: 3, java: 5 }), 'java');
    assert.equal(primaryLanguageOf({ python: 2, go: 2 }), 'go');
    assert.equal(primaryLanguageOf({}), null);
  });
});
