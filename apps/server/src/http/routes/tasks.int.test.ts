import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeOfPromptText } from '@xcr/core/llm/testing/scripted-provider';
import { taskEventChannel } from '@xcr/core/audit/job-ids';
import { startFakeLlmServer, type FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';
import {
  bulkFiles,
  createZipProject,
  expectedInjections,
  isFinished,
  uploadZip,
  vulnerableFiles,
  waitForTask,
  zipOf,
} from './audit-test-kit.ts';

const llmKey = 'sk-task-test-0123456789abcdef';

for (const mode of testModes()) {
  describe(`audit tasks through the worker (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let dataDir: string | undefined;
    let alice: Awaited<ReturnType<TestServer['loginAs']>>;
    let bob: Awaited<ReturnType<TestServer['loginAs']>>;
    let projectId: string;
    let firstTaskId: string;
    let llm: FakeLlmServer;

    before(async () => {
      dataDir = mode === 'production' ? mkdtempSync(join(tmpdir(), 'xcr-tasks-test-')) : undefined;
      [t, llm] = await Promise.all([
        createTestServer({ mode, ...(dataDir ? { env: { XCR_DATA_DIR: dataDir } } : {}) }),
        startFakeLlmServer({ apiKey: llmKey }),
      ]);
      // The model reports every line with a TODO, as a bug.
      llm.setResponder((request) => {
        const issues = [];
        for (const [path, lines] of codeOfPromptText(request.promptText)) {
          for (const [line, text] of lines)
            if (text.includes('TODO'))
              issues.push({
                file: path,
                type: 'bug',
                severity: 'medium',
                title: 'Odd numbers are not handled',
                line,
                code_snippet: text,
              });
        }
        return { type: 'answer', content: JSON.stringify({ issues, quality_score: 80 }) };
      });
      alice = await t.loginAs('user');
      bob = await t.loginAs('user');
      projectId = await createZipProject(t, alice.tokens.access_token, uniqueName('audited'));
      const uploaded = await uploadZip(
        t.baseUrl,
        alice.tokens.access_token,
        projectId,
        await zipOf(vulnerableFiles),
      );
      assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    });
    after(async () => {
      await llm?.close();
      await t?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const api = (method: string, path: string, token: string, json?: unknown) =>
      t.request(method, `/api/v1${path}`, { token, ...(json === undefined ? {} : { json }) });

    it('runs a task to completed: progress 100, counters, findings at their lines, project statistics', async () => {
      const created = await api('POST', '/tasks', alice.tokens.access_token, {
        project_id: projectId,
        scan_config: { exclude_patterns: ['docs/**'], max_file_size: 512 },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.status, 'pending');
      assert.equal(created.body.name.startsWith('Audit of '), true);
      assert.deepEqual(created.body.scan_config.exclude, ['docs/**']);
      assert.equal(created.body.scan_config.max_file_size_kb, 512);
      firstTaskId = created.body.id;

      const done = await waitForTask(t, alice.tokens.access_token, firstTaskId, isFinished);
      assert.equal(done.status, 'completed', JSON.stringify(done));
      assert.equal(done.progress, 100);
      assert.equal(done.critical_issues, 3);
      assert.ok(done.total_issues >= 3);
      assert.equal(done.files_scanned, 3);
      assert.ok(done.lines_scanned > 30);
      assert.ok(done.quality_score !== null && done.quality_score < 100);
      assert.ok(done.started_at && done.completed_at && done.duration_s !== null);

      const findings = await t.repos.findings.list({ task_id: firstTaskId, page_size: 100 });
      for (const expected of expectedInjections) {
        const hit = findings.items.find(
          (f) => f.file_path === expected.file_path && f.rule_id === expected.rule_id,
        );
        assert.ok(hit, `${expected.rule_id} in ${expected.file_path}`);
        assert.equal(hit.line_start, expected.line_start);
        assert.equal(hit.lifecycle, 'new');
        assert.equal(hit.severity, 'critical');
      }
      const project = await api('GET', `/projects/${projectId}`, alice.tokens.access_token);
      assert.equal(project.body.total_files, 3);
      assert.ok(project.body.last_scanned_at);
      assert.deepEqual(Object.keys(project.body.languages).sort(), ['java', 'javascript', 'python']);

      const results = await api('GET', `/tasks/${firstTaskId}/results`, alice.tokens.access_token);
      assert.equal(results.status, 200);
      assert.equal(results.body.critical_issues, 3);
      assert.equal(results.body.lifecycle.new, findings.total);
      assert.equal(results.body.previous_task_id, null);
      assert.equal(results.body.overall_score, done.quality_score);
    });

    it('enqueues idempotently: the same run enqueued again does not run again', async () => {
      const queue = t.running.runtime.queue;
      const before = await queue.getJob('audit.run', firstTaskId);
      assert.equal(before?.state, 'completed');
      await queue.enqueue('audit.run', { task_id: firstTaskId }, { jobId: firstTaskId });
      const after = await queue.getJob('audit.run', firstTaskId);
      assert.equal(after?.state, 'completed');
      assert.equal(after?.attempt, before?.attempt);
      const findings = await t.repos.findings.list({ task_id: firstTaskId, page_size: 100 });
      assert.equal(new Set(findings.items.map((f) => f.fingerprint)).size, findings.total);
    });

    it('refuses tasks a project cannot feed, and a Git project or audit of a private host (SSRF guard)', async () => {
      const empty = await createZipProject(t, alice.tokens.access_token, uniqueName('empty'));
      const noUpload = await api('POST', '/tasks', alice.tokens.access_token, { project_id: empty });
      assert.equal(noUpload.status, 409);
      assert.equal(noUpload.body.error.code, 'upload_missing');
      const unknown = await api('POST', '/tasks', alice.tokens.access_token, {
        project_id: 'no-such-project',
      });
      assert.equal(unknown.status, 404);

      const git = await api('POST', '/projects', alice.tokens.access_token, {
        name: uniqueName('internal'),
        source_url: 'https://127.0.0.1/group/repo.git',
      });
      assert.equal(git.status, 422);
      assert.equal(git.body.error.code, 'git_host_refused');
      // A URL stored before the rule (or imported) is refused when an audit of it is started.
      const stored = await t.repos.projects.create({
        owner_id: alice.user.id,
        name: uniqueName('stored-internal'),
        description: null,
        source: 'git',
        repository_url: 'https://127.0.0.1/group/repo.git',
        branch: 'main',
        git_token_encrypted: null,
      });
      await t.repos.members.add(stored.id, alice.user.id, 'owner');
      const task = await api('POST', '/tasks', alice.tokens.access_token, { project_id: stored.id });
      assert.equal(task.status, 422);
      assert.equal(task.body.error.code, 'git_host_refused');
    });

    it('records llm_not_configured and runs the rules when no LLM provider is configured', async () => {
      const created = await api('POST', '/tasks', alice.tokens.access_token, {
        project_id: projectId,
        scan_config: { analyzers: ['rules', 'llm'] },
      });
      const done = await waitForTask(t, alice.tokens.access_token, created.body.id, isFinished);
      assert.equal(done.status, 'completed');
      assert.equal(done.llm?.status, 'skipped');
      assert.equal(done.llm?.reason, 'llm_not_configured');
      assert.equal(done.critical_issues, 3);
    });

    it('runs the LLM stage when a provider is configured: model findings merged, usage recorded', async () => {
      const adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
      const providerName = uniqueName('fake');
      const provider = await t.request('POST', '/api/v1/llm-providers', {
        token: adminToken,
        json: {
          name: providerName,
          preset: 'openai',
          model: 'fake-model',
          base_url: llm.baseUrls.openai,
          api_key: llmKey,
        },
      });
      assert.equal(provider.status, 201, JSON.stringify(provider.body));
      const owner = alice.tokens.access_token;
      const llmProject = await createZipProject(t, owner, uniqueName('llm'));
      const files = {
        'src/half.js': 'export function half(n) {\n  return n / 2; // TODO odd numbers\n}\n',
        'src/server.js': vulnerableFiles['src/server.js']!,
      };
      assert.equal((await uploadZip(t.baseUrl, owner, llmProject, await zipOf(files))).status, 200);
      const created = await api('POST', '/tasks', owner, {
        project_id: llmProject,
        scan_config: { analyzers: ['rules', 'llm'], llm_provider: providerName },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const done = await waitForTask(t, owner, created.body.id, isFinished);
      assert.equal(done.status, 'completed', JSON.stringify(done));
      assert.equal(done.llm?.status, 'ran', JSON.stringify(done.llm));
      assert.ok(done.tokens_in > 0 && done.tokens_out > 0);
      const findings = await t.repos.findings.list({ task_id: created.body.id, page_size: 100 });
      const fromModel = findings.items.find((f) => f.analyzer.endsWith(':fake-model'));
      assert.ok(fromModel, JSON.stringify(findings.items.map((f) => f.analyzer)));
      assert.deepEqual(
        [fromModel.file_path, fromModel.line_start, fromModel.severity],
        ['src/half.js', 2, 'medium'],
      );
      assert.ok(
        findings.items.some(
          (f) => f.analyzer === 'rules' && f.rule_id === 'javascript.code-injection.tainted-eval',
        ),
      );
      assert.ok(llm.requests.length > 0);
      assert.ok(llm.requests.every((r) => r.headers.authorization === `Bearer ${llmKey}`));
      assert.ok(!JSON.stringify(done).includes(llmKey));
    });

    it('keeps tasks private: 404 to others, never listed; viewers read but do not act', async () => {
      const bobToken = bob.tokens.access_token;
      for (const [method, path, body] of [
        ['GET', `/tasks/${firstTaskId}`, undefined],
        ['GET', `/tasks/${firstTaskId}/results`, undefined],
        ['PUT', `/tasks/${firstTaskId}/cancel`, undefined],
        ['POST', `/tasks/${firstTaskId}/retry`, undefined],
        ['POST', '/tasks', { project_id: projectId }],
      ] as const) {
        const res = await api(method, path, bobToken, body);
        assert.equal(res.status, 404, `${method} ${path}`);
      }
      assert.equal((await api('GET', '/tasks', bobToken)).body.total, 0);
      const overview = await api('GET', '/statistics/overview', bobToken);
      assert.deepEqual(
        [overview.body.total_projects, overview.body.total_tasks, overview.body.total_issues],
        [0, 0, 0],
      );
      assert.equal((await api('GET', `/issues?task_id=${firstTaskId}`, bobToken)).body.total, 0);
      const someIssue = (await t.repos.findings.list({ task_id: firstTaskId, page_size: 1 })).items[0]!;
      assert.equal((await api('GET', `/issues/${someIssue.id}`, bobToken)).status, 404);
      assert.equal(
        (await api('PUT', `/issues/${someIssue.id}`, bobToken, { status: 'ignored' })).status,
        404,
      );
      assert.equal((await api('GET', `/tasks?project_id=${projectId}`, bobToken)).body.total, 0);
      assert.ok(
        (
          await api(
            'GET',
            `/tasks?project_id=${projectId}&status_filter=completed`,
            alice.tokens.access_token,
          )
        ).body.total >= 2,
      );

      await api('POST', `/projects/${projectId}/members`, alice.tokens.access_token, {
        user_id: bob.user.id,
        role: 'viewer',
      });
      assert.equal((await api('GET', `/tasks/${firstTaskId}`, bobToken)).status, 200);
      assert.equal((await api('GET', `/tasks?project_id=${projectId}`, bobToken)).body.total >= 2, true);
      assert.equal((await api('POST', '/tasks', bobToken, { project_id: projectId })).status, 403);
      assert.equal((await api('POST', `/tasks/${firstTaskId}/retry`, bobToken)).status, 403);
      await api('DELETE', `/projects/${projectId}/members/${bob.user.id}`, alice.tokens.access_token);
      assert.equal((await api('GET', `/tasks/${firstTaskId}`, bobToken)).status, 404);
    });

    it('cancels a running task promptly, refuses to cancel a finished one, and retries it to completion', async () => {
      const owner = alice.tokens.access_token;
      const slow = await createZipProject(t, owner, uniqueName('slow'));
      assert.equal(
        (await uploadZip(t.baseUrl, owner, slow, await zipOf({ ...bulkFiles(600), ...vulnerableFiles })))
          .status,
        200,
      );
      const created = await api('POST', '/tasks', owner, { project_id: slow, priority: 'high' });
      const events: Array<{
        type: string;
        data: { task_id: string; progress?: number; status?: string };
        timestamp: string;
      }> = [];
      const unsubscribe = await t.running.runtime.pubsub.subscribe(taskEventChannel(created.body.id), (m) =>
        events.push(m as (typeof events)[number]),
      );
      const running = await waitForTask(
        t,
        owner,
        created.body.id,
        (task) => (task.status === 'running' && task.progress > 5) || isFinished(task),
        60_000,
        50,
      );
      assert.equal(running.status, 'running', 'the scan should still run');
      const askedAt = Date.now();
      const cancel = await api('PUT', `/tasks/${created.body.id}/cancel`, owner);
      assert.equal(cancel.status, 200);
      const cancelled = await waitForTask(t, owner, created.body.id, isFinished, 30_000, 25);
      const latencyMs = Date.now() - askedAt;
      assert.equal(cancelled.status, 'cancelled');
      assert.ok(cancelled.progress < 100);
      console.log(
        `[figure] ${mode}: cancel observed ${latencyMs} ms after the request (progress ${cancelled.progress} %)`,
      );
      // A cancellation reaches the live channel as task_failed with status cancelled.
      const isCancelEvent = (e: (typeof events)[number]) => e.type === 'task_failed' && e.data.status === 'cancelled';
      for (let i = 0; i < 100 && !events.some(isCancelEvent); i += 1)
        await new Promise((r) => setTimeout(r, 50));
      await unsubscribe();
      const progressEvents = events.filter((e) => e.type === 'task_progress');
      assert.ok(progressEvents.length > 0, 'live progress events');
      assert.ok(
        progressEvents.every(
          (e) =>
            e.data.task_id === created.body.id &&
            typeof e.data.progress === 'number' &&
            !Number.isNaN(Date.parse(e.timestamp)),
        ),
      );
      assert.ok(events.at(-1) && isCancelEvent(events.at(-1)!), JSON.stringify(events.at(-1)));

      const again = await api('PUT', `/tasks/${created.body.id}/cancel`, owner);
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'task_state_conflict');
      assert.equal(
        (await api('POST', `/tasks/${firstTaskId}/retry`, owner)).status,
        409,
        'a completed task is not retried',
      );

      const retried = await api('POST', `/tasks/${created.body.id}/retry`, owner);
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      assert.equal(retried.body.status, 'pending');
      assert.equal(retried.body.retry_count, 1);
      assert.equal(retried.body.progress, 0);
      const done = await waitForTask(t, owner, created.body.id, isFinished, 120_000);
      assert.equal(done.status, 'completed', JSON.stringify(done));
      assert.equal(done.files_scanned, 603);
      assert.equal(done.critical_issues, 3);
      const findings = await t.repos.findings.list({ task_id: created.body.id, page_size: 100 });
      assert.equal(new Set(findings.items.map((f) => f.fingerprint)).size, findings.total);
    });
  });
}
