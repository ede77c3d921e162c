import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { migrationFixtures } from './fixtures/index.ts';
import { planImport, sourceHashOf } from './plan.ts';
import { importRowId } from './row-ids.ts';

const owner = '11111111-1111-4111-8111-111111111111';

function fixture(index: number): Record<string, unknown> {
  return JSON.parse(readFileSync(migrationFixtures[index]!.path, 'utf8')) as Record<string, unknown>;
}

describe('import planning', () => {
  for (const f of migrationFixtures) {
    it(`reads the ${f.name}: format, importable counts, quarantine reasons with paths`, () => {
      const { report, items } = planImport(JSON.parse(readFileSync(f.path, 'utf8')), { ownerId: owner });
      assert.equal(report.format, f.format);
      assert.deepEqual(
        { projects: report.importable.projects, tasks: report.importable.tasks, issues: report.importable.issues, instant_analyses: report.importable.instant_analyses },
        { projects: f.expected.projects, tasks: f.expected.tasks, issues: f.expected.issues, instant_analyses: f.expected.instant_analyses },
      );
      assert.deepEqual(report.quarantined_by_reason, f.expected.quarantined);
      assert.ok(report.errors.some((e) => e.path === f.expected.orphan.path && e.code === f.expected.orphan.reason));
      assert.equal(report.is_valid, false);
      // Parents come before children.
      const order = items.map((i) => i.type).filter((t) => t !== 'quarantine');
      assert.deepEqual(order, [...order].sort((a, b) => ['project', 'task', 'issue', 'comment', 'instant_analysis'].indexOf(a) - ['project', 'task', 'issue', 'comment', 'instant_analysis'].indexOf(b)));
    });
  }

  it('finds the IndexedDB stores at the top level, under `stores` or under `xcodereviewer_local`', () => {
    const stores = fixture(2);
    for (const data of [stores, { stores }, { database: 'xcodereviewer_local', version: 1, xcodereviewer_local: stores }]) {
      const { report } = planImport(data, { ownerId: owner });
      assert.equal(report.format, 'v1-indexeddb');
      assert.equal(report.importable.issues, 3);
    }
    assert.equal(planImport({ stores }, { ownerId: owner }).report.errors.find((e) => e.code === 'issue_task_missing')?.path, 'stores.audit_issues[4]');
  });

  it('refuses what is not an export, naming the problem', () => {
    for (const [data, code] of [
      [[], 'unknown_format'],
      [{ hello: 'world' }, 'unknown_format'],
      [{ schema_version: '2.0.0', data: {} }, 'unknown_format'],
      [{ format: 'xcodereviewer', version: 2 }, 'unsupported_version'],
      [{ version: '1.0', exported_at: 'x', projects: [], tasks: {} }, 'invalid_format'],
    ] as const) {
      assert.throws(() => planImport(data, { ownerId: owner }), (e: { code?: string; status?: number }) => e.code === code && e.status === 422, JSON.stringify(data));
    }
  });

  it('quarantines invalid records with the zod path and keeps the first of duplicated ids', () => {
    const data = {
      version: '1.0',
      exported_at: '2025-01-01T00:00:00Z',
      projects: [{ id: 'p1', name: 'one' }, { name: 'no id' }, { id: 'p2', name: '   ' }, { id: 'p1', name: 'again' }],
      tasks: [{ id: 't1', project_id: 'p1' }, { id: 't2', project_id: 'p2' }],
      issues: [{ id: 'i1', task_id: 't1', title: 42 }, { id: 'i2', task_id: 't1', title: 'ok', severity: 'weird', line_number: -3 }],
    };
    const { report, items } = planImport(data, { ownerId: owner });
    assert.deepEqual(
      report.errors.map((e) => [e.path, e.code]),
      [
        ['projects[1].id', 'invalid_record'],
        ['projects[2]', 'invalid_record'],
        ['projects[3]', 'duplicate_id'],
        ['tasks[1]', 'task_project_missing'],
        ['issues[0].title', 'invalid_record'],
      ],
    );
    assert.deepEqual(report.importable, { projects: 1, tasks: 1, issues: 1, comments: 0, instant_analyses: 0 });
    assert.ok(report.warnings.some((w) => w.path === 'issues[1].severity' && w.code === 'unknown_value'));
    assert.ok(report.warnings.some((w) => w.path === 'issues[1].line_number'));
    const project = items.find((i) => i.type === 'project');
    assert.equal(project?.type === 'project' && project.row.name, 'one');
    assert.equal(project?.type === 'project' && project.row.id, importRowId(owner, 'projects', 'p1'));
  });

  it('keeps Unicode, drops what PostgreSQL cannot store (NUL, lone surrogates), and fills missing optional fields', () => {
    const data = {
      version: '1.0',
      exported_at: '2025-01-01T00:00:00Z',
      projects: [{ id: 'p', name: 'naïve 日本語 🎉\u0000', description: 'bad \ud800 half' }],
      tasks: [{ id: 't', project_id: 'p' }],
      issues: [{ id: 'i', task_id: 't', title: 'Ünïcode ✓' }],
    };
    const { items, report } = planImport(data, { ownerId: owner });
    const [project, task, issue] = items;
    assert.equal(project?.type === 'project' && project.row.name, 'naïve 日本語 🎉');
    assert.equal(project?.type === 'project' && project.row.description, 'bad \uFFFD half');
    assert.equal(project?.type === 'project' && project.row.branch, 'main');
    assert.equal(project?.type === 'project' && project.row.created_at, null);
    assert.equal(task?.type === 'task' && task.row.status, 'completed');
    assert.equal(task?.type === 'task' && task.row.total_issues, 1);
    assert.equal(task?.type === 'task' && task.row.medium_issues, 1);
    assert.equal(issue?.type === 'issue' && issue.row.title, 'Ünïcode ✓');
    assert.equal(issue?.type === 'issue' && issue.row.file_path, '');
    assert.equal(report.quarantined, 0);
  });

  it('plans the same rows for the same file and owner, and different ids for another owner', () => {
    const data = fixture(0);
    const a = planImport(data, { ownerId: owner });
    const b = planImport(JSON.parse(JSON.stringify(data)), { ownerId: owner });
    const other = planImport(data, { ownerId: '22222222-2222-4222-8222-222222222222' });
    assert.deepEqual(a.items, b.items);
    assert.equal(a.report.source_hash, sourceHashOf(data));
    const firstId = (p: typeof a) => (p.items[0]?.type === 'project' ? p.items[0].row.id : '');
    assert.notEqual(firstId(a), firstId(other));
  });

  it('maps instant analyses without code and in milliseconds', () => {
    const { items } = planImport(fixture(2), { ownerId: owner });
    const analysis = items.find((i) => i.type === 'instant_analysis');
    assert.ok(analysis?.type === 'instant_analysis');
    assert.equal(analysis.row.duration_ms, 3250);
    assert.equal(analysis.row.high_issues, 1);
    assert.equal(JSON.stringify(analysis.row.summary).includes('code_snippet'), false);
    assert.equal(JSON.stringify(analysis.row.summary).includes('eval(x)'), false);
  });

  it('removes credentials from imported repository URLs, with a warning, in both formats', () => {
    const now = '2025-01-01T00:00:00.000Z';
    const project = (id: string, url: string) => ({ id, name: id, repository_url: url, created_at: now, updated_at: now });
    const v1 = planImport(
      { version: '1.0', exported_at: now, projects: [project('a', 'https://oauth2:glpat-SECRET1@gitlab.com/g/r.git'), project('b', 'https://github.com/o/r')], tasks: [], issues: [] },
      { ownerId: owner },
    );
    const native = planImport(
      { format: 'xcodereviewer', version: 1, exported_at: now, projects: [{ ...project('c', 'https://alice:hunter2@git.example.com/r.git'), source: 'git' }] },
      { ownerId: owner },
    );
    const urls = [...v1.items, ...native.items].map((i) => (i.type === 'project' ? i.row.repository_url : null));
    assert.deepEqual(urls, ['https://gitlab.com/g/r.git', 'https://github.com/o/r', 'https://git.example.com/r.git']);
    for (const { report } of [v1, native]) {
      assert.equal(report.warnings.filter((w) => w.code === 'repository_url_credentials_removed').length, 1);
      assert.doesNotMatch(JSON.stringify(report), /SECRET1|hunter2/);
    }
  });
});
