import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Category, Severity } from '@xcr/contracts';
import type { ReportFormat } from '@xcr/contracts/api/index';
import type { NewFinding, ProjectRecord, TaskRecord } from '@xcr/core/ports/repositories';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';

const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const categories: Category[] = ['security', 'bug', 'performance', 'style'];
const findingCount = 500;

/** Finding texts with Chinese and markup that must never come alive in a report. */
function hostileFinding(i: number, base: { task_id: string; project_id: string }): NewFinding {
  return {
    ...base,
    fingerprint: `fp-${i}`,
    file_path: `src/模块${i % 7}/file-${i % 13}.ts`,
    line_start: 10 + i,
    line_end: 11 + i,
    code_snippet: `const x${i} = "<script>alert(${i})</script>";\nel.innerHTML = 用户输入;`,
    title: `中文标题 ${i} <script>alert("t${i}")</script>`,
    description: `描述 ${i}: <img src=x onerror=alert(${i})> & "quotes"`,
    severity: severities[i % severities.length]!,
    category: categories[i % categories.length]!,
    cwe: [79],
    rule_id: i % 2 === 0 ? 'typescript.xss.inner-html' : null,
    analyzer: i % 2 === 0 ? 'rules' : 'openai:gpt-4o-mini',
    confidence: 0.8,
    suggestion: `使用 textContent <b onmouseover=alert(${i})>bold</b>`,
    explanation: {
      what: '跨站脚本',
      why: '<svg onload=alert(1)>',
      how: 'Escape output',
      learn_more: 'javascript:alert(1)',
    },
  };
}

const require = createRequire(import.meta.url);

function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as object;
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile(schema);
}

/** What a browser-grade parser finds in an HTML page: live elements and attributes, and the page's text. */
interface ParsedHtml {
  liveElements: number;
  handlerAttributes: string[];
  javascriptLinks: number;
  text: string;
}

// happy-dom runs in a child process: loaded into the test process it keeps HTTP connections from going idle, which
// holds up the server's shutdown for the whole keep-alive timeout.
const parseScript = `
import { Window } from 'happy-dom';
let html = '';
for await (const chunk of process.stdin) html += chunk;
const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
const doc = new window.DOMParser().parseFromString(html, 'text/html');
const all = [...doc.querySelectorAll('*')];
process.stdout.write(JSON.stringify({
  liveElements: doc.querySelectorAll('script, img, svg, iframe, object, embed').length,
  handlerAttributes: all.flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
  javascriptLinks: all.filter((el) => /^\\s*javascript:/i.test(el.getAttribute('href') ?? '')).length,
  text: doc.body.textContent ?? '',
}));
await window.happyDOM.close();
`;

function parseHtml(html: string): ParsedHtml {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', parseScript], {
    input: html,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    cwd: process.cwd(),
  });
  return JSON.parse(out) as ParsedHtml;
}

/** The text of a PDF, read back with poppler's pdftotext. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'xcr-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const mode of testModes()) {
  describe(`reports API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let owner: { id: string; token: string };
    let stranger: { id: string; token: string };
    let project: ProjectRecord;
    let task: TaskRecord;

    before(async () => {
      t = await createTestServer({ mode });
      const a = await t.loginAs('user');
      const b = await t.loginAs('user');
      owner = { id: a.user.id, token: a.tokens.access_token };
      stranger = { id: b.user.id, token: b.tokens.access_token };
      project = await t.repos.projects.create({
        owner_id: owner.id,
        name: uniqueName('报告-proj'),
        source: 'git',
        repository_url: 'https://example.test/r.git',
      });
      task = await t.repos.tasks.create({
        project_id: project.id,
        created_by: owner.id,
        name: 'scan <b>1</b>',
      });
      await t.repos.tasks.transition(task.id, 'running');
      const base = { task_id: task.id, project_id: project.id };
      await t.repos.findings.insertMany(
        Array.from({ length: findingCount }, (_, i) => hostileFinding(i, base)),
      );
      task = await t.repos.tasks.transition(task.id, 'completed', {
        total_issues: findingCount,
        quality_score: 42,
        commit_sha: 'abc123',
        llm_record: { status: 'ran', provider: 'openai', model: 'gpt-4o-mini' },
      });
    });
    after(() => t?.stop());

    async function createReport(format: ReportFormat, extra: Record<string, unknown> = {}) {
      const res = await t.request('POST', '/api/v1/reports', {
        token: owner.token,
        json: { task_id: task.id, format, ...extra },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: string; status: string };
    }

    async function waitCompleted(id: string) {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const res = await t.request('GET', `/api/v1/reports/${id}`, { token: owner.token });
        assert.equal(res.status, 200);
        if (res.body.status === 'completed' || res.body.status === 'failed' || Date.now() > deadline)
          return res.body;
        await new Promise((r) => setTimeout(r, 150));
      }
    }

    async function download(id: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
      const res = await fetch(`${t.baseUrl}/api/v1/reports/${id}/download`, {
        headers: { authorization: `Bearer ${owner.token}` },
      });
      return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
    }

    it('renders every format of a task with 500 hostile findings, stored with hash and metadata', async () => {
      const formats: ReportFormat[] = ['json', 'markdown', 'html', 'sarif', 'pdf'];
      const created = await Promise.all(formats.map((f) => createReport(f)));
      const files = new Map<ReportFormat, Buffer>();
      for (const [i, format] of formats.entries()) {
        const report = await waitCompleted(created[i]!.id);
        assert.equal(report.status, 'completed', `${format}: ${report.error_message}`);
        assert.match(report.content_hash, /^[0-9a-f]{64}$/);
        assert.equal(report.metadata.provider, 'openai');
        assert.equal(report.metadata.model, 'gpt-4o-mini');
        assert.equal(report.metadata.commit, 'abc123');
        assert.equal(report.metadata.findings, findingCount);
        assert.ok(
          report.metadata.tool_version && report.metadata.rules_version && report.metadata.prompt_version,
        );
        const file = await download(report.id);
        assert.equal(file.status, 200);
        assert.equal(file.body.length, report.file_size);
        assert.match(
          file.headers.get('content-type') ?? '',
          format === 'pdf' ? /application\/pdf/ : /charset=utf-8/,
        );
        files.set(format, file.body);
      }

      const json = JSON.parse(files.get('json')!.toString('utf8'));
      assert.equal(json.findings.length, findingCount);
      assert.equal(json.statistics.top_affected_files.length, 10);
      assert.equal(json.quality_score, 42);

      const markdown = files.get('markdown')!.toString('utf8');
      assert.ok(markdown.includes('中文标题 0'));
      // Code stays literal inside fences (shown as code); everywhere else markup is escaped.
      const prose = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
      assert.ok(markdown.includes('```'));
      assert.ok(
        !prose.includes('<script') && !prose.includes('<img') && !prose.includes('<b '),
        'markdown carries raw markup',
      );

      const html = parseHtml(files.get('html')!.toString('utf8'));
      assert.equal(html.liveElements, 0, 'live markup in the HTML');
      assert.deepEqual(html.handlerAttributes, []);
      assert.equal(html.javascriptLinks, 0);
      // The payloads are there, as text.
      assert.ok(html.text.includes('<script>alert("t7")</script>'));

      const validate = sarifValidator();
      const sarif = JSON.parse(files.get('sarif')!.toString('utf8'));
      assert.equal(validate(sarif), true, JSON.stringify(validate.errors?.slice(0, 3)));
      assert.equal(sarif.runs[0].results.length, findingCount);

      const pdf = files.get('pdf')!;
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      const text = pdfText(pdf);
      for (const i of [0, 137, 499]) assert.ok(text.includes(`中文标题 ${i}`), `PDF lacks finding ${i}`);
      assert.ok(text.includes('跨站脚本'));
      assert.ok(text.includes('Most affected files'));
    });

    it('leaves snippets and suggestions out on request and groups by file', async () => {
      const created = await createReport('markdown', {
        include_code_snippets: false,
        include_suggestions: false,
        group_by: 'file',
      });
      const report = await waitCompleted(created.id);
      assert.equal(report.status, 'completed');
      assert.deepEqual(report.options, {
        include_code_snippets: false,
        include_suggestions: false,
        group_by: 'file',
      });
      const text = (await download(report.id)).body.toString('utf8');
      assert.ok(!text.includes('innerHTML'), 'snippet present');
      assert.ok(!text.includes('textContent'), 'suggestion present');
      assert.match(text, /### src\/模块\d\/file-\d+\.ts \(\d+\)/);
    });

    it('refuses tasks that are not completed or not visible, and hides reports from others', async () => {
      const running = await t.repos.tasks.create({
        project_id: project.id,
        created_by: owner.id,
        name: 'pending',
      });
      const notDone = await t.request('POST', '/api/v1/reports', {
        token: owner.token,
        json: { task_id: running.id, format: 'pdf' },
      });
      assert.equal(notDone.status, 409);
      assert.equal(notDone.body.error.code, 'task_not_completed');
      const hidden = await t.request('POST', '/api/v1/reports', {
        token: stranger.token,
        json: { task_id: task.id, format: 'json' },
      });
      assert.equal(hidden.status, 404);
      const mine = await createReport('json');
      assert.equal(
        (await t.request('GET', `/api/v1/reports/${mine.id}`, { token: stranger.token })).status,
        404,
      );
      assert.equal(
        (await t.request('DELETE', `/api/v1/reports/${mine.id}`, { token: stranger.token })).status,
        404,
      );
      const list = await t.request('GET', '/api/v1/reports?page_size=100', { token: stranger.token });
      assert.equal(list.body.total, 0);
      const own = await t.request('GET', `/api/v1/reports?task_id=${task.id}&format=json&page_size=100`, {
        token: owner.token,
      });
      assert.ok(
        own.body.items.length >= 1 && own.body.items.every((r: { format: string }) => r.format === 'json'),
      );
    });

    it('deletes a report with its file', async () => {
      const created = await createReport('html');
      const report = await waitCompleted(created.id);
      const stored = await t.repos.reports.get(report.id);
      assert.ok(stored?.object_key);
      assert.ok(await t.running.runtime.storage.head(stored.object_key));
      const res = await t.request('DELETE', `/api/v1/reports/${report.id}`, { token: owner.token });
      assert.equal(res.status, 204);
      assert.equal(await t.running.runtime.storage.head(stored.object_key), undefined);
      assert.equal(
        (await t.request('GET', `/api/v1/reports/${report.id}`, { token: owner.token })).status,
        404,
      );
    });

    it('streams through the API when asked, even on S3', async () => {
      const created = await createReport('json');
      const report = await waitCompleted(created.id);
      const res = await fetch(`${t.baseUrl}/api/v1/reports/${report.id}/download?redirect=false`, {
        headers: { authorization: `Bearer ${owner.token}` },
        redirect: 'manual',
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-disposition'), `attachment; filename="report_${report.id}.json"`);
      assert.equal(res.headers.get('etag'), `"${report.content_hash}"`);
      await res.arrayBuffer();
      if (mode === 'production') {
        const redirect = await fetch(`${t.baseUrl}/api/v1/reports/${report.id}/download`, {
          headers: { authorization: `Bearer ${owner.token}` },
          redirect: 'manual',
        });
        assert.equal(redirect.status, 302);
        assert.match(redirect.headers.get('location') ?? '', /X-Amz-Signature=/);
      }
    });
  });
}
