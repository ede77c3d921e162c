// The whole path over real HTTP, as a new user walks it: register, log in, create a project, upload a ZIP with
// known vulnerable files, start an audit, follow its progress to 100, read the issues at their lines, triage them,
// see the statistics follow; then change the code and audit again to see findings fixed, persisting, new and
// regressed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';
import {
  expectedInjections,
  isFinished,
  uploadZip,
  vulnerableFiles,
  waitForTask,
  zipOf,
} from './audit-test-kit.ts';

/** `src/app.py` with the query parameterised: its SQL injection is gone. */
const fixedApp = vulnerableFiles['src/app.py']!.replace(
  `cur.execute("SELECT * FROM users WHERE name = '" + name + "'")`,
  'cur.execute("SELECT * FROM users WHERE name = ?", (name,))',
);
/** A new file with an OS command injection at line 10. */
const newTool = [
  'import os',
  'from flask import Flask, request',
  '',
  'app = Flask(__name__)',
  '',
  '',
  '@app.route("/ls")',
  'def listing():',
  '    target = request.args.get("dir")',
  '    os.system("ls " + target)',
  '    return "ok"',
  '',
].join('\n');

for (const mode of testModes()) {
  describe(`end to end over HTTP (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let dataDir: string | undefined;
    let token: string;
    let projectId: string;
    let firstTaskId: string;

    before(async () => {
      dataDir = mode === 'production' ? mkdtempSync(join(tmpdir(), 'xcr-e2e-test-')) : undefined;
      t = await createTestServer({ mode, ...(dataDir ? { env: { XCR_DATA_DIR: dataDir } } : {}) });
    });
    after(async () => {
      await t?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const api = (method: string, path: string, json?: unknown) =>
      t.request(method, `/api/v1${path}`, { token, ...(json === undefined ? {} : { json }) });

    async function audit(): Promise<{ taskId: string; progressSeen: number[] }> {
      const created = await api('POST', '/tasks', { project_id: projectId, name: 'e2e audit' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const progressSeen: number[] = [];
      const done = await waitForTask(
        t,
        token,
        created.body.id,
        (task) => {
          progressSeen.push(task.progress);
          return isFinished(task);
        },
        60_000,
        30,
      );
      assert.equal(done.status, 'completed', JSON.stringify(done));
      return { taskId: created.body.id, progressSeen };
    }

    it('register → login → project → upload → audit → issues at their lines → triage → statistics', async () => {
      const startedAt = Date.now();
      const username = uniqueName('e2e');
      const password = 'Str0ng!passphrase-for-e2e';
      const registered = await t.request('POST', '/api/v1/auth/register', {
        json: { email: `${username}@example.test`, username, password },
      });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      token = (await t.login(username, password)).access_token;

      const project = await api('POST', '/projects', { name: 'Vulnerable shop', source_type: 'zip' });
      assert.equal(project.status, 201);
      projectId = project.body.id;
      const upload = await uploadZip(t.baseUrl, token, projectId, await zipOf(vulnerableFiles), {
        fileName: 'shop.zip',
      });
      assert.equal(upload.status, 200, JSON.stringify(upload.body));

      const { taskId, progressSeen } = await audit();
      firstTaskId = taskId;
      assert.equal(progressSeen.at(-1), 100);
      assert.deepEqual(
        progressSeen,
        [...progressSeen].sort((a, b) => a - b),
        'progress only moves forward',
      );

      const issues = await api('GET', `/issues?task_id=${taskId}&page_size=100`);
      assert.equal(issues.status, 200, JSON.stringify(issues.body));
      for (const expected of expectedInjections) {
        const hit = issues.body.items.find(
          (i: { file_path: string; rule_id: string }) =>
            i.file_path === expected.file_path && i.rule_id === expected.rule_id,
        );
        assert.ok(hit, `${expected.rule_id} reported`);
        assert.equal(hit.line_start, expected.line_start, `${expected.rule_id} line`);
        assert.equal(hit.severity, 'critical');
        assert.equal(hit.status, 'open');
      }
      const total = issues.body.total as number;
      const sqli = issues.body.items.find(
        (i: { rule_id: string }) => i.rule_id === 'python.sqli.tainted-query',
      );
      const evalIssue = issues.body.items.find(
        (i: { rule_id: string }) => i.rule_id === 'javascript.code-injection.tainted-eval',
      );

      assert.equal((await api('PUT', `/issues/${sqli.id}`, { status: 'resolved' })).status, 200);
      assert.equal((await api('PUT', `/issues/${evalIssue.id}`, { status: 'false_positive' })).status, 200);

      const counts = await api('GET', `/issues/statistics?task_id=${taskId}`);
      assert.equal(counts.body.total, total);
      assert.equal(counts.body.by_severity.critical, 3);
      assert.equal(counts.body.by_status.resolved, 1);
      assert.equal(counts.body.by_status.false_positive, 1);
      assert.equal(counts.body.by_status.open, total - 2);
      const overview = await api('GET', '/statistics/overview');
      assert.equal(overview.status, 200, JSON.stringify(overview.body));
      assert.equal(overview.body.total_projects, 1);
      assert.equal(overview.body.completed_tasks, 1);
      assert.equal(overview.body.total_issues, total);
      assert.equal(overview.body.resolved_issues, 1);
      assert.equal(overview.body.open_issues, total - 2);
      console.log(
        `[figure] ${mode}: end to end (register to statistics) took ${Date.now() - startedAt} ms; ${progressSeen.length} progress polls`,
      );
    });

    it('audits the changed code: one finding fixed, the others persisting (triage kept), one new; then a regression', async () => {
      const changed = { ...vulnerableFiles, 'src/app.py': fixedApp, 'src/tools.py': newTool };
      assert.equal((await uploadZip(t.baseUrl, token, projectId, await zipOf(changed))).status, 200);
      const { taskId: secondTaskId } = await audit();

      const results = await api('GET', `/tasks/${secondTaskId}/results`);
      assert.equal(results.body.previous_task_id, firstTaskId);
      const issues = (await api('GET', `/issues?task_id=${secondTaskId}&page_size=100`)).body.items as Array<{
        rule_id: string;
        file_path: string;
        lifecycle: string;
        status: string;
        line_start: number;
      }>;
      const byRule = (rule: string) => issues.find((i) => i.rule_id === rule);
      assert.equal(byRule('python.sqli.tainted-query')?.lifecycle, 'fixed');
      assert.equal(byRule('python.sqli.tainted-query')?.status, 'resolved');
      assert.equal(byRule('javascript.code-injection.tainted-eval')?.lifecycle, 'persisting');
      assert.equal(
        byRule('javascript.code-injection.tainted-eval')?.status,
        'false_positive',
        'a triage decision carries over',
      );
      assert.equal(byRule('java.command-injection.tainted-command')?.lifecycle, 'persisting');
      const added = byRule('python.command-injection.tainted-command');
      assert.equal(added?.lifecycle, 'new');
      assert.equal(added?.file_path, 'src/tools.py');
      assert.equal(added?.line_start, 10);
      assert.equal(results.body.lifecycle.fixed, 1);
      assert.equal(results.body.lifecycle.new, 1);
      assert.equal(results.body.lifecycle.persisting, issues.length - 2);
      assert.equal(
        results.body.critical_issues,
        3,
        'counters describe the code as it is: the fixed finding is not counted',
      );

      // The injection comes back: a regression, not a new finding.
      assert.equal(
        (
          await uploadZip(
            t.baseUrl,
            token,
            projectId,
            await zipOf({ ...changed, 'src/app.py': vulnerableFiles['src/app.py']! }),
          )
        ).status,
        200,
      );
      const { taskId: thirdTaskId } = await audit();
      const third = (await api('GET', `/issues?task_id=${thirdTaskId}&rule_id=python.sqli.tainted-query`))
        .body.items;
      assert.equal(third.length, 1);
      assert.equal(third[0].lifecycle, 'regressed');
      assert.equal(third[0].status, 'open');
    });
  });
}
