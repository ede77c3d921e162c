// Data for the XSS browser test, seeded through the API of a running server: a project, an uploaded file, a task,
// findings (a rule finding on code that carries markup, findings of a fake LLM that answers with markup), a comment,
// an HTML report and a project in the recycle bin, every user-supplied text carrying an HTML or script payload.
import type { FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';
import { codeOfPromptText } from '@xcr/core/llm/testing/scripted-provider';
import { zipOf } from './support.ts';

/** Each payload sets `window.__xss` (and opens a dialog) if it ever runs; none may. */
export const payloads = {
  img: `<img src=x onerror="window.__xss='img';alert('img')">`,
  script: `<script>window.__xss='script';alert('script')</script>`,
  svg: `<svg onload="window.__xss='svg'">`,
  breakout: `"><img src=x onerror=window.__xss='attr'>`,
  iframe: `<iframe srcdoc="<script>parent.__xss='iframe'</script>">`,
  href: `javascript:window.__xss='href'`,
} as const;

/** File names cannot hold `/`: payloads that fit in one path segment. */
export const fileName = `<img src=x onerror=window.__xss='file'>.js`;
export const uploadName = `<svg onload=window.__xss='upload'>.zip`;
export const projectName = `Shop ${payloads.img} ${payloads.script}`;
export const projectDescription = `Description ${payloads.svg} ${payloads.breakout}`;
export const deletedName = `Binned ${payloads.iframe}`;
export const taskName = `Audit ${payloads.script}`;
export const taskDescription = `Task ${payloads.img}`;
export const commentText = `Comment ${payloads.iframe} ${payloads.img}`;
export const codeComment = `// ${payloads.img} ${payloads.script}`;
export const llmTitle = `LLM title ${payloads.img}`;

/** Code the rules flag (eval of request input), with markup in a comment and in a string next to the flagged line. */
const vulnerableCode = [
  "const express = require('express');",
  'const app = express();',
  codeComment,
  "app.get('/calc', (req, res) => {",
  '  const result = eval(req.query.expr);',
  `  res.send('${payloads.breakout}' + result);`,
  '});',
  'app.listen(3000);',
  '',
].join('\n');

/** The archive: the vulnerable file under a name that is markup. */
export function payloadArchive(): Buffer {
  return zipOf({ [`src/${fileName}`]: vulnerableCode });
}

/** Makes the fake LLM answer with markup in every text field, on the `res.send` line of each file it is shown. */
export function scriptMarkupAnswers(llm: FakeLlmServer): void {
  llm.setResponder((request) => {
    const issues = [];
    for (const [file, lines] of codeOfPromptText(request.promptText)) {
      const line = lines.find(([, text]) => text.includes('res.send'))?.[0] ?? 1;
      issues.push({
        file,
        type: 'bug',
        severity: 'high',
        title: llmTitle,
        description: `LLM description ${payloads.script}`,
        suggestion: `LLM suggestion ${payloads.svg}`,
        line,
        code_snippet: `  res.send('${payloads.breakout}' + result);`,
        ai_explanation: `Explanation ${payloads.iframe}`,
        xai: {
          what: `What ${payloads.img}`,
          why: `Why ${payloads.script}`,
          how: `How ${payloads.svg}`,
          learn_more: payloads.href,
        },
      });
    }
    return { type: 'answer', content: JSON.stringify({ issues, quality_score: 50 }) };
  });
}

/** What the seeding created, for the pages to visit. */
export interface Seeded {
  projectId: string;
  taskId: string;
  ruleIssueId: string;
  llmIssueId: string;
  reportHtml: string;
}

type Json = Record<string, unknown>;

/** A JSON API client for `baseUrl`, signed in as `username`. */
async function apiClient(baseUrl: string, username: string, password: string) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    raw = false,
  ): Promise<Json & { text?: string }> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return raw ? { text } : text ? (JSON.parse(text) as Json) : {};
  }
  let token = '';
  token = (await call('POST', '/auth/login', { username, password })).access_token as string;
  return call;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} did not finish: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Seeds everything through the API as the admin. */
export async function seedPayloads(
  baseUrl: string,
  adminPassword: string,
  llm: FakeLlmServer,
  llmKey: string,
): Promise<Seeded> {
  const call = await apiClient(baseUrl, 'admin', adminPassword);
  await call('POST', '/llm-providers', {
    name: 'fake-xss',
    preset: 'openai',
    model: 'fake-model',
    base_url: llm.baseUrls.openai,
    api_key: llmKey,
  });
  const project = await call('POST', '/projects', {
    name: projectName,
    description: projectDescription,
    source_type: 'zip',
  });
  const projectId = project.id as string;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(payloadArchive())], { type: 'application/zip' }), uploadName);
  await call('POST', `/projects/${projectId}/upload`, form);
  const created = await call('POST', '/tasks', {
    project_id: projectId,
    name: taskName,
    description: taskDescription,
    scan_config: { analyzers: ['rules', 'llm'], llm_provider: 'fake-xss' },
  });
  const taskId = created.id as string;
  const task = await until(
    () => call('GET', `/tasks/${taskId}`),
    (t) => t.status === 'completed' || t.status === 'failed',
    'the audit',
  );
  if (task.status !== 'completed') throw new Error(`audit failed: ${String(task.error_message)}`);
  const issues = (await call('GET', `/issues?task_id=${taskId}&page_size=100`)).items as Json[];
  const ruleIssue = issues.find((i) => i.analyzer === 'rules' && String(i.code_snippet).includes('onerror'));
  const llmIssue = issues.find((i) => i.title === llmTitle);
  if (!ruleIssue || !llmIssue)
    throw new Error(`findings missing: ${JSON.stringify(issues.map((i) => [i.analyzer, i.title]))}`);
  await call('POST', `/issues/${String(ruleIssue.id)}/comments`, { content: commentText });
  const report = await call('POST', '/reports', { task_id: taskId, format: 'html' });
  await until(
    () => call('GET', `/reports/${String(report.id)}`),
    (r) => r.status === 'completed' || r.status === 'failed',
    'the report',
  );
  const reportHtml =
    (await call('GET', `/reports/${String(report.id)}/download?redirect=false`, undefined, true)).text ?? '';
  const binned = await call('POST', '/projects', { name: deletedName, source_type: 'zip' });
  await call('DELETE', `/projects/${String(binned.id)}`);
  return {
    projectId,
    taskId,
    ruleIssueId: String(ruleIssue.id),
    llmIssueId: String(llmIssue.id),
    reportHtml,
  };
}
