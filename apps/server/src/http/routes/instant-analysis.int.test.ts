import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeLlmServer, type FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';

// The marker stands for "the user's code": it must reach neither the database nor the log.
const marker = 'marker_zq81_secret_business_logic';
const vulnerable = `const express = require('express');
const { exec } = require('child_process');
const app = express();
app.get('/ping', (req, res) => {
  const ${marker} = req.query.host;
  exec('ping -c 1 ' + ${marker}, (err, out) => res.send(out));
});
`;

const modelAnswer = JSON.stringify({
  issues: [
    {
      type: 'security',
      severity: 'high',
      title: 'Express app without rate limiting',
      description: 'The endpoint can be called without limit.',
      suggestion: 'Add a rate limiter.',
      line: 3,
      code_snippet: 'const app = express();',
      xai: { what: 'No rate limit', why: 'Abuse', how: 'Limit requests' },
    },
  ],
  quality_score: 40,
  summary: { total_issues: 1, critical_issues: 0, high_issues: 1, medium_issues: 0, low_issues: 0 },
  metrics: { complexity: 80, maintainability: 70, security: 30, performance: 80 },
});

for (const mode of testModes()) {
  describe(`instant analysis API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let llm: FakeLlmServer;
    let adminToken: string;
    let token: string;
    let otherToken: string;

    before(async () => {
      [t, llm] = await Promise.all([createTestServer({ mode }), startFakeLlmServer()]);
      adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
      token = (await t.loginAs('viewer')).tokens.access_token;
      otherToken = (await t.loginAs('user')).tokens.access_token;
    });
    after(async () => {
      await llm?.close();
      await t?.stop();
    });

    const analyse = (json: unknown, as = token) => t.request('POST', '/api/v1/instant-analysis', { token: as, json });

    it('finds a command injection with the rules alone and keeps no code', async () => {
      const res = await analyse({ code: vulnerable, filename: 'server.js' });
      assert.equal(res.status, 200);
      assert.equal(res.body.language, 'javascript');
      const injection = res.body.findings.find((f: { cwe: number[] }) => f.cwe.includes(78));
      assert.ok(injection, 'the command injection is found');
      assert.deepEqual([injection.severity, injection.line_start, injection.analyzer], ['critical', 6, 'rules']);
      assert.equal(res.body.counts.critical, 1);
      assert.equal(res.body.counts.total, res.body.findings.length);
      assert.ok(res.body.quality_score <= 59);
      assert.equal(res.body.lines_scanned, 7);
      assert.equal(res.body.llm, null);
      assert.equal(typeof res.body.duration_ms, 'number');

      const rows = await t.running.runtime.database.db.selectFrom('instant_analyses').selectAll().where('id', '=', res.body.id).execute();
      assert.equal(rows.length, 1);
      const stored = JSON.stringify(rows[0]);
      assert.ok(!stored.includes(marker) && !stored.includes('exec('), 'no code in the stored row');
      assert.deepEqual([rows[0]?.language, rows[0]?.critical_issues], ['javascript', 1]);
      assert.ok(!t.logText().includes(marker), 'no code in the log');
    });

    it('detects the language from a file name or the content, and refuses what it cannot read', async () => {
      const python = await analyse({ code: 'import os\n\ndef run(request):\n    host = request.args.get("host")\n    os.system("ping " + host)\n' });
      assert.equal(python.body.language, 'python');
      assert.ok(python.body.findings.some((f: { cwe: number[] }) => f.cwe.includes(78)));
      const named = await analyse({ code: 'print(1)\n', filename: 'tool.rb' });
      assert.equal(named.body.language, 'ruby');
      const given = await analyse({ code: 'x = 1\n', language: 'go' });
      assert.equal(given.body.language, 'go');

      const unknown = await analyse({ code: 'just some words' });
      assert.deepEqual([unknown.status, unknown.body.error.code], [422, 'language_required']);
      const tooLarge = await analyse({ code: 'a'.repeat(200 * 1024 + 1), language: 'javascript' });
      assert.deepEqual([tooLarge.status, tooLarge.body.error.code], [413, 'code_too_large']);
      assert.equal((await analyse({ code: 'a'.repeat(200 * 1024), language: 'javascript' })).status, 200);
      assert.equal((await analyse({ code: '' })).status, 400);
      assert.equal((await analyse({ code: 'x', language: 'klingon' })).status, 400);
      const noProvider = await analyse({ code: vulnerable, filename: 'a.js', use_llm: true });
      assert.deepEqual([noProvider.status, noProvider.body.error.code], [422, 'llm_not_configured']);
      assert.equal((await t.request('POST', '/api/v1/instant-analysis', { json: { code: 'x' } })).status, 401);
    });

    it('asks the default LLM provider when one is configured, merging its findings', async () => {
      const created = await t.request('POST', '/api/v1/llm-providers', {
        token: adminToken,
        json: { name: uniqueName('fake'), kind: 'openai-compatible', base_url: llm.baseUrls.openai, model: 'fake-model', is_default: true },
      });
      assert.equal(created.status, 201);
      llm.script({ type: 'answer', content: modelAnswer });
      const res = await analyse({ code: vulnerable, filename: 'server.js', output_language: 'en-US' });
      assert.equal(res.status, 200);
      assert.equal(res.body.llm.provider, created.body.name);
      assert.deepEqual([res.body.llm.model, res.body.llm.calls, res.body.llm.failed_calls, res.body.llm.findings], ['fake-model', 1, 0, 1]);
      assert.ok(res.body.findings.some((f: { analyzer: string; line_start: number }) => f.analyzer === `${created.body.name}:fake-model` && f.line_start === 3));
      assert.ok(res.body.findings.some((f: { cwe: number[] }) => f.cwe.includes(78)), 'rule findings stay');
      assert.ok(llm.requests.at(-1)?.promptText.includes(marker), 'the model saw the code');

      const rulesOnly = await analyse({ code: vulnerable, filename: 'server.js', use_llm: false });
      assert.equal(rulesOnly.body.llm, null);
      const rows = await t.running.runtime.database.db.selectFrom('instant_analyses').select(['summary']).where('id', '=', res.body.id).execute();
      assert.ok(!JSON.stringify(rows).includes(marker));
      assert.ok(!t.logText().includes(marker));
    });

    it('lists only the caller’s own analyses, newest first', async () => {
      await analyse({ code: 'const a = 1;\nconsole.log(a);\n', filename: 'a.js', use_llm: false }, otherToken);
      const mine = await t.request('GET', '/api/v1/instant-analysis?page_size=2', { token });
      assert.equal(mine.status, 200);
      assert.equal(mine.body.total, 7);
      assert.equal(mine.body.items.length, 2);
      const latest = mine.body.items[0];
      assert.equal(latest.llm, null);
      assert.equal(mine.body.items[1].llm.model, 'fake-model');
      assert.ok(mine.body.items[1].findings.some((f: { cwe: number[]; line_start: number }) => f.cwe.includes(78) && f.line_start === 6));
      assert.ok(!JSON.stringify(mine.body).includes(marker));
      const others = await t.request('GET', '/api/v1/instant-analysis', { token: otherToken });
      assert.equal(others.body.total, 1);
      assert.equal(others.body.items[0].language, 'javascript');
    });
  });
}
