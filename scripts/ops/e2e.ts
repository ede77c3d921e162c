// End-to-end workflow against any base URL: log in, create a project from a ZIP, audit it, read and triage the
// findings, export a report, check the statistics, delete the project. Steps whose endpoint this server does
// not publish (per its OpenAPI document) are reported as skipped, and so are the steps that depend on them.
//   node --import tsx scripts/ops/e2e.ts --base-url https://staging-api.xcr.example.com [--strict]
import { parseArgs } from 'node:util';
import { credentialsFromEnv, login, normalizeBaseUrl, request, type Credentials } from './api-client.ts';
import { isMain } from './is-main.ts';
import { storedZip } from './stored-zip.ts';

/** One step's outcome. */
export interface E2eStep {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  ms: number;
}

/** A small project with findings the built-in rules report whatever the analyzers configured. */
export const sampleProject: Record<string, string> = {
  'src/db.js': [
    "const express = require('express');",
    'const app = express();',
    "app.get('/users', (req, res) => {",
    "  db.query(\"SELECT * FROM users WHERE name = '\" + req.query.name + \"'\");",
    '  res.send(eval(req.query.expr));',
    '});',
    '',
  ].join('\n'),
  'app.py': ['import os', 'def run(cmd):', '    os.system("ls " + cmd)', ''].join('\n'),
  'README.md': '# e2e sample\n',
};

class Skip extends Error {}

type Context = { baseUrl: string; token?: string; paths: Record<string, Record<string, unknown>>; state: Record<string, string> };

function need(ctx: Context, method: string, path: string): void {
  if (!ctx.paths[path]?.[method]) throw new Skip(`${method.toUpperCase()} ${path} not published by this server`);
}

function needState(ctx: Context, key: string): string {
  const value = ctx.state[key];
  if (!value) throw new Skip(`needs ${key} from an earlier step`);
  return value;
}

async function poll<T>(probe: () => Promise<T>, isDone: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (isDone(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const steps: Array<{ name: string; run: (ctx: Context, credentials?: Credentials) => Promise<string> }> = [
  {
    name: 'login',
    async run(ctx, credentials) {
      if (!credentials) throw new Skip('no credentials (set XCR_OPS_LOGIN and XCR_OPS_PASSWORD)');
      ctx.token = await login(ctx.baseUrl, credentials);
      return 'access token issued';
    },
  },
  {
    name: 'create project',
    async run(ctx) {
      need(ctx, 'post', '/api/v1/projects');
      if (!ctx.token) throw new Skip('not logged in');
      const res = await request(ctx.baseUrl, '/api/v1/projects', { method: 'POST', token: ctx.token, body: { name: `e2e ${new Date().toISOString()}`, source_type: 'zip' } });
      const body = res.json as { id?: string } | undefined;
      check(res.status === 201 && body?.id, `HTTP ${res.status}: ${res.text.slice(0, 200)}`);
      ctx.state.projectId = body.id;
      return `project ${body.id}`;
    },
  },
  {
    name: 'upload ZIP',
    async run(ctx) {
      need(ctx, 'post', '/api/v1/projects/{id}/upload');
      const projectId = needState(ctx, 'projectId');
      const form = new FormData();
      form.append('file', new Blob([storedZip(sampleProject)], { type: 'application/zip' }), 'sample.zip');
      const res = await fetch(`${ctx.baseUrl}/api/v1/projects/${projectId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${ctx.token}` }, body: form });
      check(res.status >= 200 && res.status < 300, `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
      ctx.state.uploaded = 'yes';
      return `HTTP ${res.status}`;
    },
  },
  {
    name: 'audit',
    async run(ctx) {
      need(ctx, 'post', '/api/v1/tasks');
      need(ctx, 'get', '/api/v1/tasks/{id}');
      const projectId = needState(ctx, 'projectId');
      needState(ctx, 'uploaded');
      const created = await request(ctx.baseUrl, '/api/v1/tasks', { method: 'POST', token: ctx.token, body: { project_id: projectId, scan_config: { analyzers: ['rules'] } } });
      const task = created.json as { id?: string } | undefined;
      check(created.status === 201 && task?.id, `create: HTTP ${created.status}: ${created.text.slice(0, 200)}`);
      const done = await poll(
        async () => (await request(ctx.baseUrl, `/api/v1/tasks/${task.id}`, { token: ctx.token })).json as { status?: string; total_issues?: number; error_message?: string },
        (t) => ['completed', 'failed', 'cancelled'].includes(t.status ?? ''),
        180_000,
      );
      check(done.status === 'completed', `task ended ${done.status}${done.error_message ? `: ${done.error_message}` : ''}`);
      ctx.state.taskId = task.id;
      return `task ${task.id} completed, ${done.total_issues ?? '?'} issues`;
    },
  },
  {
    name: 'findings',
    async run(ctx) {
      need(ctx, 'get', '/api/v1/issues');
      const taskId = needState(ctx, 'taskId');
      const res = await request(ctx.baseUrl, `/api/v1/issues?task_id=${taskId}&page_size=100`, { token: ctx.token });
      const body = res.json as { items?: Array<{ id: string; severity: string; rule_id?: string; line_start?: number }>; total?: number } | undefined;
      check(res.status === 200 && body?.items, `HTTP ${res.status}`);
      check(body.items.length > 0, 'no findings for a project with SQL injection, eval and command injection');
      check(body.items.every((i) => i.line_start === undefined || i.line_start > 0), 'a finding without a line');
      ctx.state.issueId = body.items[0]!.id;
      return `${body.total ?? body.items.length} findings (${[...new Set(body.items.map((i) => i.severity))].join(', ')})`;
    },
  },
  {
    name: 'triage',
    async run(ctx) {
      need(ctx, 'put', '/api/v1/issues/{id}');
      const issueId = needState(ctx, 'issueId');
      const res = await request(ctx.baseUrl, `/api/v1/issues/${issueId}`, { method: 'PUT', token: ctx.token, body: { status: 'in_progress' } });
      check(res.status === 200 && (res.json as { status?: string }).status === 'in_progress', `HTTP ${res.status}`);
      return 'status set to in_progress';
    },
  },
  {
    name: 'report',
    async run(ctx) {
      need(ctx, 'post', '/api/v1/reports');
      need(ctx, 'get', '/api/v1/reports/{id}/download');
      const taskId = needState(ctx, 'taskId');
      const created = await request(ctx.baseUrl, '/api/v1/reports', { method: 'POST', token: ctx.token, body: { task_id: taskId, format: 'sarif' } });
      const report = created.json as { id?: string } | undefined;
      check([201, 202].includes(created.status) && report?.id, `create: HTTP ${created.status}: ${created.text.slice(0, 200)}`);
      const done = await poll(
        async () => (await request(ctx.baseUrl, `/api/v1/reports/${report.id}`, { token: ctx.token })).json as { status?: string },
        (r) => ['completed', 'failed'].includes(r.status ?? ''),
        120_000,
      );
      check(done.status === 'completed', `report ended ${done.status}`);
      const download = await request(ctx.baseUrl, `/api/v1/reports/${report.id}/download`, { token: ctx.token });
      const sarif = download.json as { version?: string; runs?: unknown[] } | undefined;
      check(download.status === 200 && sarif?.version === '2.1.0' && sarif.runs?.length, `download: HTTP ${download.status}`);
      return `SARIF ${sarif.version}, ${download.text.length} bytes`;
    },
  },
  {
    name: 'statistics',
    async run(ctx) {
      need(ctx, 'get', '/api/v1/statistics/overview');
      if (!ctx.token) throw new Skip('not logged in');
      const res = await request(ctx.baseUrl, '/api/v1/statistics/overview', { token: ctx.token });
      const body = res.json as { total_projects?: number } | undefined;
      check(res.status === 200 && typeof body?.total_projects === 'number', `HTTP ${res.status}`);
      check(!ctx.state.projectId || body.total_projects >= 1, 'the new project is not counted');
      return `${body.total_projects} projects`;
    },
  },
  {
    name: 'delete project',
    async run(ctx) {
      need(ctx, 'delete', '/api/v1/projects/{id}');
      const projectId = needState(ctx, 'projectId');
      const res = await request(ctx.baseUrl, `/api/v1/projects/${projectId}`, { method: 'DELETE', token: ctx.token });
      check(res.status === 204 || res.status === 200, `HTTP ${res.status}`);
      const after = await request(ctx.baseUrl, `/api/v1/projects/${projectId}`, { token: ctx.token });
      const status = (after.json as { status?: string } | undefined)?.status;
      check(after.status === 404 || status === 'deleted', `still ${status} after delete`);
      return 'moved to the recycle bin';
    },
  },
];

/**
 * Gives an empty server something to list: `projects` projects, the first uploaded from the sample ZIP and
 * audited (so tasks and issues have rows). Uses only endpoints the server publishes; returns what it made.
 */
export async function seedSampleData(baseUrl: string, token: string, projects = 5): Promise<{ projects: number; audited: boolean }> {
  const doc = await request(baseUrl, '/api/v1/openapi.json');
  const paths = ((doc.json as { paths?: Context['paths'] } | undefined)?.paths ?? {}) as Context['paths'];
  if (!paths['/api/v1/projects']?.post) return { projects: 0, audited: false };
  const ctx: Context = { baseUrl, token, paths, state: {} };
  let made = 0;
  let audited = false;
  for (let i = 0; i < projects; i++) {
    const created = await request(baseUrl, '/api/v1/projects', { method: 'POST', token, body: { name: `load sample ${i + 1}`, source_type: 'zip' } });
    const id = (created.json as { id?: string } | undefined)?.id;
    if (created.status !== 201 || !id) break;
    made++;
    if (i > 0) continue;
    ctx.state.projectId = id;
    try {
      for (const name of ['upload ZIP', 'audit']) await steps.find((s) => s.name === name)!.run(ctx);
      audited = true;
    } catch {
      // an audit that cannot run here leaves the projects alone
    }
  }
  return { projects: made, audited };
}

/** Runs the workflow; never throws (a step's failure is its result). */
export async function runE2e(options: { baseUrl: string; credentials?: Credentials }): Promise<E2eStep[]> {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const doc = await request(baseUrl, '/api/v1/openapi.json');
  const paths = ((doc.json as { paths?: Context['paths'] } | undefined)?.paths ?? {}) as Context['paths'];
  const ctx: Context = { baseUrl, paths, state: {} };
  const results: E2eStep[] = [];
  for (const step of steps) {
    const started = performance.now();
    try {
      const detail = await step.run(ctx, options.credentials);
      results.push({ name: step.name, status: 'pass', detail, ms: performance.now() - started });
    } catch (err) {
      results.push({ name: step.name, status: err instanceof Skip ? 'skip' : 'fail', detail: (err as Error).message, ms: performance.now() - started });
    }
  }
  return results;
}

/** One line per step and the summary last. */
export function formatE2e(results: readonly E2eStep[]): string {
  const mark = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
  const count = (s: E2eStep['status']) => results.filter((r) => r.status === s).length;
  return [...results.map((r) => `${mark[r.status]}  ${r.name.padEnd(15)} ${r.detail} (${Math.round(r.ms)} ms)`), `e2e: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'base-url': { type: 'string', default: process.env.XCR_BASE_URL ?? 'http://127.0.0.1:8000' }, strict: { type: 'boolean', default: false } } });
  const results = await runE2e({ baseUrl: values['base-url']!, credentials: credentialsFromEnv() });
  console.log(formatE2e(results));
  const failed = results.some((r) => r.status === 'fail') || (values.strict && results.some((r) => r.status === 'skip'));
  process.exitCode = failed ? 1 : 0;
}

if (isMain(import.meta.url)) await main();
