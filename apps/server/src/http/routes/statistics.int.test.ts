import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Category, FindingStatus, Severity } from '@xcr/contracts';
import type { ProjectRecord } from '@xcr/core/ports/repositories';
import { windowStart } from '@xcr/core/statistics/daily-series';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';

const dayMs = 86_400_000;

for (const mode of testModes()) {
  describe(`statistics API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let adminToken: string;
    let owner: { id: string; token: string };
    let stranger: { id: string; token: string };
    let p1: ProjectRecord;
    let p2: ProjectRecord;
    let foreign: ProjectRecord;
    const today = windowStart(new Date(), 1);

    /** A task of `project` completed `daysAgo` days ago (UTC) with `score`, and its findings created that day. */
    async function completedTask(project: ProjectRecord, daysAgo: number, score: number | null, findings: Array<{ severity: Severity; category: Category; status?: FindingStatus }>) {
      const task = await t.repos.tasks.create({ project_id: project.id, created_by: project.owner_id, name: 'scan' });
      await t.repos.tasks.transition(task.id, 'running');
      await t.repos.tasks.transition(task.id, 'completed', { quality_score: score });
      const at = new Date(today.getTime() - daysAgo * dayMs + 60_000);
      const db = t.running.runtime.database.db;
      await db.updateTable('audit_tasks').set({ completed_at: at }).where('id', '=', task.id).execute();
      await t.repos.findings.insertMany(
        findings.map((f, i) => ({ ...f, task_id: task.id, project_id: project.id, fingerprint: `${task.id}-${i}`, file_path: 'a.ts', title: 't', analyzer: 'rules' })),
      );
      await sql`UPDATE findings SET created_at = ${at.toISOString()}::timestamptz WHERE task_id = ${task.id}`.execute(db);
      return task;
    }

    async function login() {
      const { user, tokens } = await t.loginAs('user');
      return { id: user.id, token: tokens.access_token };
    }

    before(async () => {
      t = await createTestServer({ mode });
      adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
      owner = await login();
      stranger = await login();
      p1 = await t.repos.projects.create({ owner_id: owner.id, name: uniqueName('p1'), source: 'git' });
      p2 = await t.repos.projects.create({ owner_id: owner.id, name: uniqueName('p2'), source: 'zip' });
      await t.repos.projects.update(p1.id, { total_files: 10, total_lines: 1_000 });
      await t.repos.projects.update(p2.id, { total_files: 5, total_lines: 300, status: 'archived' });
      foreign = await t.repos.projects.create({ owner_id: stranger.id, name: uniqueName('f'), source: 'git' });

      await completedTask(p1, 0, 80, [
        { severity: 'critical', category: 'security' },
        { severity: 'high', category: 'security', status: 'resolved' },
      ]);
      await completedTask(p1, 2, 60, [{ severity: 'medium', category: 'bug' }]);
      await completedTask(p2, 2, 70, [{ severity: 'low', category: 'performance', status: 'in_progress' }]);
      await completedTask(p2, 20, 10, [{ severity: 'info', category: 'maintainability' }]);
      const running = await t.repos.tasks.create({ project_id: p1.id, created_by: owner.id, name: 'running' });
      await t.repos.tasks.transition(running.id, 'running');
      await t.repos.tasks.create({ project_id: p1.id, created_by: owner.id, name: 'pending' });
      // The stranger's data must never appear in the owner's figures.
      await completedTask(foreign, 0, 5, [{ severity: 'critical', category: 'security' }, { severity: 'critical', category: 'security' }]);
    });
    after(() => t?.stop());

    const get = (path: string, token: string) => t.request('GET', `/api/v1${path}`, { token });

    it('overview counts only what the caller may see', async () => {
      const res = await get('/statistics/overview', owner.token);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        total_projects: 2,
        active_projects: 1,
        total_tasks: 6,
        running_tasks: 1,
        completed_tasks: 4,
        failed_tasks: 0,
        total_issues: 5,
        critical_issues: 1,
        high_issues: 1,
        open_issues: 4,
        resolved_issues: 1,
        average_score: 55,
      });
      const strangerView = await get('/statistics/overview', stranger.token);
      assert.deepEqual([strangerView.body.total_projects, strangerView.body.total_issues, strangerView.body.critical_issues, strangerView.body.average_score], [1, 2, 2, 5]);
      const admin = await get('/statistics/overview', adminToken);
      assert.ok(admin.body.total_projects >= 3 && admin.body.total_issues >= 7);
      const fresh = await login();
      const empty = await get('/statistics/overview', fresh.token);
      assert.deepEqual([empty.body.total_projects, empty.body.total_issues, empty.body.average_score], [0, 0, null]);
    });

    it('trends give one point per day, oldest first, with 0 or null on days without data', async () => {
      const res = await get('/statistics/trends?days=7', owner.token);
      assert.equal(res.status, 200);
      assert.equal(res.body.days, 7);
      const dates = res.body.quality_scores.map((p: { date: string }) => p.date);
      assert.equal(dates.length, 7);
      assert.equal(dates[6], today.toISOString().slice(0, 10));
      assert.equal(dates[4], new Date(today.getTime() - 2 * dayMs).toISOString().slice(0, 10));
      assert.deepEqual(res.body.quality_scores.map((p: { value: number | null }) => p.value), [null, null, null, null, 65, null, 80]);
      assert.deepEqual(res.body.task_counts.map((p: { value: number }) => p.value), [0, 0, 0, 0, 2, 0, 1]);
      assert.deepEqual(res.body.issue_counts.map((p: { value: number }) => p.value), [0, 0, 0, 0, 2, 0, 2]);
      assert.deepEqual(res.body.issue_counts.map((p: { date: string }) => p.date), dates);

      const month = await get('/statistics/trends', owner.token);
      assert.equal(month.body.quality_scores.length, 30);
      assert.equal(month.body.task_counts.reduce((s: number, p: { value: number }) => s + p.value, 0), 4);
      const oneProject = await get(`/statistics/trends?days=7&project_id=${p2.id}`, owner.token);
      assert.deepEqual(oneProject.body.quality_scores.map((p: { value: number | null }) => p.value), [null, null, null, null, 70, null, null]);
      for (const days of ['0', '366', 'x']) assert.equal((await get(`/statistics/trends?days=${days}`, owner.token)).status, 400, days);
      assert.equal((await get(`/statistics/trends?project_id=${foreign.id}`, owner.token)).status, 404);
    });

    it('quality scores each area by its share of the findings', async () => {
      const res = await get('/statistics/quality', owner.token);
      assert.equal(res.status, 200);
      // 5 findings: security 2, quality (bug) 1, performance 1, maintainability 1.
      assert.deepEqual(res.body.category_scores, { security: 60, quality: 80, performance: 80, maintainability: 80 });
      assert.equal(res.body.overall_score, 75);
      assert.equal(res.body.total_issues, 5);
      assert.equal(res.body.issues_by_category.security, 2);
      assert.deepEqual(res.body.issues_by_severity, { critical: 1, high: 1, medium: 1, low: 1, info: 1 });
      assert.deepEqual([res.body.total_files_scanned, res.body.total_lines_scanned], [15, 1_300]);
      assert.equal(res.body.project_id, null);
      const p2Only = await get(`/statistics/quality?project_id=${p2.id}`, owner.token);
      assert.deepEqual(p2Only.body.category_scores, { security: 100, quality: 100, performance: 50, maintainability: 50 });
      assert.equal(p2Only.body.total_lines_scanned, 300);
      assert.equal((await get(`/statistics/quality?project_id=${foreign.id}`, owner.token)).status, 404);
    });

    it('per-project figures, 404 for projects the caller may not see', async () => {
      const res = await get(`/statistics/projects/${p1.id}`, owner.token);
      assert.equal(res.status, 200);
      assert.equal(res.body.project_name, p1.name);
      assert.deepEqual(
        [res.body.total_tasks, res.body.completed_tasks, res.body.total_issues, res.body.open_issues, res.body.average_score, res.body.latest_score],
        [4, 2, 3, 2, 70, 80],
      );
      assert.equal(res.body.last_scan_date.slice(0, 10), today.toISOString().slice(0, 10));
      assert.equal((await get(`/statistics/projects/${foreign.id}`, owner.token)).status, 404);
      assert.equal((await get(`/statistics/projects/${randomUUID()}`, owner.token)).status, 404);
      assert.equal((await get(`/statistics/projects/${p1.id}`, adminToken)).status, 200);
      assert.equal((await t.request('GET', '/api/v1/statistics/overview')).status, 401);
    });

    it('leaves projects in the recycle bin out of the dashboard', async () => {
      const before = (await get('/statistics/overview', owner.token)).body;
      await t.repos.projects.softDelete(p2.id);
      const after = (await get('/statistics/overview', owner.token)).body;
      await t.repos.projects.restore(p2.id);
      assert.deepEqual([after.total_projects, after.total_issues, after.completed_tasks], [before.total_projects - 1, before.total_issues - 2, before.completed_tasks - 2]);
    });
  });
}
