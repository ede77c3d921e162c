import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Category, Lifecycle, Severity } from '@xcr/contracts';
import type { NewFinding, ProjectRecord, TaskRecord } from '@xcr/core/ports/repositories';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';

interface Seeded {
  project: ProjectRecord;
  task: TaskRecord;
  ids: string[];
}

type FindingSeed = Partial<NewFinding> & { severity: Severity; file_path: string };

for (const mode of testModes()) {
  describe(`issues API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let adminToken: string;
    // A owns a project; B owns another; M is a member of A's project, V a member with the viewer role.
    let a: { id: string; token: string };
    let b: { id: string; token: string };
    let m: { id: string; token: string };
    let v: { id: string; token: string };
    let pa: Seeded;
    let pb: Seeded;

    async function seed(ownerId: string, findings: FindingSeed[]): Promise<Seeded> {
      const project = await t.repos.projects.create({ owner_id: ownerId, name: uniqueName('proj'), source: 'git' });
      const task = await t.repos.tasks.create({ project_id: project.id, created_by: ownerId, name: 'scan' });
      await t.repos.findings.insertMany(
        findings.map((f, i) => ({
          task_id: task.id,
          project_id: project.id,
          fingerprint: `fp-${i}-${randomUUID()}`,
          title: `finding ${i}`,
          category: 'security' as Category,
          analyzer: 'rules',
          ...f,
        })),
      );
      const page = await t.repos.findings.list({ task_id: task.id, page_size: 100 });
      return { project, task, ids: page.items.map((f) => f.id) };
    }

    async function login(role: 'user' | 'viewer' = 'user') {
      const { user, tokens } = await t.loginAs(role);
      return { id: user.id, token: tokens.access_token };
    }

    before(async () => {
      t = await createTestServer({ mode });
      adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
      [a, b, m, v] = [await login(), await login(), await login(), await login('viewer')];
      pa = await seed(a.id, [
        { severity: 'low', file_path: 'src/b.ts', line_start: 3, category: 'style', lifecycle: 'persisting' as Lifecycle },
        { severity: 'critical', file_path: 'src/z.ts', line_start: 9, cwe: [89], rule_id: 'js.sqli' },
        { severity: 'high', file_path: 'src/a.ts', line_start: 20, cwe: [79, 80] },
        { severity: 'high', file_path: 'src/a.ts', line_start: 5, analyzer: 'openai:gpt-4o-mini', category: 'bug' },
        { severity: 'info', file_path: 'lib/Util.ts', line_start: 1, category: 'documentation', lifecycle: 'regressed' as Lifecycle },
      ]);
      pb = await seed(b.id, [{ severity: 'critical', file_path: 'src/secret.ts', line_start: 1, cwe: [89] }]);
      await t.repos.members.add(pa.project.id, m.id, 'member');
      await t.repos.members.add(pa.project.id, v.id, 'viewer');
    });
    after(() => t?.stop());

    const get = (path: string, token: string) => t.request('GET', `/api/v1${path}`, { token });

    it('lists a project’s findings most severe first, then by file and line, with pagination', async () => {
      const all = await get(`/issues?project_id=${pa.project.id}`, a.token);
      assert.equal(all.status, 200);
      assert.equal(all.body.total, 5);
      assert.deepEqual(
        all.body.items.map((i: { severity: string; file_path: string; line_start: number }) => `${i.severity}:${i.file_path}:${i.line_start}`),
        ['critical:src/z.ts:9', 'high:src/a.ts:5', 'high:src/a.ts:20', 'low:src/b.ts:3', 'info:lib/Util.ts:1'],
      );
      const page2 = await get(`/issues?project_id=${pa.project.id}&page=2&page_size=2`, a.token);
      assert.deepEqual([page2.body.total, page2.body.page, page2.body.page_size, page2.body.items.length], [5, 2, 2, 2]);
      assert.equal(page2.body.items[0].line_start, 20);
      assert.equal(all.body.items[0].explanation, null);
      assert.equal('source_key' in all.body.items[0], false);
    });

    it('filters by task, severity (lists), category, status, file path, CWE, lifecycle, rule and analyzer', async () => {
      const cases: Array<[string, number]> = [
        [`task_id=${pa.task.id}`, 5],
        ['severity=high', 2],
        ['severity=critical,info', 2],
        ['severity=critical&severity=low', 2],
        ['category=security', 2],
        ['category=bug,documentation', 2],
        ['status=open', 5],
        ['status_filter=resolved', 0],
        ['file_path=SRC/A', 2],
        ['file_path=util', 1],
        ['cwe=89', 1],
        ['cwe=80', 1],
        ['lifecycle=new', 3],
        ['lifecycle=regressed,persisting', 2],
        ['rule_id=js.sqli', 1],
        ['analyzer=openai:gpt-4o-mini', 1],
        ['analyzer=rules&severity=high', 1],
      ];
      for (const [query, expected] of cases) {
        const res = await get(`/issues?project_id=${pa.project.id}&${query}`, a.token);
        assert.equal(res.status, 200, query);
        assert.equal(res.body.total, expected, query);
      }
      for (const bad of ['severity=urgent', 'task_id=not-a-uuid', 'cwe=abc', 'page_size=101']) {
        assert.equal((await get(`/issues?${bad}`, a.token)).status, 400, bad);
      }
    });

    it('shows nobody else’s findings: 404 on get, absent from lists and counts', async () => {
      const foreign = pb.ids[0]!;
      assert.equal((await get(`/issues/${foreign}`, a.token)).status, 404);
      assert.equal((await get(`/issues/${foreign}/comments`, a.token)).status, 404);
      assert.equal((await get(`/issues/${randomUUID()}`, a.token)).status, 404);
      assert.equal((await get('/issues/not-a-uuid', a.token)).status, 404);
      const mine = await get('/issues?page_size=100', a.token);
      assert.equal(mine.body.total, 5);
      assert.ok(mine.body.items.every((i: { project_id: string }) => i.project_id === pa.project.id));
      assert.equal((await get(`/issues?project_id=${pb.project.id}`, a.token)).body.total, 0);
      assert.equal((await get('/issues?cwe=89', b.token)).body.total, 1);
      const statsA = await get('/issues/statistics', a.token);
      assert.equal(statsA.body.total, 5);
      assert.equal((await get(`/issues/statistics?project_id=${pb.project.id}`, a.token)).status, 404);
      assert.equal((await get(`/issues/statistics?task_id=${pb.task.id}`, a.token)).status, 404);
      // Members see the project's findings; the admin sees everything.
      assert.equal((await get('/issues', m.token)).body.total, 5);
      assert.equal((await get(`/issues/${pa.ids[0]}`, v.token)).status, 200);
      const adminAll = await get(`/issues?cwe=89`, adminToken);
      assert.ok(adminAll.body.total >= 2);
    });

    it('counts by severity, category, status and lifecycle', async () => {
      const stats = await get(`/issues/statistics?task_id=${pa.task.id}`, a.token);
      assert.equal(stats.status, 200);
      assert.deepEqual(stats.body.by_severity, { critical: 1, high: 2, medium: 0, low: 1, info: 1 });
      assert.deepEqual(stats.body.by_category, { security: 2, bug: 1, performance: 0, style: 1, maintainability: 0, documentation: 1, other: 0 });
      assert.equal(stats.body.by_status.open, 5);
      assert.deepEqual(stats.body.by_lifecycle, { new: 3, persisting: 1, fixed: 0, regressed: 1 });
    });

    it('sets the status, stamping resolved_by/at for resolved and false_positive and clearing them otherwise', async () => {
      const id = pa.ids[4]!;
      const resolved = await t.request('PUT', `/api/v1/issues/${id}`, { token: m.token, json: { status: 'resolved' } });
      assert.equal(resolved.status, 200);
      assert.equal(resolved.body.status, 'resolved');
      assert.equal(resolved.body.resolved_by, m.id);
      assert.ok(Date.parse(resolved.body.resolved_at) > Date.now() - 60_000);
      const reopened = await t.request('PUT', `/api/v1/issues/${id}`, { token: a.token, json: { status: 'in_progress' } });
      assert.deepEqual([reopened.body.status, reopened.body.resolved_by, reopened.body.resolved_at], ['in_progress', null, null]);
      const falsePositive = await t.request('PUT', `/api/v1/issues/${id}`, { token: a.token, json: { status: 'false_positive' } });
      assert.equal(falsePositive.body.resolved_by, a.id);
      const ignored = await t.request('PUT', `/api/v1/issues/${id}`, { token: a.token, json: { status: 'ignored' } });
      assert.equal(ignored.body.resolved_at, null);

      assert.equal((await t.request('PUT', `/api/v1/issues/${id}`, { token: a.token, json: { status: 'done' } })).status, 400);
      assert.equal((await t.request('PUT', `/api/v1/issues/${id}`, { token: a.token, json: { status: 'open', title: 'x' } })).status, 400);
      const byViewer = await t.request('PUT', `/api/v1/issues/${id}`, { token: v.token, json: { status: 'open' } });
      assert.equal(byViewer.status, 403);
      const byStranger = await t.request('PUT', `/api/v1/issues/${id}`, { token: b.token, json: { status: 'open' } });
      assert.equal(byStranger.status, 404);
      assert.equal((await t.repos.findings.get(id))?.status, 'ignored');
      const back = await t.request('PUT', `/api/v1/issues/${id}`, { token: a.token, json: { status: 'open' } });
      assert.equal(back.body.status, 'open');
    });

    it('bulk-updates only the findings the caller may change, without revealing the others', async () => {
      const ids = [pa.ids[0]!, pa.ids[1]!, pb.ids[0]!, randomUUID(), 'not-a-uuid', pa.ids[0]!];
      const res = await t.request('POST', '/api/v1/issues/bulk-update', { token: m.token, json: { ids, status: 'resolved' } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { updated: 2, requested: 5 });
      assert.equal((await t.repos.findings.get(pb.ids[0]!))?.status, 'open');
      const changed = await t.repos.findings.get(pa.ids[1]!);
      assert.deepEqual([changed?.status, changed?.resolved_by], ['resolved', m.id]);

      const byMemberViewer = await t.request('POST', '/api/v1/issues/bulk-update', { token: v.token, json: { ids: [pa.ids[2]!], status: 'ignored' } });
      assert.equal(byMemberViewer.status, 403);
      const viewerMember = await login();
      await t.repos.members.add(pa.project.id, viewerMember.id, 'viewer');
      const skipped = await t.request('POST', '/api/v1/issues/bulk-update', { token: viewerMember.token, json: { ids: [pa.ids[2]!], status: 'ignored' } });
      assert.deepEqual(skipped.body, { updated: 0, requested: 1 });
      const byAdmin = await t.request('POST', '/api/v1/issues/bulk-update', { token: adminToken, json: { ids: [pa.ids[0]!, pa.ids[1]!, pb.ids[0]!], status: 'open' } });
      assert.equal(byAdmin.body.updated, 3);
      assert.equal((await t.repos.findings.get(pa.ids[0]!))?.resolved_by, null);
      assert.equal((await t.request('POST', '/api/v1/issues/bulk-update', { token: a.token, json: { ids: [], status: 'open' } })).status, 400);
    });

    it('keeps comments: add, list, delete by author or admin; 404 for others', async () => {
      const id = pa.ids[1]!;
      const path = `/api/v1/issues/${id}/comments`;
      const first = await t.request('POST', path, { token: m.token, json: { content: '  Looks exploitable  ' } });
      const second = await t.request('POST', path, { token: a.token, json: { content: 'Fixed in the next release' } });
      assert.equal(first.status, 201);
      assert.deepEqual([first.body.content, first.body.author_id, first.body.issue_id], ['Looks exploitable', m.id, id]);
      assert.equal(typeof first.body.author_username, 'string');
      const list = await get(`/issues/${id}/comments`, v.token);
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items.map((c: { content: string }) => c.content), ['Looks exploitable', 'Fixed in the next release']);
      assert.equal(list.body.total, 2);

      assert.equal((await t.request('POST', path, { token: a.token, json: { content: '   ' } })).status, 400);
      assert.equal((await t.request('POST', path, { token: a.token, json: { content: 'x'.repeat(10_001) } })).status, 400);
      assert.equal((await t.request('POST', path, { token: a.token, json: { content: 'x'.repeat(10_000) } })).status, 201);
      assert.equal((await t.request('POST', path, { token: v.token, json: { content: 'viewer here' } })).status, 403);
      assert.equal((await t.request('POST', path, { token: b.token, json: { content: 'stranger' } })).status, 404);
      assert.equal((await t.request('DELETE', `${path}/${first.body.id}`, { token: b.token })).status, 404);
      assert.equal((await t.request('DELETE', `${path}/${first.body.id}`, { token: a.token })).status, 403);
      assert.equal((await t.request('DELETE', `/api/v1/issues/${pa.ids[0]}/comments/${first.body.id}`, { token: m.token })).status, 404);
      assert.equal((await t.request('DELETE', `${path}/${first.body.id}`, { token: m.token })).status, 204);
      assert.equal((await t.request('DELETE', `${path}/${first.body.id}`, { token: m.token })).status, 404);
      assert.equal((await t.request('DELETE', `${path}/${second.body.id}`, { token: adminToken })).status, 204);
      assert.equal((await get(`/issues/${id}/comments`, a.token)).body.total, 1);
    });

    it('needs a token and documents the routes in OpenAPI', async () => {
      assert.equal((await t.request('GET', '/api/v1/issues')).status, 401);
      const spec = await t.request('GET', '/api/v1/openapi.json');
      for (const path of ['/api/v1/issues', '/api/v1/issues/{id}', '/api/v1/issues/bulk-update', '/api/v1/issues/{id}/comments', '/api/v1/issues/statistics']) {
        assert.ok(spec.body.paths[path], path);
      }
    });
  });
}
