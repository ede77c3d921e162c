/**
 * Test support for the project, upload and task tests: archives built in memory, uploads as multipart over real
 * HTTP, polling a task, and a few known-vulnerable files whose findings sit at known lines.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeZipFixture, type ZipFixtureEntry } from '@xcr/adapters/source/zip/zip-fixture-writer';
import type { TaskResponse } from '@xcr/contracts/api/index';
import type { HttpAnswer, TestServer } from '../../test-support/test-server.ts';

/** A ZIP archive of the given files (path -> text), or of raw fixture entries. */
export async function zipOf(files: Record<string, string> | ZipFixtureEntry[]): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'xcr-zip-fixture-'));
  try {
    const path = join(dir, 'a.zip');
    const entries = Array.isArray(files)
      ? files
      : Object.entries(files).map(([name, text]) => ({ name, data: Buffer.from(text) }));
    await writeZipFixture(path, entries);
    return await readFile(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Sends `body` as the multipart field `field` (default `file`) to `POST /projects/{id}/upload`. */
export async function uploadZip(
  baseUrl: string,
  token: string,
  projectId: string,
  body: Buffer,
  options: { field?: string; fileName?: string } = {},
): Promise<HttpAnswer> {
  const form = new FormData();
  form.append(
    options.field ?? 'file',
    new Blob([body], { type: 'application/zip' }),
    options.fileName ?? 'code.zip',
  );
  const res = await fetch(`${baseUrl}/api/v1/projects/${projectId}/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  return { status: res.status, headers: res.headers, body: isJson && text ? JSON.parse(text) : text };
}

/** Creates a zip project through the API and returns its id. */
export async function createZipProject(t: TestServer, token: string, name: string): Promise<string> {
  const res = await t.request('POST', '/api/v1/projects', { token, json: { name, source_type: 'zip' } });
  if (res.status !== 201) throw new Error(`project not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Polls `GET /tasks/{id}` until `accept` holds or `timeoutMs` passes; returns the last answer's body. */
export async function waitForTask(
  t: TestServer,
  token: string,
  taskId: string,
  accept: (task: TaskResponse) => boolean,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<TaskResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.request('GET', `/api/v1/tasks/${taskId}`, { token });
    if (res.status !== 200) throw new Error(`task ${taskId}: ${res.status} ${JSON.stringify(res.body)}`);
    const task = res.body as TaskResponse;
    if (accept(task) || Date.now() > deadline) return task;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Whether a task reached a status it never leaves on its own. */
export function isFinished(task: { status: string }): boolean {
  return task.status === 'completed' || task.status === 'failed' || task.status === 'cancelled';
}

/** Three files with one critical injection each, at known lines (and a reflected XSS in the JavaScript). */
export const vulnerableFiles: Record<string, string> = {
  'src/app.py': [
    'import sqlite3',
    'from flask import Flask, request',
    '',
    'app = Flask(__name__)',
    '',
    '',
    '@app.route("/user")',
    'def get_user():',
    '    name = request.args.get("name")',
    '    conn = sqlite3.connect("app.db")',
    '    cur = conn.cursor()',
    '    cur.execute("SELECT * FROM users WHERE name = \'" + name + "\'")',
    '    return str(cur.fetchall())',
    '',
  ].join('\n'),
  'src/server.js': [
    "const express = require('express');",
    '',
    'const app = express();',
    '',
    "app.get('/calc', (req, res) => {",
    '  const expr = req.query.expr;',
    '  const result = eval(expr);',
    '  res.send(String(result));',
    '});',
    '',
    'app.listen(3000);',
    '',
  ].join('\n'),
  'src/main/java/demo/Runner.java': [
    'package demo;',
    '',
    'import javax.servlet.http.HttpServletRequest;',
    'import javax.servlet.http.HttpServletResponse;',
    '',
    'public class Runner {',
    '    public void handle(HttpServletRequest request, HttpServletResponse response) throws Exception {',
    '        String host = request.getParameter("host");',
    '        Runtime.getRuntime().exec("ping -c 1 " + host);',
    '        response.getWriter().write("done");',
    '    }',
    '}',
    '',
  ].join('\n'),
};

/** Where the injections of {@link vulnerableFiles} are reported. */
export const expectedInjections = [
  { file_path: 'src/app.py', line_start: 12, rule_id: 'python.sqli.tainted-query' },
  {
    file_path: 'src/main/java/demo/Runner.java',
    line_start: 9,
    rule_id: 'java.command-injection.tainted-command',
  },
  { file_path: 'src/server.js', line_start: 7, rule_id: 'javascript.code-injection.tainted-eval' },
];

/** `count` JavaScript files of about 75 lines each with nothing to report: a scan that takes a while. */
export function bulkFiles(count: number, prefix = 'bulk'): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i += 1) {
    let text = '';
    for (let j = 0; j < 15; j += 1) {
      text += `function handler${i}_${j}(req, res) {\n  const v = req.query.v${j};\n  if (v && v.length > ${j}) { res.send('ok' + ${j}); }\n  return v;\n}\n`;
    }
    files[`${prefix}/pkg${Math.floor(i / 100)}/mod${i}.js`] = text;
  }
  return files;
}
